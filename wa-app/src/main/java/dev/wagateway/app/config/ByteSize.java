package dev.wagateway.app.config;

import java.util.Locale;

/** Sizes such as {@code 8M}, {@code 512K}, {@code 1G} or plain bytes; suffixes are 1024-based, case-insensitive. */
final class ByteSize {

    private ByteSize() {
    }

    static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("B") && s.length() > 1 && "KMG".indexOf(s.charAt(s.length() - 2)) >= 0) {
            s = s.substring(0, s.length() - 1); // accept 8MB as well as 8M
        }
        long multiplier = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> multiplier = 1L << 10;
                case 'M' -> multiplier = 1L << 20;
                case 'G' -> multiplier = 1L << 30;
                default -> multiplier = 1;
            }
            if (multiplier != 1) {
                s = s.substring(0, s.length() - 1).trim();
            }
        }
        long value;
        try {
            value = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a size such as 8M, 512K, 1G or a number of bytes");
        }
        if (value <= 0) {
            throw new IllegalArgumentException("expected a size greater than zero, such as 8M");
        }
        if (value > Integer.MAX_VALUE / multiplier) {
            throw new IllegalArgumentException("size too large (at most 1G)");
        }
        return value * multiplier;
    }
}
