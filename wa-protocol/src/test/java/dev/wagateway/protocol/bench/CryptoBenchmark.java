package dev.wagateway.protocol.bench;

import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.AesGcm;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/** The primitives on the hot paths: XEdDSA, X25519, and AES-GCM on a 1 KiB frame. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBenchmark {

    private final SecureRandom random = new SecureRandom();
    private KeyPair alice;
    private KeyPair bob;
    private byte[] message;
    private byte[] signature;
    private byte[] key;
    private byte[] iv;
    private byte[] frame;
    private byte[] sealedFrame;
    private AesGcm noiseSealer;
    private AesGcm noiseOpener;
    private byte[] counterIv;

    @Setup
    public void setUp() {
        alice = Curve25519.generateKeyPair(random);
        bob = Curve25519.generateKeyPair(random);
        message = new byte[100];
        random.nextBytes(message);
        signature = Curve25519.sign(alice.privateKey(), message, random);
        key = new byte[32];
        iv = new byte[12];
        frame = new byte[1024];
        random.nextBytes(key);
        random.nextBytes(frame);
        sealedFrame = Aes.gcmEncrypt(key, iv, frame, null);
        noiseSealer = new AesGcm(key);
        noiseOpener = new AesGcm(key);
        counterIv = new byte[12];
    }

    @Benchmark
    public byte[] xeddsaSign() {
        return Curve25519.sign(alice.privateKey(), message, random);
    }

    @Benchmark
    public boolean xeddsaVerify() {
        return Curve25519.verify(alice.publicKey(), message, signature);
    }

    @Benchmark
    public byte[] x25519Agreement() {
        return Curve25519.sharedSecret(alice.privateKey(), bob.publicKey());
    }

    @Benchmark
    public byte[] aesGcmEncrypt1KiB() {
        return Aes.gcmEncrypt(key, iv, frame, null);
    }

    @Benchmark
    public byte[] aesGcmDecrypt1KiB() throws CryptoException {
        return Aes.gcmDecrypt(key, iv, sealedFrame, null);
    }

    /** The Noise transport's path: one cipher kept per direction, a new IV per frame. */
    @Benchmark
    public byte[] aesGcmEncrypt1KiBKeptCipher() {
        for (int i = 11; i >= 0 && ++counterIv[i] == 0; i--) {
            // carry into the next byte
        }
        return noiseSealer.encrypt(counterIv, frame, null);
    }

    @Benchmark
    public byte[] aesGcmDecrypt1KiBKeptCipher() throws CryptoException {
        return noiseOpener.decrypt(iv, sealedFrame, null);
    }
}
