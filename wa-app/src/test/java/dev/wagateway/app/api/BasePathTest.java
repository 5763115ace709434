package dev.wagateway.app.api;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code HTTP_BASE_URL} prefixes every route, the documentation included (contract §1). */
class BasePathTest {

    @Test
    void everyRouteLivesUnderTheBasePath() {
        try (TestGateway gateway = TestGateway.start(Map.of("HTTP_BASE_URL", " api/v1/ "))) {
            assertThat(gateway.call("GET", "/api/v1", null, Map.of()).message()).isEqualTo("Working great!");
            assertThat(gateway.call("GET", "/api/v1/", null, Map.of()).message()).isEqualTo("Working great!");
            TestGateway.Answer created = gateway.call("POST", "/api/v1/admin/api-keys", "{\"customer_name\":\"P\"}",
                    Map.of("X-Admin-Secret", gateway.adminSecret()));
            assertThat(created.status()).isEqualTo(201);
            String key = created.json().path("data").path("api_key").asText();
            String token = gateway.call("POST", "/api/v1/devices", "{}", Map.of("X-API-Key", key)).json()
                    .path("token").asText();
            assertThat(gateway.call("GET", "/api/v1/devices/me", null, Map.of("Authorization", "Bearer " + token))
                    .status()).isEqualTo(200);
            assertThat(gateway.call("GET", "/admin/stats", null, Map.of("X-Admin-Secret", gateway.adminSecret()))
                    .status()).isEqualTo(404);
            var document = gateway.call("GET", "/api/v1/docs/swagger.json", null, Map.of()).json();
            assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo("/api/v1");
            assertThat(gateway.call("GET", "/api/v1/docs/index.html", null, Map.of()).body())
                    .contains("/api/v1/docs/swagger.json");
            // the favicon is the one route outside the base path (api.md §1), and documented so
            assertThat(gateway.call("GET", "/favicon.ico", null, Map.of()).status()).isEqualTo(204);
            assertThat(gateway.call("GET", "/api/v1/favicon.ico", null, Map.of()).status()).isEqualTo(404);
            assertThat(document.path("paths").path("/favicon.ico").path("servers").get(0).path("url").asText())
                    .isEqualTo("/");
            assertThat(gateway.application().httpServer().servedRoutes()).contains("GET /api/v1/admin/stats",
                    "GET /api/v1/docs/{file}", "GET /favicon.ico");
        }
    }
}
