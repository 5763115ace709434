package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.client.error.RequestTimeoutException;
import dev.wagateway.protocol.client.error.RuntimeClosedException;
import dev.wagateway.protocol.binary.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Matches answers to requests by id: {@code <iq type="result|error">} to IQs, {@code <ack class="message">} to
 * messages. Every waiter ends exactly once: answered, timed out, or failed when the connection goes.
 */
public final class IqCorrelator {

    private final ScheduledExecutorService scheduler;
    private final Map<String, CompletableFuture<Node>> pending = new ConcurrentHashMap<>();

    public IqCorrelator(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Registers a waiter for {@code id}, before the request is sent. It fails with {@link RequestTimeoutException}
     * after {@code timeout}, with {@link IqErrorException} for an error IQ.
     */
    public CompletableFuture<Node> expect(String id, Duration timeout) {
        CompletableFuture<Node> future = new CompletableFuture<>();
        if (pending.putIfAbsent(id, future) != null) {
            throw new IllegalStateException("request id already waiting: " + id);
        }
        ScheduledFuture<?> timer;
        try {
            timer = scheduler.schedule(() -> future.completeExceptionally(new RequestTimeoutException(id)),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(id, future);
            return CompletableFuture.failedFuture(new RuntimeClosedException());
        }
        future.whenComplete((node, error) -> {
            timer.cancel(false);
            pending.remove(id, future);
        });
        return future;
    }

    /** Stops waiting for {@code id} (the request could not be sent). */
    public void abandon(String id, Throwable cause) {
        CompletableFuture<Node> future = pending.remove(id);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    /**
     * Completes the waiter of an answer; {@code false} when {@code node} answers nothing we wait for (it is then an
     * ordinary incoming stanza).
     */
    public boolean complete(Node node) {
        boolean answer = switch (node.tag()) {
            case "iq" -> node.attribute("type").filter(t -> t.equals("result") || t.equals("error")).isPresent();
            case "ack" -> node.attribute("class").filter("message"::equals).isPresent();
            default -> false;
        };
        if (!answer) {
            return false;
        }
        CompletableFuture<Node> future = node.attribute("id").map(pending::remove).orElse(null);
        if (future == null) {
            return false;
        }
        if (node.tag().equals("iq") && node.attribute("type", "").equals("error")) {
            Node error = node.child("error").orElse(Node.of("error"));
            int code = error.longAttribute("code").map(Long::intValue).orElse(0);
            future.completeExceptionally(new IqErrorException(code, error.attribute("text", "")));
        } else {
            future.complete(node);
        }
        return true;
    }

    /** Fails every waiter (the connection ended). */
    public void failAll(Throwable cause) {
        List<CompletableFuture<Node>> waiting = new ArrayList<>(pending.values());
        pending.clear();
        waiting.forEach(future -> future.completeExceptionally(cause));
    }

    /** How many requests wait. */
    public int waiting() {
        return pending.size();
    }
}
