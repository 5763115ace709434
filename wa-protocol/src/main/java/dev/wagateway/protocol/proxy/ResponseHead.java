package dev.wagateway.protocol.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The status line and headers of an HTTP/1.x answer, read with a size limit: a proxy's {@code CONNECT} answer, a
 * websocket upgrade answer, a media host's answer. Reads up to the blank line and not a byte further.
 *
 * @param status  the status code
 * @param reason  the reason phrase (may be empty)
 * @param headers header values by lower-case name (a repeated header keeps its last value)
 */
public record ResponseHead(int status, String reason, Map<String, String> headers) {

    /** The largest head accepted. */
    public static final int MAX_BYTES = 16 * 1024;

    /** A header by name (any case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The status line as a peer would show it, for error messages. */
    public String statusLine() {
        return status + (reason.isEmpty() ? "" : " " + reason);
    }

    /**
     * Reads a head from {@code in}.
     *
     * @param peer who answers, for error messages
     * @throws ProxyHandshakeException when the answer is not HTTP, too large, or cut short
     */
    public static ResponseHead read(InputStream in, String peer) throws IOException {
        int[] budget = {MAX_BYTES};
        String statusLine = line(in, budget, peer);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
                || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new ProxyHandshakeException(peer + " did not answer with HTTP: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProxyHandshakeException(peer + " answered an invalid status line: " + printable(statusLine));
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13).strip() : "";
        Map<String, String> headers = new HashMap<>();
        while (true) {
            String header = line(in, budget, peer);
            if (header.isEmpty()) {
                return new ResponseHead(status, printable(reason), Map.copyOf(headers));
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new ProxyHandshakeException(peer + " answered an invalid header line: " + printable(header));
            }
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
    }

    private static String line(InputStream in, int[] budget, String peer) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ProxyHandshakeException(peer + " closed the connection before the end of its answer");
            }
            if (--budget[0] < 0) {
                throw new ProxyHandshakeException(peer + " sent an answer head larger than " + MAX_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    /** Control characters out, length capped: a peer's text goes into messages and logs. */
    private static String printable(String text) {
        String clean = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
                .replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
