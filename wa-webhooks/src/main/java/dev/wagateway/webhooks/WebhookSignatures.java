package dev.wagateway.webhooks;

import dev.wagateway.protocol.crypto.Hmac;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that let a receiver verify a delivery (contract §7.3 and decision 7): the original's
 * {@code X-Webhook-Signature}/{@code X-Hub-Signature-256} (hex HMAC-SHA256 of the body) and the Standard Webhooks
 * headers {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} (v1: base64 HMAC-SHA256 over
 * {@code id.timestamp.body}), which also let the receiver refuse replays and drop duplicates.
 *
 * <p>Both use the webhook's secret as ASCII bytes; for Standard Webhooks libraries that secret is
 * {@link #standardWebhooksSecret(String)}.
 */
public final class WebhookSignatures {

    public static final String USER_AGENT = "WhatsApp-API-MultiSession/1.0";

    private WebhookSignatures() {
    }

    /**
     * Every header of a delivery attempt.
     *
     * @param webhookId a stable id of this event for this webhook (the same on every retry, so receivers deduplicate)
     * @param timestamp unix seconds of this attempt
     */
    public static Map<String, String> headers(String secret, String webhookId, long timestamp, byte[] body,
                                              String eventType) {
        byte[] key = secret.getBytes(StandardCharsets.US_ASCII);
        String hex = "sha256=" + HexFormat.of().formatHex(hmac(key, body));
        byte[] signedContent = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        String standard = "v1," + Base64.getEncoder().encodeToString(hmac(key, signedContent, body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Webhook-Event", eventType);
        headers.put("X-Webhook-Signature", hex);
        headers.put("X-Hub-Signature-256", hex);
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", standard);
        return headers;
    }

    /** The secret in the {@code whsec_<base64>} form Standard Webhooks verifiers take. */
    public static String standardWebhooksSecret(String secret) {
        return "whsec_" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * From the protocol's pool of HMAC-SHA256 engines: a JCE look-up per signature (two per delivery) was an
     * allocation-heavy provider search on every attempt.
     */
    private static byte[] hmac(byte[] key, byte[]... parts) {
        return Hmac.sha256(key, parts);
    }
}
