package dev.wagateway.protocol.crypto;

import java.security.MessageDigest;

/** Comparisons whose time does not depend on where secret bytes differ. */
public final class ConstantTime {

    private ConstantTime() {
    }

    /** True when both arrays have the same length and bytes; null equals only null. */
    public static boolean equals(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a, b);
    }
}
