package dev.wagateway.protocol.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Media exchanges over the JDK's HTTP client, straight to the media hosts (redirects followed). One per session's
 * transfers, so an account's media connections are its own, as a browser's are. Its async work runs on virtual
 * threads: the JDK client's default executor is a cached pool of platform threads per client, which with hundreds of
 * sessions came and went by the hundred (the 200-device soak's thread count swinging between 287 and 353); what is
 * left per client is its one selector thread.
 */
final class JdkMediaHttp implements MediaHttp {

    private final MediaTransferConfig config;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    JdkMediaHttp(MediaTransferConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().sslContext(config.sslContext()).connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).executor(executor).build();
    }

    @Override
    public Answer post(URI uri, Path body) throws IOException {
        return send(request(uri).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(body)).build());
    }

    @Override
    public Answer get(URI uri) throws IOException {
        return send(request(uri).GET().build());
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Origin", MediaTransfer.ORIGIN).header("Referer", MediaTransfer.ORIGIN + "/");
    }

    private Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Answer(response.statusCode(), length < 0 ? OptionalLong.empty() : OptionalLong.of(length),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("media transfer interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
        executor.close(); // the client does not stop an executor it was given
    }
}
