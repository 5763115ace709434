package dev.wagateway.protocol.version;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the page that announces the current web version. Bounded: one deadline for the whole exchange (headers
 * and body), a body larger than {@link #MAX_BYTES} is cut off and refused, anything but a 200 is refused.
 */
public final class WebVersionFetcher {

    /** WhatsApp's page is a few hundred kilobytes; anything far larger is not it. */
    public static final int MAX_BYTES = 4 << 20;

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout the deadline for the whole request, body included */
    public WebVersionFetcher(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * The version announced at {@code url}.
     *
     * @throws IOException when the page cannot be read in time, is too large, answers other than 200, or holds no
     *                     version
     */
    public WebVersion fetch(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                // whatsmeow sends a browser's navigation headers: the page is not served to unknown agents
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/148.0.0.0 Safari/537.36")
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Accept-Language", "en-US,en;q=0.9")
                .header("Sec-Fetch-Dest", "document").header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Site", "none").build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Bounded(MAX_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("no answer from " + url + " within " + timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("fetching " + url + " failed: " + cause.getMessage(), cause);
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return WebVersionPage.parse(new String(response.body(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new IOException(url + " announces no client_revision"));
    }

    /** Collects a body up to a limit; a longer one fails instead of filling the heap. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream collected = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription newSubscription) {
            subscription = newSubscription;
            newSubscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (collected.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("page larger than " + limit + " bytes"));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                collected.write(bytes, 0, bytes.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(collected.toByteArray());
        }
    }
}
