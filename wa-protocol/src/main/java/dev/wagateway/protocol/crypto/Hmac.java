package dev.wagateway.protocol.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** HMAC-SHA256 and HMAC-SHA512. */
public final class Hmac {

    private Hmac() {
    }

    /** HMAC-SHA256 of the concatenation of {@code parts}. */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        return mac("HmacSHA256", key, parts);
    }

    /** HMAC-SHA512 of the concatenation of {@code parts}. */
    public static byte[] sha512(byte[] key, byte[]... parts) {
        return mac("HmacSHA512", key, parts);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // An empty key is legal for HMAC but refused by SecretKeySpec: it is equivalent to one zero byte.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed", e);
        }
    }
}
