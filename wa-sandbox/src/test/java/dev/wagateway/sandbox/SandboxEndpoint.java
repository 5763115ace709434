package dev.wagateway.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** How test devices reach a sandbox: in-process, or over its control API when it runs as its own process. */
interface SandboxEndpoint {

    URI webSocketUrl();

    byte[] rootPublicKey();

    void linkQr(String phone, String qr);

    void linkCode(String phone, String code);

    /** An in-process sandbox. */
    static SandboxEndpoint of(SandboxServer server) {
        return new SandboxEndpoint() {
            @Override
            public URI webSocketUrl() {
                return server.webSocketUrl();
            }

            @Override
            public byte[] rootPublicKey() {
                return server.rootPublicKey();
            }

            @Override
            public void linkQr(String phone, String qr) {
                server.control().linkQr(phone, qr);
            }

            @Override
            public void linkCode(String phone, String code) {
                server.control().linkCode(phone, code);
            }
        };
    }

    /** A sandbox in another process, driven through {@code control} (e.g. {@code http://127.0.0.1:7011/sandbox}). */
    static SandboxEndpoint overHttp(URI webSocketUrl, byte[] rootKey, URI control, HttpClient http) {
        return new SandboxEndpoint() {
            @Override
            public URI webSocketUrl() {
                return webSocketUrl;
            }

            @Override
            public byte[] rootPublicKey() {
                return rootKey.clone();
            }

            @Override
            public void linkQr(String phone, String qr) {
                post(control + "/phones/" + phone + "/link", "{\"qr\":\"" + qr + "\"}");
            }

            @Override
            public void linkCode(String phone, String code) {
                post(control + "/phones/" + phone + "/link-code", "{\"code\":\"" + code + "\"}");
            }

            private void post(String url, String json) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
