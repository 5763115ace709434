package dev.wagateway.protocol.client.spi;

import dev.wagateway.protocol.event.WaEvent;

import java.util.concurrent.CompletableFuture;

/** Where features emit events; the client delivers them to its listeners in emission order. */
public interface EventSink {

    /**
     * Queues {@code event}. The result completes when every listener is done with it (and fails if one failed): a
     * feature that must acknowledge a stanza only once the application has it (a message) waits for it.
     */
    CompletableFuture<Void> emit(WaEvent event);
}
