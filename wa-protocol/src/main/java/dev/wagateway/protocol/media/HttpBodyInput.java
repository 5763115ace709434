package dev.wagateway.protocol.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * An HTTP/1.1 answer body on a connection: {@link #chunked} decodes {@code Transfer-Encoding: chunked} (chunk-size
 * lines bounded), {@link #fixed} stops after {@code Content-Length} bytes. Closing hands the connection back
 * ({@link Release}), saying whether the body was read to its end, so that the connection may carry another request.
 */
abstract class HttpBodyInput extends InputStream {

    private static final int MAX_LINE = 1024;

    /** What closing the body does with its connection. */
    @FunctionalInterface
    interface Release {
        /** @param complete the body was read to its end: the connection is at the start of the next answer */
        void release(boolean complete) throws IOException;
    }

    final InputStream in;
    private final Release release;
    private boolean closed;

    private HttpBodyInput(InputStream in, Release release) {
        this.in = in;
        this.release = release;
    }

    /** Whether the body was read to its end (an unframed body never is: its end is the connection's). */
    abstract boolean complete();

    /** A body of exactly {@code length} bytes. */
    static HttpBodyInput fixed(InputStream in, long length, Release release) {
        return new HttpBodyInput(in, release) {
            private long left = length;

            @Override
            boolean complete() {
                return left == 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int read = in.read(buffer, offset, (int) Math.min(count, left));
                if (read < 0) {
                    throw new EOFException("the media host closed the connection before the end of the body");
                }
                left -= read;
                return read;
            }
        };
    }

    /** A body read until the connection ends (neither length nor chunks announced). */
    static HttpBodyInput untilClose(InputStream in, Release release) {
        return new HttpBodyInput(in, release) {
            @Override
            boolean complete() {
                return false;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                return in.read(buffer, offset, count);
            }
        };
    }

    /** A chunked body. */
    static HttpBodyInput chunked(InputStream in, Release release) {
        return new HttpBodyInput(in, release) {
            private long chunkLeft;
            private boolean done;

            @Override
            boolean complete() {
                return done;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (done) {
                    return -1;
                }
                if (chunkLeft == 0) {
                    chunkLeft = nextChunkSize();
                    if (chunkLeft == 0) {
                        while (!line().isEmpty()) {
                            // trailers are skipped
                        }
                        done = true;
                        return -1;
                    }
                }
                int read = in.read(buffer, offset, (int) Math.min(count, chunkLeft));
                if (read < 0) {
                    throw new EOFException("the media host closed the connection in the middle of a chunk");
                }
                chunkLeft -= read;
                if (chunkLeft == 0 && !line().isEmpty()) {
                    throw new IOException("the media host sent a malformed chunk");
                }
                return read;
            }

            private long nextChunkSize() throws IOException {
                String line = line();
                int extension = line.indexOf(';');
                String size = (extension < 0 ? line : line.substring(0, extension)).strip();
                if (size.isEmpty() || size.length() > 15) {
                    throw new IOException("the media host sent a malformed chunk size");
                }
                try {
                    return Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("the media host sent a malformed chunk size");
                }
            }
        };
    }

    String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the media host closed the connection in the middle of the body");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("the media host sent an over-long line in a chunked body");
            }
            line.append((char) b);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            release.release(complete());
        }
    }
}
