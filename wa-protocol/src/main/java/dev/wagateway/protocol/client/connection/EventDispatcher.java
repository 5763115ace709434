package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delivers a client's events to its listeners one at a time, in emission order, on a virtual thread; reports when
 * every listener's stage completed.
 */
public final class EventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<WaEventListener> listeners = new CopyOnWriteArrayList<>();
    private final SerialExecutor executor;

    public EventDispatcher(String name) {
        this.executor = new SerialExecutor(name);
    }

    public void add(WaEventListener listener) {
        listeners.add(listener);
    }

    public void remove(WaEventListener listener) {
        listeners.remove(listener);
    }

    /** Queues {@code event}; the result completes when all listeners are done with it (fails if one failed). */
    public CompletableFuture<Void> emit(WaEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            List<CompletableFuture<Void>> stages = new ArrayList<>(listeners.size());
            for (WaEventListener listener : listeners) {
                try {
                    stages.add(listener.onEvent(event).toCompletableFuture());
                } catch (RuntimeException e) {
                    log.warn("event listener failed on {}", event.getClass().getSimpleName(), e);
                    stages.add(CompletableFuture.failedFuture(e));
                }
            }
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        });
        return done;
    }
}
