package dev.wagateway.protocol.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the plaintexts of messages this device decrypted but has not finished handling, keyed by the SHA-256 of
 * their ciphertext (protocol §8.1; whatsmeow keeps the same "event buffer"). Decrypting spends the message's keys,
 * so the plaintext is kept here before the Signal state is saved; when the process dies before the gateway stored
 * the message, the server's redelivery is answered from here instead of failing as a duplicate. Once handled, only
 * the hash stays, so that a later redelivery is recognised and acknowledged without being handled twice.
 * Implementations make each write durable before returning.
 */
public interface DecryptionBuffer {

    /** What is known of the ciphertext with this hash, if anything. */
    Optional<BufferedDecryption> find(byte[] ciphertextHash);

    /** Keeps a plaintext decrypted at {@code decryptedAt}, pending (replacing an entry of the same hash). */
    void keep(byte[] ciphertextHash, byte[] paddedPlaintext, Instant decryptedAt);

    /** These ciphertexts were handled: their plaintexts are dropped, their hashes kept. */
    void markHandled(List<byte[]> ciphertextHashes);

    /** Forgets every entry decrypted before {@code cutoff}; returns how many went. */
    int forgetBefore(Instant cutoff);
}
