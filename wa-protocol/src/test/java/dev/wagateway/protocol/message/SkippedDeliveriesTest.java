package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.store.InMemoryWaitingDeliveries;
import dev.wagateway.protocol.store.WaitingDeliveries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background retry of devices a send left out: its bounds (messages per device, devices, attempts), the order of
 * the waiting messages, the rule that keeps a device from getting a message from both it and a retry receipt, and
 * the store that keeps the lists across a restart.
 */
class SkippedDeliveriesTest {

    private static final Jid BOB = Jid.tryParse("15550001111:2@s.whatsapp.net").orElseThrow();
    private static final Jid CHAT = Jid.user("15550001111");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final DeliveryRetryPolicy FAST =
            new DeliveryRetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 3);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final WaitingDeliveries store = new InMemoryWaitingDeliveries();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SkippedDeliveries deliveries(DeliveryRetryPolicy policy) {
        return deliveries(policy, new InMemoryWaitingDeliveries());
    }

    private SkippedDeliveries deliveries(DeliveryRetryPolicy policy, WaitingDeliveries kept) {
        return new SkippedDeliveries(policy, scheduler, () -> true,
                device -> new SignalAddress(device.user(), device.device()), kept,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static void skip(SkippedDeliveries deliveries, Jid device, String id) {
        deliveries.skipped(List.of(device), id, CHAT, Message.newBuilder().setConversation("text of " + id).build());
    }

    private static List<String> ids(List<SkippedDeliveries.Pending> messages) {
        return messages.stream().map(SkippedDeliveries.Pending::id).toList();
    }

    @Test
    void theBackOffDoublesUpToItsMaximum() {
        DeliveryRetryPolicy policy = new DeliveryRetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 8);
        List<Duration> delays = new ArrayList<>();
        for (int done = 0; done < 8; done++) {
            delays.add(policy.delayAfter(done));
        }
        assertThat(delays).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofMinutes(5),
                Duration.ofMinutes(5));
    }

    @Test
    void waitingMessagesGoOutInOrderOnceTheDeviceHasKeysAndTheOldestIsDroppedBeyondTheBound() throws Exception {
        SkippedDeliveries deliveries = deliveries(new DeliveryRetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20),
                100), store);
        AtomicBoolean keys = new AtomicBoolean(false);
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        deliveries.deliverWith((device, messages) -> {
            calls.add(ids(messages));
            if (!keys.get()) {
                return List.of();
            }
            delivered.countDown();
            return ids(messages);
        });
        List<String> sent = new ArrayList<>();
        for (int i = 0; i <= SkippedDeliveries.MAX_PER_DEVICE; i++) {
            sent.add("ID" + i);
            skip(deliveries, BOB, "ID" + i);
        }
        assertThat(store.all()).as("kept with the bound").extracting(WaitingDeliveries.Entry::id)
                .containsExactlyElementsOf(sent.subList(1, sent.size()));
        keys.set(true);
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls.getLast()).as("in order, the oldest dropped").containsExactlyElementsOf(sent.subList(1,
                sent.size()));
        awaitNoneWaiting(deliveries);
        assertThat(store.all()).as("delivered: forgotten").isEmpty();
    }

    @Test
    void aDeviceIsGivenUpAfterThePolicysAttempts() throws Exception {
        SkippedDeliveries deliveries = deliveries(FAST, store);
        AtomicInteger attempts = new AtomicInteger();
        deliveries.deliverWith((device, messages) -> {
            attempts.incrementAndGet();
            return List.of();
        });
        skip(deliveries, BOB, "LOST");
        awaitNoneWaiting(deliveries);
        assertThat(attempts.get()).isEqualTo(FAST.attempts());
        assertThat(store.all()).as("given up: forgotten").isEmpty();
    }

    @Test
    void aRestartTakesUpWhatTheStoreKeptAndDropsWhatIsTooOld() throws Exception {
        SkippedDeliveries before = deliveries(new DeliveryRetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 1),
                store);
        skip(before, BOB, "KEPT");
        before.close(); // the client stops: the store keeps the list
        store.keep(new WaitingDeliveries.Entry(BOB, "STALE", CHAT, new byte[0],
                NOW.minus(SkippedDeliveries.MAX_AGE).minusSeconds(1)));
        store.keep(new WaitingDeliveries.Entry(BOB, "GARBLED", CHAT, new byte[]{(byte) 0xff}, NOW));

        SkippedDeliveries after = deliveries(FAST, store);
        List<List<SkippedDeliveries.Pending>> calls = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        after.deliverWith((device, messages) -> {
            calls.add(messages);
            delivered.countDown();
            return ids(messages);
        });
        assertThat(after.restore()).isEqualTo(1);
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls.getFirst()).singleElement().satisfies(pending -> {
            assertThat(pending.id()).isEqualTo("KEPT");
            assertThat(pending.chat()).isEqualTo(CHAT);
            assertThat(pending.message().getConversation()).isEqualTo("text of KEPT");
        });
        awaitNoneWaiting(after);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void noMoreThanTheBoundOfDevicesWait() {
        SkippedDeliveries deliveries = deliveries(new DeliveryRetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 1));
        for (int i = 0; i < SkippedDeliveries.MAX_DEVICES + 10; i++) {
            skip(deliveries, Jid.tryParse("1555000" + (1000 + i) + ":1@s.whatsapp.net").orElseThrow(), "ID");
        }
        assertThat(deliveries.waitingDevices()).isEqualTo(SkippedDeliveries.MAX_DEVICES);
        deliveries.close();
        assertThat(deliveries.waitingDevices()).isZero();
    }

    @Test
    void aRetryReceiptTakesAWaitingMessageAndAFirstOneIsNotAnsweredForAMessageTheBackgroundTook() throws Exception {
        SkippedDeliveries deliveries = deliveries(new DeliveryRetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 1),
                store);
        skip(deliveries, BOB, "WAITING");
        assertThat(deliveries.answerRetry(BOB, "WAITING", 1)).isEqualTo(SkippedDeliveries.RetryAnswer.ANSWER_WAITING);
        assertThat(deliveries.waitingDevices()).as("the retry receipt owns it now").isZero();
        deliveries.retryUnanswered(BOB, "WAITING");
        assertThat(deliveries.waitingDevices()).as("unanswered: it waits again").isOne();
        assertThat(deliveries.answerRetry(BOB, "WAITING", 2)).isEqualTo(SkippedDeliveries.RetryAnswer.ANSWER_WAITING);
        assertThat(store.all()).as("kept until the answer is known").hasSize(1);
        deliveries.retryAnswered(BOB, "WAITING");
        assertThat(store.all()).isEmpty();
        assertThat(deliveries.answerRetry(BOB, "OTHER", 1)).isEqualTo(SkippedDeliveries.RetryAnswer.ANSWER);

        SkippedDeliveries background = deliveries(FAST);
        CountDownLatch delivered = new CountDownLatch(1);
        background.deliverWith((device, messages) -> {
            delivered.countDown();
            return ids(messages);
        });
        skip(background, BOB, "TAKEN");
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        awaitNoneWaiting(background);
        assertThat(background.answerRetry(BOB, "TAKEN", 1)).isEqualTo(SkippedDeliveries.RetryAnswer.SKIP);
        assertThat(background.answerRetry(BOB, "TAKEN", 2)).as("asked again after our delivery")
                .isEqualTo(SkippedDeliveries.RetryAnswer.ANSWER);
    }

    private static void awaitNoneWaiting(SkippedDeliveries deliveries) throws InterruptedException {
        for (int i = 0; i < 1000 && deliveries.waitingDevices() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(deliveries.waitingDevices()).isZero();
    }
}
