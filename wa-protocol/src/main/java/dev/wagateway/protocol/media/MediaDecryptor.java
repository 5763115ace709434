package dev.wagateway.protocol.media;

import dev.wagateway.protocol.crypto.ConstantTime;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Streaming verification and decryption of media (protocol §9.6): first the whole {@code ciphertext ‖ mac} is
 * checked (enc hash, MAC), only then decrypted chunk by chunk, and the plaintext hash is checked at the end.
 */
public final class MediaDecryptor {

    private MediaDecryptor() {
    }

    /**
     * Checks an encrypted file (as downloaded) against the message: length, {@code fileEncSha256} and MAC, reading
     * it once.
     *
     * @throws MediaException {@link MediaException.Reason#INTEGRITY} on any mismatch
     */
    public static void verify(Path encrypted, byte[] mediaKey, MediaType type, byte[] fileEncSha256)
            throws IOException, MediaException {
        VerifyingSink sink = new VerifyingSink(OutputStream.nullOutputStream(), MediaKeys.expand(mediaKey, type),
                Long.MAX_VALUE);
        try (InputStream in = Files.newInputStream(encrypted)) {
            in.transferTo(sink);
        }
        sink.verify(fileEncSha256);
    }

    /**
     * Decrypts an encrypted file that {@link #verify} accepted into {@code plaintext} (not closed) and checks the
     * plaintext hash. On failure what was written to {@code plaintext} must be discarded (the downloader writes into
     * a temporary file for that reason).
     *
     * @param fileSha256 the expected plaintext hash, or null to skip that check (only for callers that have none)
     * @return the plaintext length
     * @throws MediaException {@link MediaException.Reason#INTEGRITY} for bad padding or a plaintext hash mismatch
     */
    public static long decrypt(Path encrypted, OutputStream plaintext, byte[] mediaKey, MediaType type,
                               byte[] fileSha256) throws IOException, MediaException {
        long encryptedLength = Files.size(encrypted);
        long cipherLength = encryptedLength - MediaCipher.MAC_LENGTH;
        if (cipherLength < 16 || cipherLength % 16 != 0) {
            throw new MediaException(MediaException.Reason.INTEGRITY, "encrypted media is truncated");
        }
        MediaKeys keys = MediaKeys.expand(mediaKey, type);
        try (InputStream in = Files.newInputStream(encrypted)) {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.cipherKey(), "AES"), new IvParameterSpec(keys.iv()));
            MessageDigest hash = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[MediaEncryptor.CHUNK];
            long remaining = cipherLength;
            long length = 0;
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw new MediaException(MediaException.Reason.INTEGRITY, "encrypted media ended early");
                }
                remaining -= read;
                length += write(cipher.update(buffer, 0, read), hash, plaintext);
            }
            length += write(cipher.doFinal(), hash, plaintext);
            if (fileSha256 != null && !ConstantTime.equals(hash.digest(), fileSha256)) {
                throw new MediaException(MediaException.Reason.INTEGRITY, "decrypted media does not match its fileSha256");
            }
            return length;
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new MediaException(MediaException.Reason.INTEGRITY, "media padding is invalid");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC unavailable: " + e.getMessage(), e);
        }
    }

    private static int write(byte[] data, MessageDigest hash, OutputStream out) throws IOException {
        if (data == null || data.length == 0) {
            return 0;
        }
        hash.update(data);
        out.write(data);
        return data.length;
    }
}
