package dev.wagateway.protocol.media;

/**
 * What a streaming encryption computed (protocol §9.3).
 *
 * @param fileSha256      SHA-256 of the plaintext
 * @param fileEncSha256   SHA-256 of {@code ciphertext ‖ mac}, the upload token
 * @param fileLength      the plaintext's length
 * @param encryptedLength the length of {@code ciphertext ‖ mac} (the upload's Content-Length)
 */
public record MediaHashes(byte[] fileSha256, byte[] fileEncSha256, long fileLength, long encryptedLength) {
}
