package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook URL policy through the REST API (api.md §7.4, decision 9): with both switches off only public
 * {@code https} targets are accepted, and a refusal is a 400 envelope naming the rule; {@code
 * WEBHOOK_ALLOW_PRIVATE_TARGETS} alone permits private targets but not plain {@code http}. Nothing here connects
 * anywhere: the refused URLs are IP literals or {@code localhost}, and the accepted ones are never delivered to.
 */
class WebhookUrlPolicyTest {

    @Test
    void withBothSwitchesOffPlainHttpAndPrivateTargetsAreRefusedAtCreation() {
        try (TestGateway gateway = TestGateway.start(Map.of("WEBHOOK_ALLOW_INSECURE", "false",
                "WEBHOOK_ALLOW_PRIVATE_TARGETS", "false", "WEBHOOKS_ENABLED", "false"))) {
            String token = gateway.createDevice(gateway.createApiKey(1), "strict").path("token").asText();
            Map<String, String> refusals = Map.of(
                    "http://127.0.0.1:9/hook", "only HTTPS URLs are allowed (WEBHOOK_ALLOW_INSECURE=true permits "
                            + "http:// targets, for local testing)",
                    "http://hooks.example.com/hook", "only HTTPS URLs are allowed (WEBHOOK_ALLOW_INSECURE=true "
                            + "permits http:// targets, for local testing)",
                    "ftp://hooks.example.com/hook", "only HTTPS URLs are allowed",
                    "https://10.0.0.1/hook", "private/local network URLs are not allowed",
                    "https://169.254.169.254/latest/meta-data", "private/local network URLs are not allowed",
                    "https://localhost/hook", "private/local network URLs are not allowed",
                    "https://[::1]:8443/hook", "private/local network URLs are not allowed");
            refusals.forEach((url, reason) -> {
                TestGateway.Answer answer = gateway.device(token, "POST", "/webhooks", "{\"url\":\"" + url + "\"}");
                assertThat(answer.status()).as(url).isEqualTo(400);
                JsonNode envelope = answer.json();
                assertThat(envelope.path("status").asBoolean()).as(url).isFalse();
                assertThat(envelope.path("code").asInt()).as(url).isEqualTo(400);
                assertThat(envelope.path("message").asText()).as(url).isEqualTo(reason);
                assertThat(envelope.path("error").asText()).as(url).isEqualTo(reason);
            });
            assertThat(gateway.device(token, "GET", "/webhooks", null).json().path("data").path("webhooks").size())
                    .isZero();

            // a public https target is accepted (an IP literal: nothing is resolved), and cannot be changed to a
            // refused one
            TestGateway.Answer created = gateway.device(token, "POST", "/webhooks",
                    "{\"url\":\"https://93.184.216.34/hook\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            long id = created.json().path("data").path("webhook_id").asLong();
            TestGateway.Answer patched = gateway.device(token, "PATCH", "/webhooks/" + id,
                    "{\"url\":\"https://169.254.169.254/latest\",\"active\":true}");
            assertThat(patched.status()).isEqualTo(400);
            assertThat(patched.message()).isEqualTo("private/local network URLs are not allowed");
            assertThat(gateway.device(token, "GET", "/webhooks/" + id, null).json().path("data").path("webhook")
                    .path("URL").asText()).isEqualTo("https://93.184.216.34/hook");
        }
    }

    @Test
    void privateTargetsAloneDoNotPermitPlainHttp() {
        try (TestGateway gateway = TestGateway.start(Map.of("WEBHOOK_ALLOW_INSECURE", "false",
                "WEBHOOK_ALLOW_PRIVATE_TARGETS", "true", "WEBHOOKS_ENABLED", "false"))) {
            String token = gateway.createDevice(gateway.createApiKey(1), "private").path("token").asText();
            TestGateway.Answer plain = gateway.device(token, "POST", "/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/hook\"}");
            assertThat(plain.status()).isEqualTo(400);
            assertThat(plain.message()).startsWith("only HTTPS URLs are allowed").contains("WEBHOOK_ALLOW_INSECURE");
            assertThat(gateway.device(token, "POST", "/webhooks", "{\"url\":\"https://127.0.0.1:9/hook\"}").status())
                    .isEqualTo(200);
        }
    }
}
