package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sent message is remembered from the moment it leaves: a retry answer waits for the server's ack of it, one
 * refused is forgotten, and the sends of one id wait for their acks one at a time.
 */
class RecentSendsTest {

    private static final Jid CHAT = Jid.user("15550001111");
    private static final Message TEXT = Message.newBuilder().setConversation("hi").build();

    @Test
    void aRetryAnswerWaitsForTheFirstAck() throws Exception {
        RecentSends recent = new RecentSends(8);
        RecentSends.Remembered leaving = recent.leaving("A1", CHAT, TEXT);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> recent.get("A1").orElseThrow().awaitTaken(Duration.ofSeconds(10)));
        Thread.sleep(100);
        assertThat(answer).as("no ack yet").isNotDone();

        recent.settle("A1", leaving, true);
        assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recent.get("A1")).isPresent();
    }

    @Test
    void aMessageTheServerRefusedIsForgotten() {
        RecentSends recent = new RecentSends(8);
        RecentSends.Remembered leaving = recent.leaving("A2", CHAT, TEXT);
        recent.settle("A2", leaving, false);
        assertThat(leaving.awaitTaken(Duration.ofSeconds(1))).isFalse();
        assertThat(recent.get("A2")).isEmpty();
    }

    @Test
    void anUnansweredSendEndsTheWaitAtItsBound() {
        RecentSends recent = new RecentSends(8);
        RecentSends.Remembered leaving = recent.leaving("A3", CHAT, TEXT);
        assertThat(leaving.awaitTaken(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void sendsOfOneIdRunOneAtATime() throws Exception {
        RecentSends.Remembered remembered = new RecentSends(8).leaving("A4", CHAT, TEXT);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().start(() -> {
                remembered.oneAtATime(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return inside.decrementAndGet();
                });
                done.countDown();
            });
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void theOldestIsDroppedPastCapacity() {
        RecentSends recent = new RecentSends(2);
        for (String id : new String[] {"B1", "B2", "B3"}) {
            recent.settle(id, recent.leaving(id, CHAT, TEXT), true);
        }
        assertThat(recent.get("B1")).isEmpty();
        assertThat(recent.get("B3")).isPresent();
    }
}
