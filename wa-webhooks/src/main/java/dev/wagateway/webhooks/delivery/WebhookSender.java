package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.WebhookSignatures;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one delivery attempt: POSTs the stored body with the signature headers, follows up to 10 redirects itself so
 * that the URL policy checks every hop (OkHttp's own redirects are off), and classifies the answer.
 */
public final class WebhookSender {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_REDIRECTS = 10;
    private static final int ERROR_BODY_LIMIT = 1024;

    private final OkHttpClient http;
    private final TargetPolicy policy;
    private final Clock clock;

    /**
     * @param http   a client built by {@link #client(DeliverySettings)} (or equivalent: no automatic redirects)
     * @param policy which targets may be called
     */
    public WebhookSender(OkHttpClient http, TargetPolicy policy, Clock clock) {
        this.http = http;
        this.policy = policy;
        this.clock = clock;
    }

    /** An OkHttp client with the settings' timeouts and no automatic redirects. */
    public static OkHttpClient client(DeliverySettings settings) {
        return new OkHttpClient.Builder().connectTimeout(settings.connectTimeout())
                .callTimeout(settings.callTimeout()).readTimeout(settings.callTimeout())
                .followRedirects(false).followSslRedirects(false).build();
    }

    /** One attempt of {@code delivery} to {@code webhook}. */
    public AttemptOutcome send(Webhook webhook, WebhookDelivery delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookSignatures.headers(webhook.secret(), delivery.eventId().toString(),
                clock.instant().getEpochSecond(), body, delivery.eventType());
        String url = webhook.url();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Optional<String> refusal = policy.refusal(url);
            if (refusal.isPresent()) {
                return new AttemptOutcome.Refused(refusal.get());
            }
            HttpUrl target = HttpUrl.parse(url);
            if (target == null) {
                return new AttemptOutcome.Refused("invalid URL: " + url);
            }
            Request.Builder request = new Request.Builder().url(target).post(RequestBody.create(body, JSON));
            headers.forEach(request::header);
            try (Response response = http.newCall(request.build()).execute()) {
                int status = response.code();
                if (status >= 200 && status < 300) {
                    return new AttemptOutcome.Delivered(status);
                }
                if (response.isRedirect()) {
                    String location = response.header("Location");
                    HttpUrl next = location == null ? null : target.resolve(location);
                    if (next == null) {
                        return new AttemptOutcome.Refused("HTTP " + status + ": redirect without a usable Location");
                    }
                    url = next.toString();
                    continue;
                }
                String error = "HTTP " + status + ": " + excerpt(response.body());
                if (status == 410) {
                    return new AttemptOutcome.Gone(error);
                }
                if (status == 408 || status == 429 || status >= 500) {
                    return new AttemptOutcome.Retryable(error, retryAfter(response.header("Retry-After")));
                }
                return new AttemptOutcome.Refused(error);
            } catch (IOException e) {
                return new AttemptOutcome.Retryable(e.getClass().getSimpleName() + ": " + e.getMessage(),
                        Optional.empty());
            }
        }
        return new AttemptOutcome.Refused("more than " + MAX_REDIRECTS + " redirects");
    }

    /** {@code Retry-After} as seconds or an HTTP date; empty when absent or unreadable. */
    Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    private static String excerpt(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8).strip();
        }
    }
}
