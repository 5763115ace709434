package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes written together against a real PostgreSQL: a batch that the database refuses (one row's error text holds
 * a NUL, which PostgreSQL's text type rejects) is written row by row, so only that row stays leased; every outcome's
 * follow-up runs once its write is done.
 */
class SettlementWriterTest {

    private final PostgresGatewayStore store = TestDatabase.store();

    @Test
    void aRefusedBatchIsWrittenRowByRowAndOnlyTheBadRowStaysLeased() throws Exception {
        Device device = Fixtures.device(store);
        Webhook webhook = Fixtures.webhook(store, device, "https://receiver.example/hook");
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            Fixtures.publish(store, device, "message.received", "", now);
        }
        List<WebhookDelivery> claimed = store.deliveries().claimDue(now, 100, 100, now.plusSeconds(60)).stream()
                .filter(delivery -> delivery.webhookId() == webhook.id()).toList();
        assertThat(claimed).hasSize(3);

        CountDownLatch done = new CountDownLatch(3);
        try (SettlementWriter writer = new SettlementWriter(store.deliveries())) {
            writer.submit(Settlement.delivered(claimed.get(0).id(), 1, now), done::countDown);
            writer.submit(Settlement.failed(claimed.get(1).id(), 1, "bad \u0000 text", now), done::countDown);
            writer.submit(Settlement.failed(claimed.get(2).id(), 1, "HTTP 400", now), done::countDown);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(status(webhook, claimed.get(0))).isEqualTo(DeliveryStatus.SUCCESS);
        assertThat(status(webhook, claimed.get(1))).isEqualTo(DeliveryStatus.PENDING); // back after its lease
        assertThat(status(webhook, claimed.get(2))).isEqualTo(DeliveryStatus.FAILED);
    }

    private DeliveryStatus status(Webhook webhook, WebhookDelivery delivery) {
        return store.deliveries().find(webhook.id(), delivery.id()).orElseThrow().status();
    }
}
