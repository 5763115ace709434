package dev.wagateway.protocol.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** HKDF with SHA-256 (RFC 5869). */
public final class Hkdf {

    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /**
     * Extract-then-expand.
     *
     * @param salt null or empty means no salt: 32 zero bytes, as the RFC says
     * @param info may be null (empty)
     */
    public static byte[] derive(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 0.." + 255 * HASH_LENGTH);
        }
        byte[] effectiveSalt = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        byte[] effectiveInfo = info == null ? new byte[0] : info;
        try {
            Mac mac = Hmac.SHA256.take();
            mac.init(new SecretKeySpec(effectiveSalt, "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(inputKeyMaterial);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            byte[] output = new byte[length];
            byte[] block = new byte[0];
            int offset = 0;
            for (int counter = 1; offset < length; counter++) {
                mac.update(block);
                mac.update(effectiveInfo);
                mac.update((byte) counter);
                block = mac.doFinal();
                int take = Math.min(block.length, length - offset);
                System.arraycopy(block, 0, output, offset, take);
                offset += take;
            }
            Hmac.SHA256.give(mac);
            return output;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed", e);
        }
    }
}
