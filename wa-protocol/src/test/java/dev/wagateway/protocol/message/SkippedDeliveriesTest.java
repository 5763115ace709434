package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.signal.SignalAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
 * the waiting messages, and the rule that keeps a device from getting a message from both it and a retry receipt.
 */
class SkippedDeliveriesTest {

    private static final Jid BOB = Jid.tryParse("15550001111:2@s.whatsapp.net").orElseThrow();
    private static final DeliveryRetryPolicy FAST =
            new DeliveryRetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 3);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SkippedDeliveries deliveries(DeliveryRetryPolicy policy) {
        return new SkippedDeliveries(policy, scheduler, () -> true,
                device -> new SignalAddress(device.user(), device.device()));
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
                100));
        AtomicBoolean keys = new AtomicBoolean(false);
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        deliveries.deliverWith((device, ids) -> {
            calls.add(ids);
            if (!keys.get()) {
                return List.of();
            }
            delivered.countDown();
            return ids;
        });
        List<String> sent = new ArrayList<>();
        for (int i = 0; i <= SkippedDeliveries.MAX_PER_DEVICE; i++) {
            sent.add("ID" + i);
            deliveries.skipped(List.of(BOB), "ID" + i);
        }
        keys.set(true);
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls.getLast()).as("in order, the oldest dropped").containsExactlyElementsOf(sent.subList(1,
                sent.size()));
        awaitNoneWaiting(deliveries);
    }

    @Test
    void aDeviceIsGivenUpAfterThePolicysAttempts() throws Exception {
        SkippedDeliveries deliveries = deliveries(FAST);
        AtomicInteger attempts = new AtomicInteger();
        deliveries.deliverWith((device, ids) -> {
            attempts.incrementAndGet();
            return List.of();
        });
        deliveries.skipped(List.of(BOB), "LOST");
        awaitNoneWaiting(deliveries);
        assertThat(attempts.get()).isEqualTo(FAST.attempts());
    }

    @Test
    void noMoreThanTheBoundOfDevicesWait() {
        SkippedDeliveries deliveries = deliveries(new DeliveryRetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 1));
        for (int i = 0; i < SkippedDeliveries.MAX_DEVICES + 10; i++) {
            deliveries.skipped(List.of(Jid.tryParse("1555000" + (1000 + i) + ":1@s.whatsapp.net").orElseThrow()),
                    "ID");
        }
        assertThat(deliveries.waitingDevices()).isEqualTo(SkippedDeliveries.MAX_DEVICES);
        deliveries.close();
        assertThat(deliveries.waitingDevices()).isZero();
    }

    @Test
    void aRetryReceiptTakesAWaitingMessageAndAFirstOneIsNotAnsweredForAMessageTheBackgroundTook() throws Exception {
        SkippedDeliveries deliveries = deliveries(new DeliveryRetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 1));
        deliveries.skipped(List.of(BOB), "WAITING");
        assertThat(deliveries.answerRetry(BOB, "WAITING", 1)).isEqualTo(SkippedDeliveries.RetryAnswer.ANSWER_WAITING);
        assertThat(deliveries.waitingDevices()).as("the retry receipt owns it now").isZero();
        assertThat(deliveries.answerRetry(BOB, "OTHER", 1)).isEqualTo(SkippedDeliveries.RetryAnswer.ANSWER);

        SkippedDeliveries background = deliveries(FAST);
        CountDownLatch delivered = new CountDownLatch(1);
        background.deliverWith((device, ids) -> {
            delivered.countDown();
            return ids;
        });
        background.skipped(List.of(BOB), "TAKEN");
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
