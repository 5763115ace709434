package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.client.error.RequestTimeoutException;
import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.client.error.ConnectionLostException;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IqCorrelatorTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final IqCorrelator correlator = new IqCorrelator(scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void matchesResultsAndMessageAcksByIdAndLeavesOtherStanzas() throws Exception {
        CompletableFuture<Node> iq = correlator.expect("1.2-1", Duration.ofSeconds(5));
        CompletableFuture<Node> message = correlator.expect("3EB0AA", Duration.ofSeconds(5));

        assertThat(correlator.complete(Node.builder("iq").attribute("id", "1.2-1").attribute("type", "set").build()))
                .as("a server request with a colliding id is not an answer").isFalse();
        assertThat(correlator.complete(Node.builder("ack").attribute("id", "3EB0AA").attribute("class", "receipt")
                .build())).isFalse();
        assertThat(correlator.complete(Node.builder("iq").attribute("id", "other").attribute("type", "result").build()))
                .isFalse();
        assertThat(correlator.complete(Node.builder("iq").attribute("id", "1.2-1").attribute("type", "result").build()))
                .isTrue();
        assertThat(correlator.complete(Node.builder("ack").attribute("id", "3EB0AA").attribute("class", "message")
                .attribute("t", "5").build())).isTrue();
        assertThat(iq.get(1, TimeUnit.SECONDS).attribute("type")).contains("result");
        assertThat(message.get(1, TimeUnit.SECONDS).attribute("t")).contains("5");
        assertThat(correlator.waiting()).isZero();
    }

    @Test
    void errorAnswersTimeoutsAndDisconnectsFailTheWaiter() {
        CompletableFuture<Node> refused = correlator.expect("a", Duration.ofSeconds(5));
        correlator.complete(Node.builder("iq").attribute("id", "a").attribute("type", "error")
                .children(Node.builder("error").attribute("code", "404").attribute("text", "item-not-found").build())
                .build());
        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(IqErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.text()).isEqualTo("item-not-found");
                });

        CompletableFuture<Node> slow = correlator.expect("b", Duration.ofMillis(50));
        assertThatThrownBy(() -> slow.get(2, TimeUnit.SECONDS)).cause().isInstanceOf(RequestTimeoutException.class);

        CompletableFuture<Node> cut = correlator.expect("c", Duration.ofSeconds(5));
        correlator.failAll(new ConnectionLostException("gone"));
        assertThatThrownBy(() -> cut.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
        assertThat(correlator.waiting()).isZero();
    }

    @Test
    void refusesTwoWaitersForOneId() {
        correlator.expect("x", Duration.ofSeconds(5));
        assertThatThrownBy(() -> correlator.expect("x", Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class);
    }
}
