package dev.wagateway.protocol.media;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The media host's JSON answer to an upload ({@code {"url": …, "direct_path": …, "handle": …}}, protocol §9.5),
 * read without a JSON library (wa-protocol has none): a flat object whose string values are kept, other values
 * skipped.
 */
record UploadAnswer(String url, String directPath, String handle) {

    static Optional<UploadAnswer> parse(String body) {
        Map<String, String> fields;
        try {
            fields = new FlatJson(body).object();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String url = fields.getOrDefault("url", "");
        String directPath = fields.getOrDefault("direct_path", "");
        if (url.isEmpty() && directPath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UploadAnswer(url, directPath, fields.getOrDefault("handle", "")));
    }

    /** A strict reader for one flat JSON object. */
    private static final class FlatJson {
        private final String text;
        private int at;

        FlatJson(String text) {
            this.text = text == null ? "" : text;
        }

        Map<String, String> object() {
            Map<String, String> fields = new HashMap<>();
            space();
            expect('{');
            space();
            if (peek() == '}') {
                return fields;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                space();
                if (peek() == '"') {
                    fields.put(key, string());
                } else {
                    skipScalar();
                }
                space();
                char next = next();
                if (next == '}') {
                    return fields;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or }");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw new IllegalArgumentException("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape");
                }
            }
        }

        private void skipScalar() {
            int start = at;
            while (at < text.length() && ",}".indexOf(text.charAt(at)) < 0 && !Character.isWhitespace(text.charAt(at))) {
                if ("{[\"".indexOf(text.charAt(at)) >= 0) {
                    throw new IllegalArgumentException("nested values are not expected");
                }
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException("missing value");
            }
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private char peek() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c);
            }
        }
    }
}
