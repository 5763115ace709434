package dev.wagateway.protocol.vectors;

import java.util.HexFormat;

/** Lowercase hex, as the vectors write every byte string. */
final class Hex {

    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    static byte[] decode(String hex) {
        return FORMAT.parseHex(hex);
    }

    static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }
}
