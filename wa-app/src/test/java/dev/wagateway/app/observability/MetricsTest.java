package dev.wagateway.app.observability;

import dev.wagateway.app.api.TestGateway;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} of the whole gateway in sandbox mode, scraped and parsed as Prometheus text after a login and
 * a few messages: the counters move with what happened, and only the admin secret or {@code METRICS_TOKEN} read it.
 */
class MetricsTest {

    private static final String PHONE = "15556060606";
    private static final String FRIEND = "15556070707";
    private static final String TOKEN = "a-metrics-token-for-tests";

    @Test
    void countersMoveWithLoginsMessagesAndRequests() {
        try (TestGateway gateway = TestGateway.start(Map.of("METRICS_TOKEN", TOKEN))) {
            PrometheusText before = scrape(gateway);
            assertThat(before.has("jvm_memory_used_bytes")).isTrue();
            assertThat(before.has("hikaricp_connections")).isTrue();
            assertThat(before.has("jetty_threads_current")).isTrue();
            assertThat(before.sum("wa_devices", Map.of("status", "active"))).isZero();

            String token = gateway.pairedDevice(PHONE);
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
            for (int i = 0; i < 3; i++) {
                gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                        "{\"to\":\"" + PHONE + "\",\"text\":\"hello " + i + "\"}");
            }
            await(() -> gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                    .path("messages").size() == 3, "the three messages stored");

            PrometheusText after = scrape(gateway);
            assertThat(after.sum("wa_messages_received_total", Map.of("type", "text"))).isEqualTo(3.0);
            assertThat(after.sum("wa_events_total", Map.of("type", "message.received"))).isEqualTo(3.0);
            assertThat(after.sum("wa_connection_changes_total", Map.of("change", "connected"))).isGreaterThanOrEqualTo(1);
            assertThat(after.sum("wa_devices", Map.of("status", "active"))).isEqualTo(1.0);
            assertThat(after.sum("wa_sessions_connected", Map.of())).isEqualTo(1.0);
            assertThat(after.has("wa_webhook_outbox_depth")).isTrue();
            assertThat(after.has("wa_webhook_outbox_oldest_age_seconds")).isTrue();
            // requests by route template, not by path
            assertThat(after.sum("http_server_requests_seconds_count",
                    Map.of("route", "/chats/{chat_jid}/messages", "method", "GET", "status", "200")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.sum("http_server_requests_seconds_count", Map.of("route", "/chats/" + FRIEND
                    + "/messages"))).isZero();
            assertThat(after.sum("http_server_requests_seconds_count", Map.of("route", "/devices"))).isEqualTo(
                    before.sum("http_server_requests_seconds_count", Map.of("route", "/devices")) + 1);
        }
    }

    @Test
    void onlyTheAdminSecretOrTheMetricsTokenReadIt() {
        try (TestGateway gateway = TestGateway.start(Map.of("METRICS_TOKEN", TOKEN))) {
            assertThat(gateway.call("GET", "/metrics", null, Map.of()).status()).isEqualTo(401);
            assertThat(gateway.call("GET", "/metrics", null, Map.of("Authorization", "Bearer wrong-token-of-a-kind"))
                    .status()).isEqualTo(401);
            TestGateway.Answer admin = gateway.admin("GET", "/metrics", null);
            assertThat(admin.status()).isEqualTo(200);
            assertThat(admin.response().headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/plain; version=0.0.4");
        }
        try (TestGateway gateway = TestGateway.start(Map.of("METRICS_ENABLED", "false"))) {
            assertThat(gateway.admin("GET", "/metrics", null).status()).isEqualTo(404);
        }
    }

    private static PrometheusText scrape(TestGateway gateway) {
        TestGateway.Answer answer = gateway.call("GET", "/metrics", null, Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return PrometheusText.parse(answer.body());
    }
}
