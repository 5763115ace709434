package dev.wagateway.protocol.appstate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of an app-state record: a JSON array of strings such as {@code ["mute","123@s.whatsapp.net"]}
 * (protocol §10.4, §10.7). Formatting is compact and escapes exactly as JavaScript's {@code JSON.stringify} does,
 * because the index MAC is over these bytes; a received index is MACed as received, never re-formatted.
 */
public final class IndexJson {

    private IndexJson() {
    }

    /** The compact UTF-8 JSON of {@code parts}. */
    public static byte[] format(List<String> parts) {
        StringBuilder out = new StringBuilder(16 * parts.size() + 2).append('[');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, parts.get(i));
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a JSON array of strings.
     *
     * @throws IllegalArgumentException when the bytes are not UTF-8 or not exactly a JSON array of strings
     */
    public static List<String> parse(byte[] json) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("index is not UTF-8", e);
        }
        return new Parser(text).array();
    }

    private static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A strict recursive-descent reader for the one shape an index has. */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        List<String> array() {
            List<String> parts = new ArrayList<>();
            skipWhitespace();
            expect('[');
            skipWhitespace();
            if (peek() == ']') {
                position++;
            } else {
                while (true) {
                    skipWhitespace();
                    parts.add(string());
                    skipWhitespace();
                    char next = next();
                    if (next == ']') {
                        break;
                    }
                    if (next != ',') {
                        throw error("expected ',' or ']'");
                    }
                }
            }
            skipWhitespace();
            if (position != text.length()) {
                throw error("trailing characters");
            }
            return parts;
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c < 0x20) {
                    throw error("unescaped control character");
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escape = next();
                switch (escape) {
                    case '"', '\\', '/' -> value.append(escape);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        int code = 0;
                        for (int digit = 0; digit < 4; digit++) {
                            int nibble = hexValue(next());
                            if (nibble < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code << 4 | nibble;
                        }
                        value.append((char) code);
                    }
                    default -> throw error("unknown escape \\" + escape);
                }
            }
        }

        private static int hexValue(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }

        private void skipWhitespace() {
            while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        private char peek() {
            if (position >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(position);
        }

        private char next() {
            char c = peek();
            position++;
            return c;
        }

        private void expect(char wanted) {
            if (next() != wanted) {
                throw error("expected '" + wanted + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("index is not a JSON array of strings: " + what + " at " + position);
        }
    }
}
