package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.http.RegisteredRoute;
import dev.wagateway.http.catalog.ApiCatalog;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.RouteSpec;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the README table is registered with its auth and answers in the envelope; what is not built answers
 * 501 naming what it needs; the OpenAPI document is valid and lists exactly the registered routes.
 */
class ApiCatalogRoutesTest {

    /** Built in this server: they must never answer 501. */
    private static final Set<Integer> BUILT_ROWS = java.util.stream.IntStream.rangeClosed(1, 83).boxed()
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static TestGateway gateway;
    private static String apiKey;
    private static String token;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("HTTP_BODY_LIMIT_SIZE", "1M"));
        apiKey = gateway.createApiKey(5);
        token = gateway.createDevice(apiKey, "catalog").path("token").asText();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyRouteChecksItsAuthAndTheUnbuiltOnesAnswer501NamingWhatTheyNeed() {
        assertThat(ApiCatalog.routes()).hasSize(83);
        List<RegisteredRoute> registered = gateway.application().httpServer().routes();
        for (RouteSpec route : ApiCatalog.routes()) {
            // every README row is registered by exactly one route class, built or not as this test expects
            assertThat(registered.stream().filter(r -> r.spec().equals(route)).map(RegisteredRoute::implemented))
                    .as("row %d", route.row()).containsExactly(BUILT_ROWS.contains(route.row()));
            String path = route.path().replaceAll("\\{[a-z_]+}", "123");
            TestGateway.Answer anonymous = gateway.call(route.method(), path, body(route), Map.of());
            String expectedAnonymous = switch (route.auth()) {
                case ADMIN -> "Missing X-Admin-Secret header";
                case API_KEY -> "Missing X-API-Key header";
                case JWT -> "Missing Authorization header";
                case NONE -> null;
            };
            if (expectedAnonymous != null) {
                assertThat(anonymous.status()).as("row %d without credentials", route.row()).isEqualTo(401);
                JsonNode json = anonymous.json();
                assertThat(json.path("message").asText()).isEqualTo(expectedAnonymous);
                assertThat(json.path("error").asText()).isEqualTo(expectedAnonymous);
                assertThat(json.path("status").asBoolean()).isFalse();
            }
            if (BUILT_ROWS.contains(route.row())) {
                continue;
            }
            TestGateway.Answer authorised = gateway.call(route.method(), path, body(route), credentials(route.auth()));
            assertThat(authorised.status()).as("row %d with credentials", route.row()).isEqualTo(501);
            assertThat(authorised.json().path("code").asInt()).isEqualTo(501);
            assertThat(authorised.message()).contains("not implemented yet").contains(route.capability());
        }
    }

    @Test
    void wrongCredentialsAreRefusedWithTheContractsMessages() {
        assertThat(gateway.call("GET", "/admin/stats", null, Map.of("X-Admin-Secret", "nope")).message())
                .isEqualTo("Invalid admin secret");
        assertThat(gateway.call("GET", "/devices/me", null, Map.of("Authorization", "Basic abc")).message())
                .isEqualTo("Invalid Authorization header format. Use: Bearer <token>");
        assertThat(gateway.call("GET", "/devices/me", null, Map.of("Authorization", "Bearer ")).message())
                .isIn("Missing token", "Invalid Authorization header format. Use: Bearer <token>");
        assertThat(gateway.call("GET", "/devices/me", null, Map.of("Authorization", "Bearer abc.def.ghi")).message())
                .isEqualTo("Invalid or expired token");
        assertThat(gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", "wam_0123456789abcdef0123456789ab"))
                .message()).isEqualTo("Invalid API key");
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerInTheEnvelope() {
        TestGateway.Answer unknown = gateway.call("GET", "/nowhere", null, Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("Cannot GET /nowhere");
        TestGateway.Answer wrongMethod = gateway.call("PUT", "/admin/stats", null, Map.of());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.message()).isEqualTo("Method Not Allowed");
        assertThat(wrongMethod.response().headers().firstValue("X-Request-ID")).isPresent();
    }

    @Test
    void globalBehaviourFollowsTheContract() throws Exception {
        TestGateway.Answer echoed = gateway.call("GET", "/", null, Map.of("X-Request-ID", "  abc-123 "));
        assertThat(echoed.response().headers().firstValue("X-Request-ID")).contains("abc-123");
        assertThat(echoed.response().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(echoed.response().headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/api-keys"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 10]))
                        .header("X-Admin-Secret", gateway.adminSecret()).header("Content-Type", "application/json")
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("Request Entity Too Large");

        // the pre-flight answers the contract's fixed lists, not whatever the browser asked for
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/devices/me"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.com").header("Access-Control-Request-Method", "TRACE")
                .header("Access-Control-Request-Headers", "X-Anything, Cookie").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET,POST,PUT,PATCH,DELETE");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains(
                "Origin, Content-Type, Accept, Authorization, X-API-Key, X-Admin-Secret, X-Request-ID");
        HttpResponse<String> simple = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/"))
                .header("Origin", "https://example.com").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(simple.headers().firstValue("Access-Control-Expose-Headers")).contains("X-Request-ID");

        // compressed, except the documentation (api.md §1)
        for (int i = 0; i < 15; i++) {
            gateway.createApiKey(1);
        }
        assertThat(gzipEncoding(http, "/admin/api-keys")).contains("gzip");
        assertThat(gzipEncoding(http, "/docs/swagger.json")).isEmpty();
        assertThat(gzipEncoding(http, "/docs/swagger-ui-bundle.js")).isEmpty();
    }

    private static java.util.Optional<String> gzipEncoding(HttpClient http, String path) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Accept-Encoding", "gzip").header("X-Admin-Secret", gateway.adminSecret()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.body().length).as(path).isGreaterThan(0);
        return response.headers().firstValue("Content-Encoding");
    }

    @Test
    void theOpenApiDocumentIsValidAndListsExactlyTheServedRoutes() {
        String document = gateway.call("GET", "/docs/swagger.json", null, Map.of()).body();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertThat(parsed.getMessages()).as("OpenAPI parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");

        Set<String> documented = new HashSet<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> documented.add(method.name() + " " + path)));
        // what Javalin's router really holds (no base path in this test), not a list kept by hand
        List<String> served = gateway.application().httpServer().servedRoutes();
        assertThat(served).doesNotHaveDuplicates().contains("GET /favicon.ico", "GET /docs/{file}",
                "POST /sandbox/phones", "GET /devices/me/login/qr");
        assertThat(documented).isEqualTo(new HashSet<>(served));
        // and each documented operation is really served (no "Cannot METHOD path" 404 from the router)
        for (String operation : documented) {
            String[] parts = operation.split(" ", 2);
            String path = parts[1].replace("{file}", "index.html").replaceAll("\\{[a-z_]+}", "123");
            TestGateway.Answer answer = gateway.call(parts[0], path, parts[0].equals("GET") ? null : "{}", Map.of());
            assertThat(answer.body()).as(operation).doesNotContain("Cannot " + parts[0]);
        }
        // built routes document their body and answer
        var createKey = parsed.getOpenAPI().getPaths().get("/admin/api-keys").getPost();
        assertThat(createKey.getRequestBody().getContent().get("application/json").getSchema().getRequired())
                .containsExactly("customer_name");
        assertThat(createKey.getResponses()).containsKey("201");
        assertThat(parsed.getOpenAPI().getPaths().get("/chats/{chat_jid}/messages").getPost().getResponses()
                .get("200").getContent().get("application/json").getSchema().getProperties()).containsKey("data");
        assertThat(gateway.call("GET", "/docs/swagger.yaml", null, Map.of()).body()).startsWith("---")
                .contains("openapi: \"3.1.0\"");
    }

    @Test
    void swaggerUiIsServedWithItsAssets() {
        TestGateway.Answer page = gateway.call("GET", "/docs/", null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        String script = page.body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        assertThat(gateway.call("GET", script, null, Map.of()).status()).isEqualTo(200);
    }

    private static String body(RouteSpec route) {
        return route.method().equals("GET") ? null : "{}";
    }

    private static Map<String, String> credentials(AuthScheme scheme) {
        return switch (scheme) {
            case ADMIN -> Map.of("X-Admin-Secret", gateway.adminSecret());
            case API_KEY -> Map.of("X-API-Key", apiKey);
            case JWT -> Map.of("Authorization", "Bearer " + token);
            case NONE -> Map.of();
        };
    }
}
