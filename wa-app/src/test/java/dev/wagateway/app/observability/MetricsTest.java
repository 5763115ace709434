package dev.wagateway.app.observability;

import com.sun.net.httpserver.HttpServer;
import dev.wagateway.app.api.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.Statement;
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
    void countersMoveWithLoginsMessagesAndRequests() throws Exception {
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
            // two texts out, and a webhook whose receiver takes the event
            HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            receiver.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            try {
                gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hook\",\"events\":[\"message.received\"]}");
                for (int i = 0; i < 2; i++) {
                    assertThat(gateway.device(token, "POST", "/chats/" + FRIEND + "/messages",
                            "{\"text\":\"reply " + i + "\"}").status()).isEqualTo(200);
                }
                gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                        "{\"to\":\"" + PHONE + "\",\"text\":\"to the webhook\"}");
                await(() -> scrape(gateway).sum("wa_webhook_attempts_total", Map.of("outcome", "delivered")) == 1.0,
                        "the delivery counted");
            } finally {
                receiver.stop(0);
            }

            // the database gauges are snapshots at most a second old
            await(() -> scrape(gateway).sum("wa_devices", Map.of("status", "active")) == 1.0,
                    "the active device in the gauges");
            PrometheusText after = scrape(gateway);
            assertThat(after.sum("wa_messages_received_total", Map.of("type", "text"))).isEqualTo(4.0);
            assertThat(after.sum("wa_messages_sent_total", Map.of("type", "text", "outcome", "sent"))).isEqualTo(2.0);
            assertThat(after.sum("wa_message_send_seconds_count", Map.of("outcome", "sent"))).isEqualTo(2.0);
            assertThat(after.sum("wa_message_send_seconds_sum", Map.of("outcome", "sent"))).isPositive();
            assertThat(after.sum("wa_webhook_attempt_seconds_count", Map.of("outcome", "delivered"))).isEqualTo(1.0);
            assertThat(after.sum("wa_webhook_delivery_latency_seconds_count", Map.of())).isEqualTo(1.0);
            assertThat(after.has("wa_retry_receipts_total")).isTrue();
            assertThat(after.sum("wa_events_total", Map.of("type", "message.received"))).isEqualTo(4.0);
            assertThat(after.sum("wa_connection_changes_total", Map.of("change", "connected"))).isGreaterThanOrEqualTo(1);
            assertThat(after.sum("wa_devices", Map.of("status", "active"))).isEqualTo(1.0);
            assertThat(after.sum("wa_sessions_connected", Map.of())).isEqualTo(1.0);
            assertThat(after.has("wa_webhook_outbox_depth")).isTrue();
            assertThat(after.sum("wa_sends_in_flight_max", Map.of())).isEqualTo(256.0);
            assertThat(after.sum("wa_sends_in_flight", Map.of())).isZero();
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
    void aSnapshotHeldOnTheDatabaseShowsInItsGauge() throws Exception {
        try (TestGateway gateway = TestGateway.start(Map.of("METRICS_TOKEN", TOKEN));
             Connection dump = gateway.application().database().dataSource().getConnection()) {
            assertThat(scrape(gateway).sum("wa_db_oldest_snapshot_age_seconds", Map.of())).isLessThan(1.0);
            dump.setAutoCommit(false);
            dump.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = dump.createStatement()) {
                statement.execute("select count(*) from wa_webhook_deliveries");
            }
            await(() -> scrape(gateway).sum("wa_db_oldest_snapshot_age_seconds", Map.of()) >= 2.0,
                    "the held snapshot's age in the gauge");
            dump.commit();
            dump.setAutoCommit(true);
            await(() -> scrape(gateway).sum("wa_db_oldest_snapshot_age_seconds", Map.of()) < 1.0,
                    "the gauge back once the snapshot is released");
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
