package dev.wagateway.protocol.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Media exchanges over the JDK's HTTP client, straight to the media hosts (redirects followed). */
final class JdkMediaHttp implements MediaHttp {

    private final MediaTransferConfig config;
    private final HttpClient http;

    JdkMediaHttp(MediaTransferConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().sslContext(config.sslContext()).connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
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
    }
}
