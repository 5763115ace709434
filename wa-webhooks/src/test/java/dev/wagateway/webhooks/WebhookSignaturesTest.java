package dev.wagateway.webhooks;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signatures checked by an independent verifier written here from the Standard Webhooks specification
 * (secret {@code whsec_<base64 key>}, signed content {@code id.timestamp.body}, header {@code v1,<base64>}, several
 * space-separated signatures allowed, timestamp within a tolerance) and from the contract's §7.3.
 */
class WebhookSignaturesTest {

    private static final String SECRET = "3f5a7c9e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a";

    @Test
    void aStandardWebhooksVerifierAcceptsTheDeliveryAndRefusesTampering() throws Exception {
        byte[] body = "{\"event_type\":\"message.received\",\"data\":{\"text\":\"héllo\"}}".getBytes(StandardCharsets.UTF_8);
        long now = 1_774_433_730L;
        Map<String, String> headers = WebhookSignatures.headers(SECRET, "evt_01", now, body, "message.received");

        String standardSecret = WebhookSignatures.standardWebhooksSecret(SECRET);
        assertThat(verify(standardSecret, headers, body, now)).isTrue();
        assertThat(verify(standardSecret, headers, "{}".getBytes(StandardCharsets.UTF_8), now)).isFalse();
        assertThat(verify(standardSecret, Map.of("webhook-id", "evt_02", "webhook-timestamp", headers.get("webhook-timestamp"),
                "webhook-signature", headers.get("webhook-signature")), body, now)).isFalse();
        assertThat(verify(standardSecret, headers, body, now + 600)).as("replayed ten minutes later").isFalse();
        assertThat(verify("whsec_" + Base64.getEncoder().encodeToString("other".getBytes()), headers, body, now)).isFalse();
    }

    @Test
    void theOriginalsHeadersCarryTheHexHmacOfTheBody() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookSignatures.headers(SECRET, "evt", 1, body, "test.ping");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        assertThat(headers.get("X-Webhook-Signature")).isEqualTo(expected);
        assertThat(headers.get("X-Hub-Signature-256")).isEqualTo(expected);
        assertThat(headers.get("X-Webhook-Event")).isEqualTo("test.ping");
        assertThat(headers.get("User-Agent")).isEqualTo("WhatsApp-API-MultiSession/1.0");
    }

    /** Standard Webhooks verification, from the specification, independent of the code under test. */
    private static boolean verify(String secret, Map<String, String> headers, byte[] body, long now) throws Exception {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        if (Math.abs(now - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        mac.update(body);
        byte[] expected = mac.doFinal();
        for (String candidate : signatures.split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }
}
