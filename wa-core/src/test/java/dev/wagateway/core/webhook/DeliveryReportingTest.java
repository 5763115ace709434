package dev.wagateway.core.webhook;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the delivery log and the admin statistics report about deliveries still owed. */
class DeliveryReportingTest {

    @Test
    void theLogShowsSettledDeliveriesAsTheContractDoesAndOwedOnesForWhatTheyAre() {
        assertThat(delivery(DeliveryStatus.SUCCESS, 2).logStatus()).isEqualTo("success");
        assertThat(delivery(DeliveryStatus.FAILED, 3).logStatus()).isEqualTo("failed");
        assertThat(delivery(DeliveryStatus.FAILED, 0).logStatus()).isEqualTo("failed");
        assertThat(delivery(DeliveryStatus.PENDING, 0).logStatus()).isEqualTo("pending");
        assertThat(delivery(DeliveryStatus.PENDING, 1).logStatus()).isEqualTo("retrying");
    }

    @Test
    void theSuccessRateCountsSettledDeliveriesOnly() {
        assertThat(new WebhookStats(1, 1, 10, 3, 1, 6).successRate()).isEqualTo(75.0);
        assertThat(new WebhookStats(1, 1, 5, 0, 0, 5).successRate()).isZero();
        assertThat(new WebhookStats(0, 0, 0, 0, 0, 0).successRate()).isZero();
    }

    private static WebhookDelivery delivery(DeliveryStatus status, int attempts) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        return new WebhookDelivery(1, 1, UUID.randomUUID(), "message.received", "{}", "", status, attempts,
                Optional.empty(), now, now, now);
    }
}
