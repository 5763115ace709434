package dev.wagateway.protocol.transport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** Opens client connections to a chat server: the port behind which the websocket (or a test double) sits. */
@FunctionalInterface
public interface FrameDialer {

    /**
     * Connects to {@code server}; {@code introHeader} is sent before the first frame.
     *
     * @throws IOException when the connection cannot be established within {@code timeout}
     */
    FrameConnection dial(URI server, byte[] introHeader, Duration timeout, FrameListener listener) throws IOException;
}
