package dev.wagateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Every row of the README table is registered with its auth, answers in the envelope, and is documented. */
class ApiCatalogRoutesTest {

    private static final String ADMIN_SECRET = "test-admin-secret";
    private static HttpServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Set<String> implemented = Set.of();
        server = new HttpServer(new HttpSettings("127.0.0.1", 0, "", List.of("*"), 1 << 20, 1), List.of(
                new SystemRoutes(),
                new DocsRoutes(OpenApiDocument.build("", "test", implemented), "", SwaggerUiWebjar.version()),
                new CatalogRoutes(new AuthGate(ADMIN_SECRET), implemented)));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteChecksItsAuthThenAnswers501NamingWhatItNeeds() throws Exception {
        assertThat(ApiCatalog.routes()).hasSize(79);
        for (RouteSpec route : ApiCatalog.routes()) {
            String path = route.path().replaceAll("\\{[a-z_]+}", "123");
            HttpResponse<String> anonymous = send(route.method(), path, Map.of());
            JsonNode body = json.readTree(anonymous.body());
            String expectedAnonymous = switch (route.auth()) {
                case ADMIN -> "Missing X-Admin-Secret header";
                case API_KEY -> "Missing X-API-Key header";
                case JWT -> "Missing Authorization header";
                case NONE -> null;
            };
            if (expectedAnonymous != null) {
                assertThat(anonymous.statusCode()).as("row %d without credentials", route.row()).isEqualTo(401);
                assertThat(body.path("message").asText()).isEqualTo(expectedAnonymous);
                assertThat(body.path("error").asText()).isEqualTo(expectedAnonymous);
                assertThat(body.path("status").asBoolean()).isFalse();
            }
            HttpResponse<String> authorised = send(route.method(), path, credentials(route.auth()));
            JsonNode answer = json.readTree(authorised.body());
            assertThat(authorised.statusCode()).as("row %d with credentials", route.row()).isEqualTo(501);
            assertThat(answer.path("code").asInt()).isEqualTo(501);
            assertThat(answer.path("message").asText()).contains("not implemented yet").contains(route.capability());
        }
    }

    @Test
    void wrongCredentialsAreRefused() throws Exception {
        HttpResponse<String> wrongAdmin = send("GET", "/admin/stats", Map.of("X-Admin-Secret", "nope"));
        assertThat(wrongAdmin.statusCode()).isEqualTo(401);
        assertThat(wrongAdmin.body()).contains("Invalid admin secret");
        HttpResponse<String> notBearer = send("GET", "/devices/me", Map.of("Authorization", "Basic abc"));
        assertThat(notBearer.statusCode()).isEqualTo(401);
        assertThat(notBearer.body()).contains("Invalid or expired token");
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerInTheEnvelope() throws Exception {
        HttpResponse<String> unknown = send("GET", "/nowhere", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"message\":\"Cannot GET /nowhere\"");
        HttpResponse<String> wrongMethod = send("PUT", "/admin/stats", Map.of());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("Method Not Allowed");
        assertThat(wrongMethod.headers().firstValue("X-Request-ID")).isPresent();
    }

    @Test
    void globalBehaviourFollowsTheContract() throws Exception {
        HttpResponse<String> echoed = send("GET", "/", Map.of("X-Request-ID", "  abc-123 "));
        assertThat(echoed.headers().firstValue("X-Request-ID")).contains("abc-123");
        assertThat(echoed.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(echoed.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");

        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/admin/api-keys"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 10]))
                .header("X-Admin-Secret", ADMIN_SECRET).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("Request Entity Too Large");

        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/devices/me"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.com").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isLessThan(300);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    }

    @Test
    void theOpenApiDocumentIsValidAndListsExactlyTheRegisteredRoutes() throws Exception {
        String document = send("GET", "/docs/swagger.json", Map.of()).body();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertThat(parsed.getMessages()).as("OpenAPI parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");

        Set<String> documented = new HashSet<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> documented.add(method.name() + " " + path)));
        Set<String> registered = new HashSet<>();
        ApiCatalog.routes().forEach(route -> registered.add(route.method() + " " + route.path()));
        registered.addAll(Set.of("GET /", "GET /docs/swagger.json", "GET /docs/swagger.yaml", "GET /docs/"));
        assertThat(documented).isEqualTo(registered);

        assertThat(send("GET", "/docs/swagger.yaml", Map.of()).body()).startsWith("---").contains("openapi: \"3.1.0\"");
    }

    @Test
    void swaggerUiIsServedWithItsAssets() throws Exception {
        HttpResponse<String> page = send("GET", "/docs/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        String script = page.body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        assertThat(send("GET", script, Map.of()).statusCode()).isEqualTo(200);
    }

    private static Map<String, String> credentials(AuthScheme scheme) {
        return switch (scheme) {
            case ADMIN -> Map.of("X-Admin-Secret", ADMIN_SECRET);
            case API_KEY -> Map.of("X-API-Key", "wam_0123456789abcdef0123456789ab");
            case JWT -> Map.of("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x");
            case NONE -> Map.of();
        };
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, method.equals("GET") || method.equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
