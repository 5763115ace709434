package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paired device survives a full stop and start of the gateway (new session manager, new token cache, same
 * database): it is restored at boot without a QR, its old token still works, its Signal sessions still decrypt,
 * and it can still send. The WhatsApp side is a standalone sandbox that outlives both gateways, as WhatsApp would.
 */
class SessionRestartTest {

    private static final String PHONE = "15550303030";
    private static final String FRIEND = "15550404040";

    @TempDir
    Path workingDir;

    @Test
    void aPairedDeviceIsRestoredAtBootAndKeepsWorking() {
        try (SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(
                Curve25519.generateKeyPair(SecureRandoms.create())))) {
            sandbox.control().createPhone(PHONE, "Shop");
            sandbox.control().createPhone(FRIEND, "Friend");
            Map<String, String> environment = Map.of("WHATSAPP_SANDBOX", "false",
                    "WHATSAPP_SERVER_URL", sandbox.webSocketUrl().toString(),
                    "WHATSAPP_SERVER_ROOT_KEY", sandbox.rootPublicKeyHex());

            String token;
            try (TestGateway first = TestGateway.start(environment, workingDir)) {
                JsonNode device = first.createDevice(first.createApiKey(1), "restart");
                token = device.path("token").asText();
                String qr = first.device(token, "POST", "/devices/me/login?output=json", null).json()
                        .path("data").path("qr").asText();
                sandbox.control().linkQr(PHONE, qr);
                await(() -> connected(first, token), "the first login");
                sandbox.control().phoneSendText(FRIEND, PHONE, "before the restart");
                await(() -> chat(first, token).size() == 1, "the first message to be stored");
            }

            try (TestGateway second = TestGateway.start(environment, workingDir)) {
                // restored during start, before the HTTP listener opened
                assertThat(connected(second, token)).isTrue();
                JsonNode me = second.device(token, "GET", "/devices/me", null).json().path("data");
                assertThat(me.path("status").asText()).isEqualTo("active");
                sandbox.control().phoneSendText(FRIEND, PHONE, "after the restart");
                await(() -> chat(second, token).size() == 2, "the second message to be stored");
                assertThat(chat(second, token).get(0).path("text").asText()).isEqualTo("after the restart");
                assertThat(second.device(token, "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"still here\"}").status()).isEqualTo(200);
                await(() -> sandbox.control().phoneMessages(FRIEND).stream()
                        .anyMatch(m -> m.text().equals("still here")), "the friend to receive the reply");
            }
        }
    }

    /**
     * The same in sandbox mode, where the sandbox runs inside the gateway: it keeps its world under the data folder,
     * so after the restart it still knows the phones and the linked device, and their Signal sessions go on.
     */
    @Test
    void inSandboxModeTheSandboxKeepsItsWorldAcrossTheRestart() {
        String token;
        try (TestGateway first = TestGateway.start(Map.of(), workingDir)) {
            token = first.createDevice(first.createApiKey(1), "sandboxed").path("token").asText();
            first.pair(token, PHONE);
            first.sandbox().createPhone(FRIEND, "Friend");
            first.sandbox().phoneSendText(FRIEND, PHONE, "before the restart");
            await(() -> chat(first, token).size() == 1, "the first message to be stored");
        }

        try (TestGateway second = TestGateway.start(Map.of(), workingDir)) {
            assertThat(second.sandbox().devices(PHONE)).hasSize(1);
            await(() -> connected(second, token), "the device to log in again after the restart");
            second.sandbox().phoneSendText(FRIEND, PHONE, "after the restart");
            await(() -> chat(second, token).size() == 2, "the text sent after the restart to be stored");
            assertThat(chat(second, token).get(0).path("text").asText()).isEqualTo("after the restart");
            assertThat(second.device(token, "POST", "/chats/" + FRIEND + "/messages", "{\"text\":\"still here\"}")
                    .status()).isEqualTo(200);
            await(() -> second.sandbox().phoneMessages(FRIEND).stream()
                    .anyMatch(m -> m.text().equals("still here")), "the friend to receive the reply");
        }
    }

    private static boolean connected(TestGateway gateway, String token) {
        return gateway.device(token, "GET", "/devices/me/status", null).json().path("data").path("connected")
                .asBoolean();
    }

    private static JsonNode chat(TestGateway gateway, String token) {
        return gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                .path("messages");
    }
}
