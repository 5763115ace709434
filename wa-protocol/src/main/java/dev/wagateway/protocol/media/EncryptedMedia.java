package dev.wagateway.protocol.media;

/**
 * A file as uploaded: {@code encrypted} is {@code AES-CBC(plaintext) ‖ mac(10)}; the hashes go into the message.
 *
 * @param fileSha256    SHA-256 of the plaintext
 * @param fileEncSha256 SHA-256 of {@code encrypted}
 * @param fileLength    the plaintext's length
 */
public record EncryptedMedia(byte[] encrypted, byte[] fileSha256, byte[] fileEncSha256, long fileLength) {
}
