package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
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
    void aRetryAnswerWaitsForTheFirstAckAndGetsTheMessage() throws Exception {
        RecentSends recent = new RecentSends(8);
        CompletableFuture<Optional<RecentSends.Sent>> answer = retryAnswerWaiting(recent, "A1");

        recent.settle("A1", true);
        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(new RecentSends.Sent(CHAT, TEXT));
    }

    @Test
    void aMessageTheServerRefusedIsForgottenAndItsWaiterLetGo() throws Exception {
        RecentSends recent = new RecentSends(8);
        CompletableFuture<Optional<RecentSends.Sent>> answer = retryAnswerWaiting(recent, "A2");
        recent.settle("A2", false);
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(recent.awaitTaken("A2", Duration.ofSeconds(30))).as("at once: not remembered").isEmpty();
    }

    @Test
    void anUnansweredSendEndsTheWaitAtItsBound() {
        RecentSends recent = new RecentSends(8);
        recent.leaving("A3", CHAT, TEXT.toByteArray());
        assertThat(recent.awaitTaken("A3", Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void sendsOfOneIdRunOneAtATimeAndOtherIdsDoNotWait() throws Exception {
        RecentSends recent = new RecentSends(8);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().start(() -> {
                recent.oneAtATime("A4", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    pause(20);
                    return inside.decrementAndGet();
                });
                done.countDown();
            });
        }
        CountDownLatch inA4 = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> recent.oneAtATime("A5", () -> {
            inA4.countDown();
            await(release);
            return 0;
        }));
        assertThat(inA4.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recent.oneAtATime("A6", () -> "another id goes on")).isEqualTo("another id goes on");
        release.countDown();
        holder.join();

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void theOldestIsDroppedPastCapacity() {
        RecentSends recent = new RecentSends(2);
        for (String id : new String[] {"B1", "B2", "B3"}) {
            recent.leaving(id, CHAT, TEXT.toByteArray());
            recent.settle(id, true);
        }
        assertThat(recent.awaitTaken("B1", Duration.ZERO)).isEmpty();
        assertThat(recent.awaitTaken("B3", Duration.ZERO)).isPresent();
    }

    /** Message {@code id} left, and a retry answer for it waits (still, 100 ms on) for the first send's ack. */
    private static CompletableFuture<Optional<RecentSends.Sent>> retryAnswerWaiting(RecentSends recent, String id)
            throws InterruptedException {
        recent.leaving(id, CHAT, TEXT.toByteArray());
        CompletableFuture<Optional<RecentSends.Sent>> answer = CompletableFuture.supplyAsync(
                () -> recent.awaitTaken(id, Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(answer).as("no ack yet").isNotDone();
        return answer;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
