package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/devices/reconnect} (api.md row 5) over every kind of device: disconnected ones are reconnected,
 * a connected one is left alone, one that never paired is skipped, and one removed at the phone fails.
 */
class BatchReconnectTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void disconnectedDevicesAreReconnectedAndEveryOtherKindGetsItsResult() {
        String key = gateway.createApiKey(5);
        Map<String, String> tokens = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, String> jids = new HashMap<>();
        String[][] devices = {{"online", "15553010101"}, {"stoppedA", "15553020202"}, {"stoppedB", "15553030303"},
                {"removed", "15553040404"}, {"unpaired", null}};
        for (String[] device : devices) {
            JsonNode created = gateway.createDevice(key, device[0]);
            tokens.put(device[0], created.path("token").asText());
            ids.put(device[0], created.path("device_id").asText());
            if (device[1] != null) {
                jids.put(device[0], gateway.pair(created.path("token").asText(), device[1]));
            }
        }
        for (String name : new String[]{"stoppedA", "stoppedB", "removed"}) {
            gateway.application().services().sessions().client(UUID.fromString(ids.get(name))).orElseThrow()
                    .disconnect();
            await(() -> !gateway.connected(tokens.get(name)), name + " to stop");
        }
        // unlinked at the phone while its client was stopped: its next login is refused
        gateway.sandbox().streamError(jids.get("removed"), "401");

        TestGateway.Answer answer = gateway.admin("POST", "/admin/devices/reconnect", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.message()).isEqualTo("Reconnect operation completed");
        JsonNode data = answer.json().path("data");
        Map<String, JsonNode> results = new HashMap<>();
        data.path("results").forEach(row -> results.put(row.path("device_name").asText(), row));
        assertThat(results.get("stoppedA").path("status").asText()).isEqualTo("reconnected");
        assertThat(results.get("stoppedB").path("status").asText()).isEqualTo("reconnected");
        assertThat(results.get("online").path("status").asText()).isEqualTo("already_connected");
        assertThat(results.get("unpaired").path("status").asText()).isEqualTo("skipped");
        assertThat(results.get("unpaired").path("error").asText()).isEqualTo("Device never logged in");
        assertThat(results.get("removed").path("status").asText()).isEqualTo("failed");
        assertThat(results.get("removed").path("error").asText()).startsWith("logged out");
        JsonNode summary = data.path("summary");
        assertThat(summary.path("total").asInt()).isEqualTo(5);
        assertThat(summary.path("reconnected").asInt()).isEqualTo(2);
        assertThat(summary.path("failed").asInt()).isEqualTo(1);
        assertThat(summary.path("skipped").asInt()).isEqualTo(2);

        for (String name : new String[]{"stoppedA", "stoppedB", "online"}) {
            assertThat(gateway.connected(tokens.get(name))).as(name).isTrue();
            assertThat(gateway.device(tokens.get(name), "GET", "/devices/me", null).json().path("data")
                    .path("status").asText()).as(name).isEqualTo("active");
        }
        assertThat(gateway.connected(tokens.get("removed"))).isFalse();
        await(() -> gateway.device(tokens.get("removed"), "GET", "/devices/me", null).json().path("data")
                .path("status").asText().equals("logged_out"), "the removed device to be logged out");
    }
}
