package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a device logs its WhatsApp session out (api.md Decision 4) whether its client is connected or not: the
 * phone no longer lists the companion, and the device row and every protocol-store row of the device are gone.
 */
class DeviceDeletionTest {

    /** The protocol store's tables (migrations V100, V102, V103, V131, V300), each keyed by {@code device_key}. */
    private static final List<String> PROTOCOL_TABLES = List.of("wa_device_credentials", "wa_paired_devices",
            "wa_pre_key_counters", "wa_signal_identities", "wa_signal_pre_keys", "wa_signal_signed_pre_keys",
            "wa_signal_sessions", "wa_signal_sender_keys", "wa_app_state_sync_keys", "wa_app_state_collections",
            "wa_lid_mappings", "wa_decryption_buffer", "wa_privacy_tokens", "wa_waiting_deliveries");

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
    void theListOfProtocolTablesIsComplete() {
        List<String> keyed = gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                "select table_name from information_schema.columns where table_schema = current_schema()"
                        + " and column_name = 'device_key'").mapTo(String.class).list());
        assertThat(keyed).containsExactlyInAnyOrderElementsOf(PROTOCOL_TABLES);
    }

    @Test
    void aConnectedDeviceIsLoggedOutAndErased() {
        String phone = "15551010101";
        JsonNode device = gateway.createDevice(gateway.createApiKey(1), "connected");
        UUID id = UUID.fromString(device.path("device_id").asText());
        gateway.pair(device.path("token").asText(), phone);
        assertThat(gateway.sandbox().devices(phone)).hasSize(1);
        assertThat(protocolRows(id)).isPositive();

        delete(id);
        assertErased(id, phone);
    }

    @Test
    void aDeviceWhoseClientStoppedIsConnectedToLogOutAndErased() {
        String phone = "15551020202";
        JsonNode device = gateway.createDevice(gateway.createApiKey(1), "stopped");
        UUID id = UUID.fromString(device.path("device_id").asText());
        String token = device.path("token").asText();
        gateway.pair(token, phone);
        gateway.application().services().sessions().client(id).orElseThrow().disconnect();
        await(() -> !gateway.connected(token), "the client to stop");
        await(() -> gateway.sandbox().devices(phone).stream().noneMatch(d -> d.online()), "the phone to see it go");
        assertThat(gateway.sandbox().devices(phone)).hasSize(1); // still linked: only the connection ended

        delete(id);
        assertErased(id, phone);
    }

    private static void delete(UUID id) {
        TestGateway.Answer deleted = gateway.admin("DELETE", "/admin/devices/" + id, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    }

    private static void assertErased(UUID id, String phone) {
        // the server unlinks when it answers the logout; the answer may reach us a moment before it is done
        await(() -> gateway.sandbox().devices(phone).isEmpty(), "the phone to unlist the companion");
        assertThat(protocolRows(id)).isZero();
        long deviceRows = gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from devices where device_id = :id").bind("id", id).mapTo(Long.class).one());
        assertThat(deviceRows).isZero();
    }

    private static long protocolRows(UUID id) {
        long rows = 0;
        for (String table : PROTOCOL_TABLES) {
            rows += gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                    "select count(*) from " + table + " where device_key = :key").bind("key", id.toString())
                    .mapTo(Long.class).one());
        }
        return rows;
    }
}
