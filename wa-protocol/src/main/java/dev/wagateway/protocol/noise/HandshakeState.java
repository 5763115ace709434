package dev.wagateway.protocol.noise;

import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.crypto.Hkdf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The symmetric state of the Noise XX handshake (protocol §1.3): the running hash {@code h}, the chaining key
 * {@code ck}, the current cipher key and its nonce counter. One counter serves both directions during the
 * handshake and every {@link #mixKey} resets it. Used by both the initiator and the responder.
 */
final class HandshakeState {

    /** {@code Noise_XX_25519_AESGCM_SHA256} padded with zeros to 32 bytes: used as h and ck directly. */
    static final byte[] PROTOCOL_NAME = Arrays.copyOf(
            "Noise_XX_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII), 32);

    private byte[] hash = PROTOCOL_NAME.clone();
    private byte[] chainingKey = PROTOCOL_NAME.clone();
    private byte[] cipherKey;
    private long counter;

    void mixHash(byte[] data) {
        hash = Digests.sha256(hash, data);
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[] out = Hkdf.derive(inputKeyMaterial, chainingKey, null, 64);
        chainingKey = Arrays.copyOfRange(out, 0, 32);
        cipherKey = Arrays.copyOfRange(out, 32, 64);
        counter = 0;
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = Aes.gcmEncrypt(cipherKey, NoiseTransport.nonce(counter++), plaintext, hash);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseHandshakeException {
        try {
            byte[] plaintext = Aes.gcmDecrypt(cipherKey, NoiseTransport.nonce(counter++), ciphertext, hash);
            mixHash(ciphertext);
            return plaintext;
        } catch (CryptoException e) {
            throw new NoiseHandshakeException(NoiseHandshakeException.Failure.DECRYPTION_FAILED,
                    "handshake ciphertext does not decrypt: " + e.getMessage(), e);
        }
    }

    /** The two transport keys: first for initiator → responder, second for the other direction. */
    byte[][] split() {
        byte[] out = Hkdf.derive(new byte[0], chainingKey, null, 64);
        return new byte[][]{Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 64)};
    }

    byte[] hash() {
        return hash.clone();
    }

    byte[] chainingKey() {
        return chainingKey.clone();
    }

    byte[] cipherKey() {
        return cipherKey.clone();
    }
}
