package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's status codes and messages (§2.2) on the built routes: admin key management, device limits,
 * token revocation (regeneration, key deactivation, deletion), tenant isolation, and no secret stored in clear.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractTest {

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
    void apiKeysAreManagedAsTheContractSays() {
        TestGateway.Answer missingName = gateway.admin("POST", "/admin/api-keys", "{\"max_devices\":2}");
        assertThat(missingName.status()).isEqualTo(400);
        assertThat(missingName.message()).isEqualTo("customer_name is required");
        assertThat(gateway.admin("POST", "/admin/api-keys", "{nope").message()).isEqualTo("Invalid request body");

        TestGateway.Answer created = gateway.admin("POST", "/admin/api-keys",
                "{\"CustomerName\":\"Lenient Ltd\",\"customer_email\":\"a@b.c\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode data = created.json().path("data");
        long id = data.path("id").asLong();
        String key = data.path("api_key").asText();
        assertThat(data.path("max_devices").asInt()).isEqualTo(5);
        assertThat(data.path("rate_limit_per_hour").asInt()).isEqualTo(1000);

        JsonNode listed = gateway.admin("GET", "/admin/api-keys/" + id, null).json().path("data");
        assertThat(listed.path("api_key_masked").asText())
                .isEqualTo(key.substring(0, 8) + "..." + key.substring(key.length() - 4));
        assertThat(listed.has("api_key")).isFalse();
        assertThat(gateway.admin("GET", "/admin/api-keys", null).body()).doesNotContain(key);

        assertThat(gateway.admin("GET", "/admin/api-keys/abc", null).message()).isEqualTo("Invalid API key ID");
        TestGateway.Answer missing = gateway.admin("GET", "/admin/api-keys/999999", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("API key not found");

        assertThat(gateway.admin("PATCH", "/admin/api-keys/" + id, "{\"max_devices\":0,\"customer_name\":\"\"}")
                .status()).isEqualTo(200);
        JsonNode unchanged = gateway.admin("GET", "/admin/api-keys/" + id, null).json().path("data");
        assertThat(unchanged.path("max_devices").asInt()).isEqualTo(5);
        assertThat(unchanged.path("customer_name").asText()).isEqualTo("Lenient Ltd");

        assertThat(gateway.admin("DELETE", "/admin/api-keys/" + id, null).message())
                .isEqualTo("API key deleted successfully");
        assertThat(gateway.admin("DELETE", "/admin/api-keys/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void theDeviceLimitIsEnforced() {
        String key = gateway.createApiKey(2);
        gateway.createDevice(key, "one");
        gateway.createDevice(key, "two");
        TestGateway.Answer third = gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", key));
        assertThat(third.status()).isEqualTo(400);
        assertThat(third.message()).isEqualTo("Device limit reached");
        // parse errors are ignored on this route: an unparsable body still creates (here: refuses on the limit)
        assertThat(gateway.call("POST", "/devices", "not json", Map.of("X-API-Key", key)).message())
                .isEqualTo("Device limit reached");
    }

    @Test
    void tokensAreRevokedAtOnceByRegenerationKeyDeactivationAndDeletion() {
        String key = gateway.createApiKey(5);
        long keyId = keyId(key);
        JsonNode device = gateway.createDevice(key, "revocable");
        String firstToken = device.path("token").asText();
        String deviceId = device.path("device_id").asText();
        String secret = device.path("device_secret").asText();
        assertThat(gateway.device(firstToken, "GET", "/devices/me", null).status()).isEqualTo(200);

        // regeneration: the new token works, the one before it is refused at once
        TestGateway.Answer regenerated = gateway.call("POST", "/devices/token",
                "{\"device_id\":\"" + deviceId + "\",\"device_secret\":\"" + secret + "\"}", Map.of());
        assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(200);
        String token = regenerated.json().path("data").path("token").asText();
        assertThat(token).isNotEqualTo(firstToken);
        TestGateway.Answer revoked = gateway.device(firstToken, "GET", "/devices/me", null);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.message()).isEqualTo("Token has been revoked. Please regenerate a new token.");
        assertThat(gateway.device(token, "GET", "/devices/me", null).status()).isEqualTo(200);

        TestGateway.Answer wrongSecret = gateway.call("POST", "/devices/token",
                "{\"device_id\":\"" + deviceId + "\",\"device_secret\":\"" + "0".repeat(64) + "\"}", Map.of());
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.message()).isEqualTo("Invalid device credentials");
        assertThat(gateway.call("POST", "/devices/token", "{\"device_id\":\"not-a-uuid\",\"device_secret\":\"x\"}",
                Map.of()).message()).isEqualTo("Invalid device credentials");
        assertThat(gateway.call("POST", "/devices/token", "{\"device_id\":\"\"}", Map.of()).message())
                .isEqualTo("device_id and device_secret are required");

        assertThat(gateway.admin("PATCH", "/admin/api-keys/" + keyId, "{\"is_active\":false}").status())
                .isEqualTo(200);
        TestGateway.Answer inactive = gateway.device(token, "GET", "/devices/me", null);
        assertThat(inactive.status()).isEqualTo(401);
        assertThat(inactive.message()).isEqualTo("API key is inactive");
        assertThat(gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", key)).message())
                .isEqualTo("API key is inactive");
        assertThat(gateway.call("POST", "/devices/token",
                "{\"device_id\":\"" + deviceId + "\",\"device_secret\":\"" + secret + "\"}", Map.of()).message())
                .isEqualTo("API key is inactive");
        gateway.admin("PATCH", "/admin/api-keys/" + keyId, "{\"is_active\":true}");
        assertThat(gateway.device(token, "GET", "/devices/me", null).status()).isEqualTo(200);
        assertThat(gateway.device(firstToken, "GET", "/devices/me", null).status()).isEqualTo(401); // still revoked

        assertThat(gateway.admin("DELETE", "/admin/devices/" + deviceId, null).message())
                .isEqualTo("Device deleted successfully");
        TestGateway.Answer deleted = gateway.device(token, "GET", "/devices/me", null);
        assertThat(deleted.status()).isEqualTo(401);
        assertThat(deleted.message()).isEqualTo("Device not found");
        assertThat(gateway.device(firstToken, "GET", "/devices/me", null).status()).isEqualTo(401);
        assertThat(gateway.admin("DELETE", "/admin/devices/" + deviceId, null).status()).isEqualTo(404);
        assertThat(gateway.admin("DELETE", "/admin/devices/not-a-uuid", null).status()).isEqualTo(404);
    }

    @Test
    void tenantsNeverSeeEachOther() {
        String keyA = gateway.createApiKey(5);
        String keyB = gateway.createApiKey(5);
        JsonNode deviceA = gateway.createDevice(keyA, "a");
        JsonNode deviceB = gateway.createDevice(keyB, "b");
        String tokenA = deviceA.path("token").asText();
        String tokenB = deviceB.path("token").asText();

        JsonNode mine = gateway.device(tokenA, "GET", "/devices/me", null).json().path("data");
        assertThat(mine.path("device_id").asText()).isEqualTo(deviceA.path("device_id").asText());

        long webhookOfB = gateway.device(tokenB, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/b\"}").json()
                .path("data").path("webhook_id").asLong();
        TestGateway.Answer foreign = gateway.device(tokenA, "GET", "/webhooks/" + webhookOfB, null);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.message()).isEqualTo("webhook not found");
        assertThat(gateway.device(tokenA, "PATCH", "/webhooks/" + webhookOfB, "{\"url\":\"http://127.0.0.1:9/x\"}")
                .status()).isEqualTo(404);
        assertThat(gateway.device(tokenA, "GET", "/webhooks/" + webhookOfB + "/logs", null).status()).isEqualTo(404);
        assertThat(gateway.device(tokenA, "DELETE", "/webhooks/" + webhookOfB, null).status()).isEqualTo(200);
        assertThat(gateway.device(tokenB, "GET", "/webhooks/" + webhookOfB, null).status()).isEqualTo(200);
        assertThat(gateway.device(tokenA, "GET", "/webhooks", null).json().path("data").path("webhooks").size())
                .isZero();

        long keyAId = keyId(keyA);
        List<String> listed = new ArrayList<>();
        gateway.admin("GET", "/admin/api-keys/" + keyAId + "/devices", null).json().path("data")
                .forEach(row -> listed.add(row.path("device_id").asText()));
        assertThat(listed).containsExactly(deviceA.path("device_id").asText());
    }

    @Test
    void aDeviceNeverReadsAnotherDevicesChat() {
        String phoneB = "15551111000";
        String friend = "15551111001";
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + phoneB + "\",\"name\":\"B\"}");
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + friend + "\",\"name\":\"Friend\"}");
        String tokenA = gateway.createDevice(gateway.createApiKey(5), "reader").path("token").asText();
        String tokenB = gateway.createDevice(gateway.createApiKey(5), "writer").path("token").asText();
        String qr = gateway.device(tokenB, "POST", "/devices/me/login?output=json", null).json().path("data")
                .path("qr").asText();
        gateway.admin("POST", "/sandbox/phones/" + phoneB + "/link", "{\"qr\":\"" + qr + "\"}");
        ReadmeFlowTest.await(() -> gateway.device(tokenB, "GET", "/devices/me/status", null).json().path("data")
                .path("connected").asBoolean(), "device B to connect");
        assertThat(gateway.device(tokenB, "POST", "/chats/" + friend + "/messages", "{\"text\":\"private\"}")
                .status()).isEqualTo(200);
        gateway.admin("POST", "/sandbox/phones/" + friend + "/messages", "{\"to\":\"" + phoneB
                + "\",\"text\":\"also private\"}");
        ReadmeFlowTest.await(() -> gateway.device(tokenB, "GET", "/chats/" + friend + "/messages", null).json()
                .path("data").path("messages").size() == 2, "device B's chat to hold both messages");

        // the same chat, every form of its name, read with A's token: nothing of B's
        for (String chat : new String[]{friend, "+" + friend, friend + "%40s.whatsapp.net", friend + "@s.whatsapp.net"}) {
            TestGateway.Answer foreign = gateway.device(tokenA, "GET", "/chats/" + chat + "/messages", null);
            assertThat(foreign.status()).isEqualTo(200);
            assertThat(foreign.json().path("data").path("messages").size()).as(chat).isZero();
            assertThat(foreign.body()).doesNotContain("private");
        }
    }

    @Test
    void theDeviceLimitBelongsToEachKey() {
        String full = gateway.createApiKey(1);
        String other = gateway.createApiKey(1);
        String fullsDevice = gateway.createDevice(full, "the only one").path("device_id").asText();
        assertThat(gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", full)).message())
                .isEqualTo("Device limit reached");
        // another key's devices neither count against it nor are listed with it
        String othersDevice = gateway.createDevice(other, "its own").path("device_id").asText();
        assertThat(gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", other)).message())
                .isEqualTo("Device limit reached");
        List<String> listed = new ArrayList<>();
        gateway.admin("GET", "/admin/api-keys/" + keyId(full) + "/devices", null).json().path("data")
                .forEach(row -> listed.add(row.path("device_id").asText()));
        assertThat(listed).containsExactly(fullsDevice);
        JsonNode details = gateway.admin("GET", "/admin/api-keys/" + keyId(other), null).json().path("data");
        assertThat(details.path("device_count").asInt()).isEqualTo(1);
        assertThat(details.path("devices").get(0).path("device_id").asText()).isEqualTo(othersDevice);
        // freeing a place on one key frees it there only
        gateway.admin("DELETE", "/admin/devices/" + fullsDevice, null);
        assertThat(gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", other)).message())
                .isEqualTo("Device limit reached");
        assertThat(gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", full)).status()).isEqualTo(201);
    }

    @Test
    void webhookRoutesFollowTheContract() {
        String token = gateway.createDevice(gateway.createApiKey(5), "hooks").path("token").asText();
        assertThat(gateway.device(token, "POST", "/webhooks", "{}").message()).isEqualTo("url is required");
        assertThat(gateway.device(token, "POST", "/webhooks", "[1]").message()).isEqualTo("invalid request body");
        assertThat(gateway.device(token, "GET", "/webhooks/abc", null).message()).isEqualTo("invalid webhook_id");
        assertThat(gateway.device(token, "POST", "/webhooks", "{\"url\":\"ftp://127.0.0.1/x\"}").status())
                .isEqualTo(400);
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/" + i + "\"}")
                    .status()).isEqualTo(200);
        }
        TestGateway.Answer sixth = gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/6\"}");
        assertThat(sixth.status()).isEqualTo(400);
        assertThat(sixth.message()).isEqualTo("webhook limit reached");

        JsonNode first = gateway.device(token, "GET", "/webhooks", null).json().path("data").path("webhooks").get(0);
        long id = first.path("ID").asLong();
        assertThat(first.path("Events").size()).isZero();
        assertThat(gateway.device(token, "PATCH", "/webhooks/" + id,
                "{\"url\":\"http://127.0.0.1:9/new\",\"events\":[\"message.received\"]}").message())
                .isEqualTo("webhook updated");
        JsonNode updated = gateway.device(token, "GET", "/webhooks/" + id, null).json().path("data").path("webhook");
        assertThat(updated.path("URL").asText()).endsWith("/new");
        assertThat(updated.path("Active").asBoolean()).isFalse(); // absent "active" means false (row 76)
        assertThat(gateway.device(token, "POST", "/webhooks/" + id + "/test", null).message())
                .isEqualTo("test webhook dispatched");
        JsonNode logs = gateway.device(token, "GET", "/webhooks/" + id + "/logs", null).json().path("data").path("logs");
        assertThat(logs.size()).isEqualTo(1);
        assertThat(logs.get(0).path("EventType").asText()).isEqualTo("test.ping");
        // only the chosen webhook (switched off by the PATCH above): the four others, active, unfiltered, got no row
        for (JsonNode other : gateway.device(token, "GET", "/webhooks", null).json().path("data").path("webhooks")) {
            if (other.path("ID").asLong() != id) {
                assertThat(other.path("Active").asBoolean()).isTrue();
                assertThat(gateway.device(token, "GET", "/webhooks/" + other.path("ID").asLong() + "/logs", null)
                        .json().path("data").path("logs").size()).isZero();
            }
        }
        assertThat(gateway.device(token, "DELETE", "/webhooks/" + id, null).message()).isEqualTo("webhook deleted");
        assertThat(gateway.device(token, "DELETE", "/webhooks/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void adminViewsCountWhatExists() {
        String key = gateway.createApiKey(5);
        gateway.createDevice(key, "counted");
        JsonNode stats = gateway.admin("GET", "/admin/stats", null).json().path("data");
        assertThat(stats.path("total_api_keys").asLong()).isPositive();
        assertThat(stats.path("pending_devices").asLong()).isPositive();
        JsonNode health = gateway.admin("GET", "/admin/health", null).json().path("data");
        assertThat(health.path("database").asText()).isEqualTo("ok");
        assertThat(health.path("uptime").asText()).matches("(\\d+d )?(\\d+h )?(\\d+m )?\\d+s");
        JsonNode devices = gateway.admin("GET", "/admin/devices", null).json().path("data");
        assertThat(devices.path("summary").path("total").asInt()).isEqualTo(devices.path("devices").size());
        assertThat(devices.path("devices").get(0).path("created_at").asText()).doesNotContain(".");
        JsonNode live = gateway.admin("GET", "/admin/devices/status", null).json().path("data");
        assertThat(live.path("summary").path("offline").asInt()).isPositive();
        JsonNode reconnect = gateway.admin("POST", "/admin/devices/reconnect", null).json().path("data");
        assertThat(reconnect.path("summary").path("skipped").asInt()).isPositive();
        assertThat(gateway.admin("GET", "/admin/webhooks/stats", null).json().path("data").has("success_rate"))
                .isTrue();
    }

    @Test
    void noApiKeyOrDeviceSecretIsStoredInClear() {
        String key = gateway.createApiKey(5);
        JsonNode device = gateway.createDevice(key, "secretive");
        String secret = device.path("device_secret").asText();
        List<String> tables = gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                "select table_name from information_schema.tables where table_schema = current_schema()"
                        + " and table_type = 'BASE TABLE'").mapTo(String.class).list());
        assertThat(tables).contains("api_keys", "devices");
        for (String table : tables) {
            // every row as text, bytea columns in hex: neither the secrets nor their raw bytes may appear
            List<String> rows = gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                    "select t::text from \"" + table + "\" t").mapTo(String.class).list());
            for (String row : rows) {
                assertThat(row).as(table).doesNotContain(key).doesNotContain(secret)
                        .doesNotContain(HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)))
                        .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // it uses up this address's token requests for the minute
    void tokenRegenerationIsRateLimitedPerAddress() {
        int refused = 0;
        for (int i = 0; i < 12; i++) {
            TestGateway.Answer answer = gateway.call("POST", "/devices/token",
                    "{\"device_id\":\"x\",\"device_secret\":\"y\"}", Map.of());
            if (answer.status() == 429) {
                refused++;
                assertThat(answer.message()).isEqualTo("Too many requests");
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(2);
    }

    private static long keyId(String key) {
        String masked = key.substring(0, 8) + "..." + key.substring(key.length() - 4);
        for (JsonNode row : gateway.admin("GET", "/admin/api-keys", null).json().path("data")) {
            if (row.path("api_key_masked").asText().equals(masked)) {
                return row.path("id").asLong();
            }
        }
        throw new AssertionError("key not listed");
    }
}
