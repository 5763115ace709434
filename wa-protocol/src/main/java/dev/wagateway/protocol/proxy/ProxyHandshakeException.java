package dev.wagateway.protocol.proxy;

import java.io.IOException;

/**
 * A proxy refused the tunnel, answered something that is not its protocol, or did not answer in time. An
 * {@link IOException}, so a session reports it as any failed connect (and retries as usual).
 */
public final class ProxyHandshakeException extends IOException {

    public ProxyHandshakeException(String message) {
        super(message);
    }
}
