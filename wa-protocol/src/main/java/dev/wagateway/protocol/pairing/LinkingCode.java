package dev.wagateway.protocol.pairing;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The 8-character code a user types on the phone to link a companion by phone number: 5 random bytes in WhatsApp's
 * base32 alphabet (RFC 4648 bit order, no padding, no 0/O/I/U).
 */
public final class LinkingCode {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
    public static final int LENGTH = 8;

    private LinkingCode() {
    }

    /** A fresh random code. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[5];
        random.nextBytes(bytes);
        return encode(bytes);
    }

    /** Encodes exactly 5 bytes as 8 characters. */
    public static String encode(byte[] fiveBytes) {
        if (fiveBytes.length != 5) {
            throw new IllegalArgumentException("a linking code encodes exactly 5 bytes, got " + fiveBytes.length);
        }
        long bits = 0;
        for (byte b : fiveBytes) {
            bits = bits << 8 | (b & 0xff);
        }
        char[] code = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            code[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new String(code);
    }

    /**
     * Accepts a code as a person types it ({@code abcd-efgh}, spaces, lower case) and returns the 8 canonical
     * characters; throws {@link IllegalArgumentException} for anything that is not a code.
     */
    public static String normalize(String typed) {
        if (typed == null) {
            throw new IllegalArgumentException("linking code is missing");
        }
        String code = typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH) {
            throw new IllegalArgumentException("a linking code has 8 characters");
        }
        for (int i = 0; i < code.length(); i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                throw new IllegalArgumentException("a linking code has only the characters " + ALPHABET);
            }
        }
        return code;
    }

    /** The form a person reads: {@code XXXX-XXXX}. */
    public static String display(String code) {
        String canonical = normalize(code);
        return canonical.substring(0, 4) + "-" + canonical.substring(4);
    }
}
