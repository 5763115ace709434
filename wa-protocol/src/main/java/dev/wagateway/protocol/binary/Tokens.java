package dev.wagateway.protocol.binary;

import java.util.HashMap;
import java.util.Map;

/** Lookups over {@link TokenTables}: token → string for the decoder, string → token for the encoder, both O(1). */
final class Tokens {

    /** Encoded as {@code (dictionary + 1) << 8 | index}; a single-byte token has dictionary -1, so just its index. */
    private static final Map<String, Integer> BY_STRING = index();

    private Tokens() {
    }

    /** The token code of {@code text}, or -1: below 256 a single byte, else {@code (dict + 1) << 8 | index}. */
    static int codeOf(String text) {
        Integer code = BY_STRING.get(text);
        return code == null ? -1 : code;
    }

    static String singleByte(int index) throws MalformedNodeException {
        if (index <= 0 || index >= TokenTables.SINGLE_BYTE.length) {
            throw new MalformedNodeException("invalid single-byte token " + index);
        }
        return TokenTables.SINGLE_BYTE[index];
    }

    static String doubleByte(int dictionary, int index) throws MalformedNodeException {
        if (dictionary < 0 || dictionary >= TokenTables.DOUBLE_BYTE.length
                || index < 0 || index >= TokenTables.DOUBLE_BYTE[dictionary].length) {
            throw new MalformedNodeException("invalid double-byte token " + dictionary + "/" + index);
        }
        return TokenTables.DOUBLE_BYTE[dictionary][index];
    }

    private static Map<String, Integer> index() {
        Map<String, Integer> map = new HashMap<>(2048);
        for (int i = 1; i < TokenTables.SINGLE_BYTE.length; i++) {
            map.putIfAbsent(TokenTables.SINGLE_BYTE[i], i);
        }
        for (int d = 0; d < TokenTables.DOUBLE_BYTE.length; d++) {
            for (int i = 0; i < TokenTables.DOUBLE_BYTE[d].length; i++) {
                map.putIfAbsent(TokenTables.DOUBLE_BYTE[d][i], (d + 1) << 8 | i);
            }
        }
        return Map.copyOf(map);
    }
}
