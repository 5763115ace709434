package dev.wagateway.protocol.noise;

import dev.wagateway.protocol.crypto.AesGcm;
import dev.wagateway.protocol.crypto.CryptoException;

/**
 * The transport phase after the handshake (protocol §1.4): each frame is AES-GCM with an empty AD, one counter per
 * direction. Not thread-safe per direction: the single writer of a connection calls {@link #encrypt}, its single
 * reader {@link #decrypt}; the two halves share nothing.
 */
public final class NoiseTransport {

    private final AesGcm writer;
    private final AesGcm reader;
    private long writeCounter;
    private long readCounter;

    NoiseTransport(byte[] writeKey, byte[] readKey) {
        this.writer = new AesGcm(writeKey);
        this.reader = new AesGcm(readKey);
    }

    /** Seals the next outgoing frame payload. */
    public byte[] encrypt(byte[] plaintext) {
        return writer.encrypt(nonce(writeCounter++), plaintext, null);
    }

    /**
     * Opens the next incoming frame. The counter advances even when the frame fails to decrypt, as both reference
     * clients do, so one corrupt frame does not make every later one fail.
     */
    public byte[] decrypt(byte[] ciphertext) throws CryptoException {
        return reader.decrypt(nonce(readCounter++), ciphertext, null);
    }

    /** Eight zero bytes, then the counter as u32 big-endian. */
    static byte[] nonce(long counter) {
        byte[] iv = new byte[12];
        iv[8] = (byte) (counter >>> 24);
        iv[9] = (byte) (counter >>> 16);
        iv[10] = (byte) (counter >>> 8);
        iv[11] = (byte) counter;
        return iv;
    }
}
