package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.webhooks.proxy.WebhookProxies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static dev.wagateway.webhooks.delivery.Fixtures.await;
import static dev.wagateway.webhooks.delivery.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which claimable row goes next: a receiver that hangs holds only its per-webhook slots, what a settlement makes
 * claimable is claimed at once, and a chat's events arrive in order across retries.
 */
class DeliverySchedulingTest extends DeliveryWorkersFixture {

    @Test
    void aReceiverThatHangsHoldsOnlyItsOwnSlotsWhileOthersAreDelivered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        receiver.on("/hung", (exchange, nth) -> {
            mostAtOnce.accumulateAndGet(hanging.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hanging.decrementAndGet();
            Receiver.status(exchange, 200);
        });
        Webhook hung = webhook(receiver.url("/hung"));
        for (int i = 0; i < 40; i++) {
            publish(RECEIVED, "hung-chat-" + i); // 40 chats: nothing orders them, all are due at once
        }
        Device other = Fixtures.device(store);
        otherDevices.add(other);
        Webhook fast = Fixtures.webhook(store, other, receiver.url("/fast"));
        for (int i = 0; i < 20; i++) {
            Fixtures.publish(store, other, RECEIVED, "fast-chat-" + i); // younger than every row of the hung one
        }
        // 16 slots, 4 per webhook; attempts may take 30 s, so the hung receiver keeps what it holds all along
        DeliverySettings settings = new DeliverySettings(2, 4, 1, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(90), Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(30),
                WebhookProxies.none());
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(settings,
                Fixtures.loopbackPolicy(), clock), settings, clock, RandomGenerator.getDefault()));

        await(() -> store.deliveries().recent(fast.id(), 100).stream()
                .filter(d -> d.status() == DeliveryStatus.SUCCESS).count() == 20, "every event of the fast receiver");
        assertThat(release.getCount()).as("the hung receiver has not been released yet").isEqualTo(1);
        assertThat(receiver.received("/fast")).hasSize(20);
        assertThat(receiver.received("/hung")).hasSize(4);
        assertThat(mostAtOnce.get()).isEqualTo(4);

        release.countDown();
        await(() -> store.deliveries().recent(hung.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "the hung receiver's events, once released");
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void whatASettlementMakesClaimableIsClaimedAtOnceNotAtTheNextPoll() {
        Webhook webhook = webhook(receiver.url("/one-at-a-time"));
        for (int i = 0; i < 3; i++) {
            publish(RECEIVED, "own-chat-" + i); // claimable, but one at a time: the webhook's cap is 1
        }
        for (int i = 0; i < 3; i++) {
            publish(RECEIVED, "shared-chat"); // each released by the settlement of the one before
        }
        // one loop, one attempt per webhook, and a poll that would come only after the test gave up
        DeliverySettings settings = new DeliverySettings(1, 1, 3, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofMillis(500),
                WebhookProxies.none());
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(settings,
                Fixtures.loopbackPolicy(), clock), settings, clock, RandomGenerator.getDefault()));
        await(() -> store.deliveries().recent(webhook.id(), 10).stream()
                .filter(d -> d.status() == DeliveryStatus.SUCCESS).count() == 6, "all six deliveries");
        assertThat(receiver.received("/one-at-a-time")).hasSize(6);
    }

    @Test
    void aChatsEventsArriveInOrderEvenWhenTheFirstNeedsARetry() {
        receiver.on("/ordered", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 500 : 200));
        webhook(receiver.url("/ordered"));
        publish(RECEIVED, "chat-a");
        publish("message.edited", "chat-a");
        workers(5);
        await(() -> receiver.received("/ordered").size() == 3, "three requests");
        List<String> types = receiver.received("/ordered").stream().map(r -> r.header("X-Webhook-Event")).toList();
        assertThat(types).containsExactly(RECEIVED, RECEIVED, "message.edited");
    }
}
