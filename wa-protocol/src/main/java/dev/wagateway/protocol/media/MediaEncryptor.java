package dev.wagateway.protocol.media;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Streaming media encryption (protocol §9.3): reads the plaintext in chunks, writes {@code AES-256-CBC(plaintext) ‖
 * HMAC-SHA256(macKey, iv ‖ ciphertext)[0:10]} and computes both hashes on the way, so a 100 MB video never sits in
 * memory. Same output as {@link MediaCipher#encrypt}.
 */
public final class MediaEncryptor {

    static final int CHUNK = 64 * 1024;

    private MediaEncryptor() {
    }

    /**
     * Encrypts {@code plaintext} into {@code encrypted} (neither is closed).
     *
     * @param maxPlaintextBytes the largest plaintext accepted
     * @throws MediaException {@link MediaException.Reason#EMPTY} for no bytes, {@link MediaException.Reason#TOO_LARGE}
     *                        past {@code maxPlaintextBytes} (what was written so far must be discarded)
     */
    public static MediaHashes encrypt(InputStream plaintext, OutputStream encrypted, byte[] mediaKey, MediaType type,
                                      long maxPlaintextBytes) throws IOException, MediaException {
        MediaKeys keys = MediaKeys.expand(mediaKey, type);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cipherKey(), "AES"), new IvParameterSpec(keys.iv()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
            mac.update(keys.iv());
            MessageDigest plainHash = MessageDigest.getInstance("SHA-256");
            MessageDigest encHash = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[CHUNK];
            long length = 0;
            long written = 0;
            int read;
            while ((read = plaintext.read(buffer)) != -1) {
                length += read;
                if (length > maxPlaintextBytes) {
                    throw new MediaException(MediaException.Reason.TOO_LARGE,
                            "media is larger than " + maxPlaintextBytes + " bytes");
                }
                plainHash.update(buffer, 0, read);
                byte[] out = cipher.update(buffer, 0, read);
                written += emit(out, mac, encHash, encrypted);
            }
            if (length == 0) {
                throw new MediaException(MediaException.Reason.EMPTY, "media has no bytes");
            }
            written += emit(cipher.doFinal(), mac, encHash, encrypted);
            byte[] tag = Arrays.copyOf(mac.doFinal(), MediaCipher.MAC_LENGTH);
            encHash.update(tag);
            encrypted.write(tag);
            written += tag.length;
            return new MediaHashes(plainHash.digest(), encHash.digest(), length, written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/HMAC-SHA256 unavailable: " + e.getMessage(), e);
        }
    }

    private static int emit(byte[] ciphertext, Mac mac, MessageDigest encHash, OutputStream out) throws IOException {
        if (ciphertext == null || ciphertext.length == 0) {
            return 0;
        }
        mac.update(ciphertext);
        encHash.update(ciphertext);
        out.write(ciphertext);
        return ciphertext.length;
    }
}
