package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.webhooks.PrivateTargetException;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.TargetVerdict;
import dev.wagateway.webhooks.WebhookSignatures;
import dev.wagateway.webhooks.proxy.WebhookProxies;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one delivery attempt: POSTs the stored body with the signature headers, follows up to 10 redirects itself so
 * that the URL policy checks every hop (OkHttp's own redirects are off), and classifies the answer.
 *
 * <p>Every redirect (301, 302, 303, 307, 308) is followed with the same POST, body and headers: the receiver moved,
 * the event still has to reach it. Every hop is checked by the policy before it is sent, also when it goes through a
 * proxy (which resolves the name itself, out of the policy's reach at connection time). Stateless apart from the
 * shared OkHttp client; safe for concurrent attempts.
 */
public final class WebhookSender {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_REDIRECTS = 10;
    private static final int ERROR_BODY_LIMIT = 1024;

    private final OkHttpClient http;
    private final TargetPolicy policy;
    private final Duration callTimeout;
    private final Clock clock;

    /**
     * @param http   a client without automatic redirects, e.g. {@link #client(DeliverySettings)}; if it resolves names
     *               with the system DNS, this sender makes it resolve through {@code policy} instead
     *               ({@link PolicyDns}; the names of its {@link WebhookProxies}, if it has them, excepted), so the
     *               address connected to is always one the policy accepted. A client with a {@code Dns} of its own
     *               keeps it (tests point public-looking names at loopback that way).
     * @param policy which targets may be called
     * @throws IllegalArgumentException when {@code http} has no call timeout: it is the bound of a whole attempt
     */
    public WebhookSender(OkHttpClient http, TargetPolicy policy, Clock clock) {
        if (http.callTimeoutMillis() <= 0) {
            throw new IllegalArgumentException("the HTTP client needs a call timeout: it bounds each attempt");
        }
        this.http = http.dns() == Dns.SYSTEM ? http.newBuilder().dns(policyDns(http, policy)).build() : http;
        this.policy = policy;
        this.callTimeout = Duration.ofMillis(http.callTimeoutMillis());
        this.clock = clock;
    }

    /**
     * The production sender: the settings' timeouts and proxies, no automatic redirects, names resolved through
     * {@code policy}.
     */
    public WebhookSender(DeliverySettings settings, TargetPolicy policy, Clock clock) {
        this(client(settings), policy, clock);
    }

    /**
     * An OkHttp client with the settings' timeouts and proxies (with their credentials), no automatic redirects or
     * retries, resolving names with the system DNS (which {@link #WebhookSender(OkHttpClient, TargetPolicy, Clock)} replaces
     * with the policy's).
     */
    public static OkHttpClient client(DeliverySettings settings) {
        // No silent retries: OkHttp would repeat a request answered 408 (or 503 with Retry-After: 0) within one
        // attempt, past the retry limit, the backoff and the attempt count.
        // The call timeout alone bounds an attempt (and every read, write and TLS handshake in it: it cancels the
        // call, closing its socket). Read and write timeouts of their own would add nothing but cost: Okio enforces
        // them by putting every socket read and write in its watchdog's queue (a global lock, and a wake-up of the
        // watchdog thread), several times per attempt; with none, those operations skip the queue.
        return new OkHttpClient.Builder().connectTimeout(settings.connectTimeout())
                .callTimeout(settings.callTimeout()).readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO)
                .proxySelector(settings.proxies()).proxyAuthenticator(new ProxyAuthentication(settings.proxies()))
                .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false)
                // Keeps one idle keep-alive connection per attempt slot (OkHttp's default keeps 5): with more attempts
                // in flight to a receiver than that, every call beyond the fifth used to open (and close) a TCP
                // connection, which took a third of the sender's CPU in the burst benchmark. The dispatcher's
                // maxRequestsPerHost (5) does not apply: attempts are synchronous calls on their own threads, bounded
                // by the slots and the per-webhook cap.
                .connectionPool(new ConnectionPool(settings.slots(), 5, TimeUnit.MINUTES))
                .build();
    }

    private static PolicyDns policyDns(OkHttpClient http, TargetPolicy policy) {
        return new PolicyDns(policy, http.proxySelector() instanceof WebhookProxies proxies ? proxies.proxyHosts()
                : Set.of());
    }

    /**
     * One attempt of {@code delivery} to {@code webhook}: checks the target, POSTs, classifies the answer. The whole
     * attempt, every redirect hop and every name resolution included, ends within the call timeout (api.md §7.3:
     * 10 s in all), which is what lets the claim's lease outlast it.
     */
    public AttemptOutcome send(Webhook webhook, WebhookDelivery delivery) {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookSignatures.headers(webhook.secret(), delivery.eventId().toString(),
                clock.instant().getEpochSecond(), body, delivery.eventType());
        String url = webhook.url();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Optional<TargetVerdict> verdict = verdictBefore(url, deadline);
            if (verdict.isEmpty()) {
                return timedOut(hop);
            }
            switch (verdict.get()) {
                case TargetVerdict.Refused refused -> {
                    return refusedByPolicy(refused.reason(), hop, url);
                }
                case TargetVerdict.Unresolved unresolved -> {
                    // DNS failures are often short: retry like any other network failure.
                    return new AttemptOutcome.Retryable(unresolved.reason(), Optional.empty());
                }
                case TargetVerdict.Allowed allowed -> {
                }
            }
            HttpUrl target = HttpUrl.parse(url);
            if (target == null) {
                return refusedByPolicy("invalid URL", hop, url);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return timedOut(hop);
            }
            Request.Builder request = new Request.Builder().url(target).post(RequestBody.create(body, JSON));
            headers.forEach(request::header);
            Call call = http.newCall(request.build());
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS); // what is left of the attempt, not 10 s a hop
            try (Response response = call.execute()) {
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
                Optional<PrivateTargetException> privateTarget = privateTarget(e);
                if (privateTarget.isPresent()) {
                    // refused when connecting, before a byte of this hop was sent
                    return refusedByPolicy(privateTarget.get().getMessage(), hop, url);
                }
                return new AttemptOutcome.Retryable(e.getClass().getSimpleName() + ": " + e.getMessage(),
                        Optional.empty());
            }
        }
        return new AttemptOutcome.Refused("more than " + MAX_REDIRECTS + " redirects");
    }

    /**
     * The policy's verdict on {@code url}, or empty when it is not known before {@code deadline}: resolving a name
     * can block far longer than an attempt may last, so it runs on its own virtual thread and is abandoned then.
     */
    private Optional<TargetVerdict> verdictBefore(String url, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return Optional.empty();
        }
        FutureTask<TargetVerdict> check = new FutureTask<>(() -> policy.verdict(url));
        Thread.ofVirtual().name("webhook-target-check").start(check);
        try {
            return Optional.of(check.get(remaining, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            check.cancel(true);
            return Optional.empty();
        } catch (InterruptedException e) {
            check.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the URL policy failed", e.getCause());
        }
    }

    /**
     * A refusal of the URL policy: of the webhook's own URL, before any request, it is no attempt at all; of a
     * redirect hop it ends an attempt that was made, and names where the redirect pointed.
     */
    private static AttemptOutcome refusedByPolicy(String reason, int hop, String url) {
        return hop == 0 ? new AttemptOutcome.Blocked(reason)
                : new AttemptOutcome.Refused(reason + " (redirect to " + url + ")");
    }

    private AttemptOutcome timedOut(int hop) {
        return new AttemptOutcome.Retryable("timeout: no answer within " + callTimeout.toMillis() + " ms"
                + (hop > 0 ? " (after " + hop + (hop == 1 ? " redirect)" : " redirects)") : ""), Optional.empty());
    }

    /** The policy's refusal at connection time, wherever OkHttp put it (thrown as is, as a cause or suppressed). */
    private static Optional<PrivateTargetException> privateTarget(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PrivateTargetException refused) {
                return Optional.of(refused);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof PrivateTargetException refused) {
                    return Optional.of(refused);
                }
            }
        }
        return Optional.empty();
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

    /** The start of an error answer for {@code last_error}; reading it never changes how the answer is classified. */
    private static String excerpt(ResponseBody body) {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }
}
