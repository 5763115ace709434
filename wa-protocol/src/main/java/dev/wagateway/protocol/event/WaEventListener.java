package dev.wagateway.protocol.event;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Receives a client's events, one at a time and in order. The call itself should return quickly; durable work may
 * continue in the returned stage. For {@link WaEvent.MessageReceived}, {@link WaEvent.UndecryptableMessage} and
 * {@link WaEvent.ReceiptReceived} the client acknowledges the stanza to the server only when the stages of all
 * listeners completed normally — so a gateway returns the completion of its storage transaction. A failed stage
 * leaves the stanza unacknowledged: the server delivers it again after the next reconnect.
 */
@FunctionalInterface
public interface WaEventListener {

    /** Handles one event; the returned stage completes when the event is durably handled. */
    CompletionStage<Void> onEvent(WaEvent event);

    /** A listener that is done with each event when {@code consumer} returns. */
    static WaEventListener of(Consumer<WaEvent> consumer) {
        return event -> {
            consumer.accept(event);
            return CompletableFuture.completedFuture(null);
        };
    }
}
