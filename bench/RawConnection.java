import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection of {@link RawHttpSender}: writes a send as one pre-rendered request (only the
 * {@code Content-Length} and the text's digits are written per send) and reads exactly one answer, framed by its
 * {@code Content-Length}, into a buffer of fixed size. An answer it cannot frame (no {@code Content-Length}, chunked,
 * larger than the buffer, bytes after it) throws {@link MalformedAnswer}: the connection is then unusable.
 *
 * <p>Used by one thread at a time (the sender's idle deque hands it over).
 */
final class RawConnection implements AutoCloseable {

    /** Headers and body of one answer; a send's answer is a few hundred bytes. */
    static final int ANSWER_LIMIT = 16 * 1024;

    private static final byte[] BODY_START = "{\"text\":\"load ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY_END = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_ID = "\"message_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON = {':'};
    private static final byte[] CRLF = {'\r', '\n'};
    /** A long's digits and sign. */
    private static final int DIGITS = 20;

    /** An answer this client cannot frame or read: counted as refused with its reason. */
    static final class MalformedAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedAnswer(String reason) {
            super("malformed answer: " + reason);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] request;
    private final byte[] answer = new byte[ANSWER_LIMIT];
    private boolean keepAlive = true;
    private long idleSince = System.nanoTime();

    /** @param longestHead the longest pre-rendered request head any send will pass */
    RawConnection(InetSocketAddress address, int longestHead) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        request = new byte[longestHead + DIGITS + HEAD_END.length + BODY_START.length + DIGITS + BODY_END.length];
    }

    /**
     * Sends {@code {"text":"load <startNanos>"}} after {@code head} (the request line and headers up to
     * {@code "Content-Length: "}) and returns the answer: accepted with its message id on a 200 that names one,
     * refused with {@code status N} otherwise.
     */
    SendAnswer exchange(byte[] head, long startNanos) throws IOException {
        int bodyLength = BODY_START.length + decimalLength(startNanos) + BODY_END.length;
        System.arraycopy(head, 0, request, 0, head.length);
        int at = writeDecimal(request, head.length, bodyLength);
        System.arraycopy(HEAD_END, 0, request, at, HEAD_END.length);
        at += HEAD_END.length;
        System.arraycopy(BODY_START, 0, request, at, BODY_START.length);
        at = writeDecimal(request, at + BODY_START.length, startNanos);
        System.arraycopy(BODY_END, 0, request, at, BODY_END.length);
        out.write(request, 0, at + BODY_END.length);
        SendAnswer read = readAnswer();
        idleSince = System.nanoTime();
        return read;
    }

    /** Whether the server keeps the connection open and it has been idle no longer than {@code maxIdleNanos}. */
    boolean reusable(long maxIdleNanos) {
        return keepAlive && System.nanoTime() - idleSince <= maxIdleNanos;
    }

    private SendAnswer readAnswer() throws IOException {
        int filled = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            if (filled == answer.length) {
                throw new MalformedAnswer("head over " + ANSWER_LIMIT + " bytes");
            }
            int read = in.read(answer, filled, answer.length - filled);
            if (read < 0) {
                throw new IOException("connection closed before the answer's head ended");
            }
            int from = Math.max(0, filled - HEAD_END.length + 1);
            filled += read;
            int found = indexOf(answer, from, filled, HEAD_END);
            headEnd = found < 0 ? -1 : found + HEAD_END.length;
        }
        int status = status(headEnd);
        long contentLength = -1;
        keepAlive = true;
        int line = lineEnd(0, headEnd) + 2;
        while (line < headEnd - 2) {
            int end = lineEnd(line, headEnd);
            int colon = indexOf(answer, line, end, COLON);
            if (colon < 0) {
                throw new MalformedAnswer("a header line without a colon");
            }
            if (named(line, colon, "content-length")) {
                contentLength = parseLength(value(colon, end));
            } else if (named(line, colon, "transfer-encoding")) {
                throw new MalformedAnswer("Transfer-Encoding " + value(colon, end));
            } else if (named(line, colon, "connection") && value(colon, end).equalsIgnoreCase("close")) {
                keepAlive = false;
            }
            line = end + 2;
        }
        if (contentLength < 0) {
            throw new MalformedAnswer("no Content-Length");
        }
        if (headEnd + contentLength > answer.length) {
            throw new MalformedAnswer("body over " + ANSWER_LIMIT + " bytes with its head");
        }
        int total = headEnd + (int) contentLength;
        while (filled < total) {
            int read = in.read(answer, filled, total - filled);
            if (read < 0) {
                throw new IOException("connection closed inside the answer's body");
            }
            filled += read;
        }
        if (filled > total) {
            throw new MalformedAnswer("bytes after the answer");
        }
        return status == 200 ? accepted(headEnd, total) : new SendAnswer.Refused("status " + status);
    }

    /** The id of {@code "message_id":"<id>"}, which must appear exactly once and be letters and digits. */
    private SendAnswer accepted(int from, int to) {
        int key = indexOf(answer, from, to, MESSAGE_ID);
        if (key < 0 || indexOf(answer, key + 1, to, MESSAGE_ID) >= 0) {
            return new SendAnswer.Refused("malformed answer: not one message_id in a 200 answer");
        }
        int start = key + MESSAGE_ID.length;
        int end = start;
        while (end < to && Character.isLetterOrDigit(answer[end])) {
            end++;
        }
        if (end == start || end == to || answer[end] != '"') {
            return new SendAnswer.Refused("malformed answer: a message_id not of letters and digits");
        }
        return new SendAnswer.Accepted(new String(answer, start, end - start, StandardCharsets.US_ASCII));
    }

    /** A header's value without the blanks around it. */
    private String value(int colon, int lineEnd) {
        return new String(answer, colon + 1, lineEnd - colon - 1, StandardCharsets.US_ASCII).trim();
    }

    /** {@code HTTP/1.1 NNN ...} */
    private int status(int headEnd) throws MalformedAnswer {
        if (headEnd < 16 || indexOf(answer, 0, VERSION.length, VERSION) != 0 || !isDigit(answer[9])
                || !isDigit(answer[10]) || !isDigit(answer[11]) || answer[12] != ' ' && answer[12] != '\r') {
            throw new MalformedAnswer("status line " + new String(answer, 0, Math.min(40, lineEnd(0, answer.length)),
                    StandardCharsets.US_ASCII));
        }
        return (answer[9] - '0') * 100 + (answer[10] - '0') * 10 + (answer[11] - '0');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private boolean named(int start, int colon, String lowerCaseName) {
        if (colon - start != lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length(); i++) {
            if (Character.toLowerCase(answer[start + i]) != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long parseLength(String value) throws MalformedAnswer {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedAnswer("Content-Length " + value);
        }
        return Long.parseLong(value);
    }

    /** The index of the CRLF ending the line at {@code from} (the head always ends with one). */
    private int lineEnd(int from, int limit) {
        int end = indexOf(answer, from, limit, CRLF);
        return end < 0 ? limit : end;
    }

    private static int indexOf(byte[] in, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The characters of {@code value} in decimal ({@link System#nanoTime} never comes near Long.MIN_VALUE). */
    private static int decimalLength(long value) {
        return value < 0 ? 1 + digits(-value) : digits(value);
    }

    private static int digits(long nonNegative) {
        int digits = 1;
        for (long rest = nonNegative; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes {@code value} in decimal at {@code at}; returns the index after it. */
    private static int writeDecimal(byte[] into, int at, long value) {
        if (value < 0) {
            into[at++] = '-';
            value = -value;
        }
        int length = digits(value);
        for (int i = at + length - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + length;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket the server may already have closed: nothing to report
        }
    }
}
