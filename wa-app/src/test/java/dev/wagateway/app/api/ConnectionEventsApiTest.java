package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection events of api.md §7.9 that depend on what WhatsApp answers a login: a refused login is
 * {@code connection.connect_failure} (or {@code connection.temporary_ban}) with whatsmeow's reason names and the
 * device marked disconnected; the push name the device knows goes out with {@code connection.connected}.
 */
class ConnectionEventsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> DELIVERED = new CopyOnWriteArrayList<>();
    private static TestGateway gateway;
    private static HttpServer receiver;
    private String phone;
    private String token;
    private String deviceId;
    private String device;

    @BeforeAll
    static void startGateway() throws IOException {
        gateway = TestGateway.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            DELIVERED.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopGateway() {
        receiver.stop(0);
        gateway.close();
    }

    /** Each test has a device (and sandbox phone) of its own, with a webhook hearing every event. */
    private void pairDevice(String number) {
        phone = number;
        token = gateway.pairedDeviceWithWebhook(phone, "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/events");
        deviceId = gateway.device(token, "GET", "/devices/me", null).json().path("data").path("device_id").asText();
        device = gateway.sandbox().devices(phone).getFirst().jid();
        // the first connection.connected follows the phone's app-state key share and critical_block sync: from
        // then on a push name set here is published in app state, not overwritten by the phone's
        awaitEvent("connection.connected");
    }

    @Test
    void aRefusedLoginIsAConnectFailureWithWhatsmeowsReasonAndTheDeviceIsDisconnected() {
        pairDevice("15556060601");
        refuseLogins("\"reason\":415,\"message\":\"account not found\"");

        JsonNode failure = awaitEvent("connection.connect_failure");
        assertThat(failure.path("data").path("jid").asText()).isEqualTo(phone);
        assertThat(failure.path("data").path("reason").asText()).isEqualTo("415: unknown error");
        assertThat(failure.path("data").path("message").asText()).isEqualTo("account not found");
        await(() -> gateway.device(token, "GET", "/devices/me", null).json().path("data").path("status").asText()
                .equals("disconnected"), "the device to be marked disconnected");
        // the contract's companion event: connection.disconnected with the refusal as reason (api.md §7.9)
        await(() -> DELIVERED.stream().anyMatch(e -> ofThisDevice(e, "connection.disconnected")
                && e.path("data").path("reason").asText().startsWith("connect_failure: ")),
                "connection.disconnected with reason connect_failure");
        assertThat(event("connection.logged_out")).isEmpty();

        // once WhatsApp accepts the device again, a reconnect logs it in
        gateway.admin("POST", "/sandbox/faults", "{\"type\":\"refuse_login\",\"device\":\"" + device
                + "\",\"reason\":0}");
        gateway.device(token, "POST", "/devices/me/reconnect", null);
        await(() -> gateway.connected(token), "the device to log in again");
    }

    @Test
    void aTemporaryBanIsItsOwnEventWithTheBanCodeAndDuration() {
        pairDevice("15556060602");
        refuseLogins("\"reason\":402,\"code\":\"101\",\"expire\":3600");

        JsonNode ban = awaitEvent("connection.temporary_ban");
        assertThat(ban.path("data").path("reason").asInt()).isEqualTo(101);
        assertThat(ban.path("data").path("expires").asLong()).isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(event("connection.connect_failure")).isEmpty();
        await(() -> gateway.device(token, "GET", "/devices/me", null).json().path("data").path("status").asText()
                .equals("disconnected"), "the device to be marked disconnected");
    }

    @Test
    void theConnectedEventCarriesThePushNameTheDeviceKnows() {
        pairDevice("15556060603");
        TestGateway.Answer named = gateway.device(token, "POST", "/users/me/name", "{\"name\":\"Acme Shop\"}");
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        gateway.device(token, "POST", "/devices/me/reconnect", null);

        await(() -> DELIVERED.stream().anyMatch(e -> ofThisDevice(e, "connection.connected")
                && e.path("data").path("push_name").asText().equals("Acme Shop")), "connected with the push name");
        JsonNode connected = DELIVERED.stream().filter(e -> ofThisDevice(e, "connection.connected")).toList()
                .getLast();
        assertThat(connected.path("data").path("push_name").asText()).isEqualTo("Acme Shop");
    }

    /** The sandbox refuses the device's logins as {@code fields} say; its connection drops, so it logs in again. */
    private void refuseLogins(String fields) {
        TestGateway.Answer fault = gateway.admin("POST", "/sandbox/faults", "{\"type\":\"refuse_login\",\"device\":\""
                + device + "\"," + fields + "}");
        assertThat(fault.status()).as(fault.body()).isEqualTo(200);
        gateway.sandbox().dropConnection(device);
    }

    private JsonNode awaitEvent(String type) {
        await(() -> event(type).isPresent(), type);
        return event(type).orElseThrow();
    }

    private Optional<JsonNode> event(String type) {
        return DELIVERED.stream().filter(e -> ofThisDevice(e, type)).findFirst();
    }

    private boolean ofThisDevice(JsonNode event, String type) {
        return event.path("event_type").asText().equals(type) && event.path("device_id").asText().equals(deviceId);
    }
}
