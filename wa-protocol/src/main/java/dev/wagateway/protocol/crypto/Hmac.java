package dev.wagateway.protocol.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** HMAC-SHA256 and HMAC-SHA512. */
public final class Hmac {

    /** Bounded pools (see {@link InstancePool}): a miss only costs a lookup. */
    private static final int POOLED = 16;
    /** Also {@link Hkdf}'s engines: one pool of HMAC-SHA256 engines for the package. */
    static final InstancePool<Mac> SHA256 = new InstancePool<>(POOLED, () -> Mac.getInstance("HmacSHA256"));
    private static final InstancePool<Mac> SHA512 = new InstancePool<>(POOLED, () -> Mac.getInstance("HmacSHA512"));

    private Hmac() {
    }

    /** HMAC-SHA256 of the concatenation of {@code parts}. */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        return mac(SHA256, "HmacSHA256", key, parts);
    }

    /** HMAC-SHA512 of the concatenation of {@code parts}. */
    public static byte[] sha512(byte[] key, byte[]... parts) {
        return mac(SHA512, "HmacSHA512", key, parts);
    }

    private static byte[] mac(InstancePool<Mac> pool, String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = pool.take();
            // An empty key is legal for HMAC but refused by SecretKeySpec: it is equivalent to one zero byte.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            byte[] result = mac.doFinal(); // doFinal resets it; init with the next key follows anyway
            pool.give(mac);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed", e);
        }
    }
}
