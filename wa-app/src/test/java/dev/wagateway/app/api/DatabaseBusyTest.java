package dev.wagateway.app.api;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's other finding: when every pooled database connection is busy past the pool's wait, requests answered a
 * bare 500 and logged an unhandled exception. An overload that passes is a 503 with {@code Retry-After}. Here the
 * pool (two connections) is really exhausted, by the test holding both, and a request that needs the database waits
 * out the pool's timeout.
 */
class DatabaseBusyTest {

    @Test
    void aRequestThatFindsNoFreeConnectionIsAnswered503WithRetryAfter() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_DATASTORE_MAX_CONNECTIONS", "2"))) {
            assertThat(gateway.admin("GET", "/admin/api-keys", null).status()).isEqualTo(200);
            List<Handle> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(gateway.application().database().jdbi().open());
                }
                TestGateway.Answer busy = gateway.admin("GET", "/admin/api-keys", null);
                assertThat(busy.status()).isEqualTo(503);
                assertThat(busy.response().headers().firstValue("Retry-After")).contains("1");
                assertThat(busy.message()).contains("database is busy").doesNotContain("Exception");
            } finally {
                held.forEach(Handle::close);
            }
            assertThat(gateway.admin("GET", "/admin/api-keys", null).status()).isEqualTo(200);
        }
    }

    /**
     * The 200-device soak on a loaded machine: with every pooled connection busy (212 waiting) the lease renewals
     * timed out in the same pool and the lone node stopped its own devices. The keeper has connections of its own:
     * with the whole pool held, the lease of a paired device is still renewed, again and again.
     */
    @Test
    void leasesAreRenewedWhileEveryPooledConnectionIsBusy() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_DATASTORE_MAX_CONNECTIONS", "2",
                "NODE_LEASE_TTL", "3s"))) {
            String token = gateway.pairedDevice("15554990101");
            UUID device = UUID.fromString(gateway.device(token, "GET", "/devices/me", null).json().path("data")
                    .path("device_id").asText());
            var keeper = gateway.application().services().leases();
            List<Handle> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(gateway.application().database().jdbi().open());
                }
                for (int renewal = 0; renewal < 3; renewal++) {
                    Instant until = keeper.leaseOf(device).orElseThrow().expiresAt();
                    await(() -> keeper.leaseOf(device).map(lease -> lease.expiresAt().isAfter(until)).orElse(false),
                            "the lease renewed past " + until + " with the pool exhausted");
                }
                assertThat(keeper.holds(device)).isTrue();
            } finally {
                held.forEach(Handle::close);
            }
        }
    }
}
