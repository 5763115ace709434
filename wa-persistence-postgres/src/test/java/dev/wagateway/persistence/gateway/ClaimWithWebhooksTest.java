package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.webhook.ClaimedDelivery;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims the delivery workers make, which bring each row's webhook along (one statement), and the enqueue in one
 * statement, against a real PostgreSQL.
 */
class ClaimWithWebhooksTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void eachClaimedRowComesWithItsWebhookAsTheClaimFoundIt() {
        Device device = Fixtures.storedDevice(store);
        Webhook filtered = store.webhooks().insertWithinLimit(device.id(), "https://a.example/hook", "secret-a",
                List.of("message.received", "message.ack"), Fixtures.now(), 5).orElseThrow();
        Webhook switchedOff = store.webhooks().insertWithinLimit(device.id(), "https://b.example/hook", "secret-b",
                List.of(), Fixtures.now(), 5).orElseThrow();
        NewDelivery toFiltered = Fixtures.delivery(filtered, "chat-1");
        NewDelivery behindIt = Fixtures.delivery(filtered, "chat-1");
        NewDelivery toSwitchedOff = Fixtures.delivery(switchedOff, "");
        store.deliveries().enqueue(List.of(toFiltered, behindIt, toSwitchedOff));
        store.webhooks().setActive(switchedOff.id(), false, Fixtures.now());
        Instant now = Instant.now();

        Map<UUID, ClaimedDelivery> claimed = mine(device, store.deliveries()
                .claimDueWithWebhooks(now, 100, 100, now.plusSeconds(30)));

        // the head of chat-1 and the unordered row; the row behind the head is held
        assertThat(claimed).containsOnlyKeys(toFiltered.eventId(), toSwitchedOff.eventId());
        Webhook first = claimed.get(toFiltered.eventId()).webhook().orElseThrow();
        assertThat(first).isEqualTo(store.webhooks().findById(filtered.id()).orElseThrow());
        assertThat(first.events()).containsExactly("message.received", "message.ack");
        assertThat(first.secret()).isEqualTo("secret-a");
        Webhook second = claimed.get(toSwitchedOff.eventId()).webhook().orElseThrow();
        assertThat(second.active()).isFalse();
        assertThat(second.url()).isEqualTo("https://b.example/hook");

        // a settlement that claims: the chat's next row, with its webhook
        Instant later = now.plusMillis(5);
        Map<UUID, ClaimedDelivery> next = mine(device, store.deliveries().settleAllAndClaimWithWebhooks(List.of(
                        Settlement.delivered(claimed.get(toFiltered.eventId()).delivery().id(), 1, later),
                        Settlement.failed(claimed.get(toSwitchedOff.eventId()).delivery().id(), 0,
                                "webhook is inactive", later)),
                later, 100, 100, later.plusSeconds(30)));
        assertThat(next).containsOnlyKeys(behindIt.eventId());
        assertThat(next.get(behindIt.eventId()).webhook()).contains(first);
        WebhookDelivery settled = store.deliveries().find(filtered.id(),
                claimed.get(toFiltered.eventId()).delivery().id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(DeliveryStatus.SUCCESS);
        store.deliveries().recordSuccess(next.get(behindIt.eventId()).delivery().id(), 1, later);
    }

    @Test
    void aClaimRespectsTheCapAsThePlainClaimDoes() {
        Device device = Fixtures.storedDevice(store);
        Webhook webhook = store.webhooks().insertWithinLimit(device.id(), "https://c.example/hook", "secret",
                List.of(), Fixtures.now(), 5).orElseThrow();
        store.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "x"), Fixtures.delivery(webhook, "y"),
                Fixtures.delivery(webhook, "z")));
        Instant now = Instant.now();

        Map<UUID, ClaimedDelivery> first = mine(device, store.deliveries()
                .claimDueWithWebhooks(now, 100, 2, now.plusSeconds(30)));
        assertThat(first).hasSize(2);
        assertThat(mine(device, store.deliveries().claimDueWithWebhooks(now, 100, 2, now.plusSeconds(30)))).isEmpty();

        Instant later = now.plusMillis(5);
        Map<UUID, ClaimedDelivery> second = mine(device, store.deliveries().settleAllAndClaimWithWebhooks(
                first.values().stream().map(c -> Settlement.delivered(c.delivery().id(), 1, later)).toList(),
                later, 100, 2, later.plusSeconds(30)));
        assertThat(second).hasSize(1).doesNotContainKeys(first.keySet().toArray(UUID[]::new));
        store.deliveries().recordSuccess(second.values().iterator().next().delivery().id(), 1, later);
    }

    @Test
    void rowsOfOneChatEnqueuedTogetherGoOutInTheirOrderOneByOne() {
        Device device = Fixtures.storedDevice(store);
        Webhook webhook = store.webhooks().insertWithinLimit(device.id(), "https://d.example/hook", "secret",
                List.of(), Fixtures.now(), 5).orElseThrow();
        List<NewDelivery> chat = List.of(Fixtures.delivery(webhook, "same"), Fixtures.delivery(webhook, "same"),
                Fixtures.delivery(webhook, "same"));
        store.deliveries().enqueue(chat);
        Instant now = Instant.now();
        for (NewDelivery expected : chat) {
            Map<UUID, ClaimedDelivery> claimed = mine(device, store.deliveries()
                    .claimDueWithWebhooks(now, 100, 100, now.plusSeconds(30)));
            assertThat(claimed).containsOnlyKeys(expected.eventId());
            store.deliveries().recordSuccess(claimed.get(expected.eventId()).delivery().id(), 1, now);
        }
        assertThat(store.deliveries().recent(webhook.id(), 10)).extracting(WebhookDelivery::status)
                .containsOnly(DeliveryStatus.SUCCESS);
    }

    /** Claims are global: only this test's device's rows, by event id. */
    private Map<UUID, ClaimedDelivery> mine(Device device, List<ClaimedDelivery> claimed) {
        List<Long> hooks = store.webhooks().listByDevice(device.id()).stream().map(Webhook::id).toList();
        return claimed.stream().filter(c -> hooks.contains(c.delivery().webhookId()))
                .collect(Collectors.toMap(c -> c.delivery().eventId(), Function.identity()));
    }
}
