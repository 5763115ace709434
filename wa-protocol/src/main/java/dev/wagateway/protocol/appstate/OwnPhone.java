package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.proto.Message;

import java.util.concurrent.CompletableFuture;

/** How app state reaches our own phone: a peer message (the request for a missing sync key, protocol §10.2). */
@FunctionalInterface
public interface OwnPhone {

    /** Sends {@code message} to our own account's phone; completes with the server's ack. */
    CompletableFuture<?> send(Message message);
}
