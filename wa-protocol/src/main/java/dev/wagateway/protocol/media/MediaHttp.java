package dev.wagateway.protocol.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The HTTPS exchanges of media transfers: a direct JDK client ({@link JdkMediaHttp}), or one tunnelled through the
 * client's proxy ({@link TunnelMediaHttp}).
 */
interface MediaHttp extends AutoCloseable {

    /**
     * An answer whose body is read by the caller, then closed.
     *
     * @param status        the status code
     * @param contentLength the announced body length, if any
     * @param body          the body
     */
    record Answer(int status, OptionalLong contentLength, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** Posts the file as {@code application/octet-stream}. */
    Answer post(URI uri, Path body) throws IOException;

    /** Gets {@code uri}. */
    Answer get(URI uri) throws IOException;

    @Override
    void close();
}
