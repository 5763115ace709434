package dev.wagateway.http;

import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationSchemas;
import dev.wagateway.http.catalog.RouteSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, generated from the route catalog so that it lists exactly what the server
 * registers. Operations not built yet say so and document their 501 answer.
 */
public final class OpenApiDocument {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([a-z_]+)}");

    private OpenApiDocument() {
    }

    /**
     * @param basePath the server's route prefix ({@code HTTP_BASE_URL})
     * @param routes   every registered route
     */
    public static Map<String, Object> build(String basePath, String version, List<RegisteredRoute> routes) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", Map.of("title", "WhatsApp multi-session gateway", "version", version,
                "description", "Many WhatsApp accounts (devices) for many customers (API keys). Every answer is the "
                        + "envelope {status, code, message, data | error}."));
        document.put("servers", List.of(Map.of("url", basePath.isEmpty() ? "/" : basePath)));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (RegisteredRoute route : routes) {
            Map<String, Object> item = operations(paths, route.spec().path());
            if (route.atRoot() && !basePath.isEmpty()) {
                item.put("servers", List.of(Map.of("url", "/", "description", "outside HTTP_BASE_URL")));
            }
            item.put(route.spec().method().toLowerCase(), operation(route.spec(), route.implemented()));
        }
        document.put("paths", paths);
        document.put("components", components());
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operations(Map<String, Object> paths, String path) {
        return (Map<String, Object>) paths.computeIfAbsent(path, key -> new LinkedHashMap<>());
    }

    private static Map<String, Object> operation(RouteSpec route, boolean built) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(route.tag()));
        operation.put("summary", route.summary());
        operation.put("operationId", route.row() > 0 ? "row" + route.row()
                : route.method().toLowerCase() + route.path().replaceAll("[^A-Za-z]+", "_"));
        operation.put("description", (route.row() > 0 ? "README row " + route.row() + "." : "") + (built ? ""
                : " Not implemented yet: answers 501 until " + route.capability() + " exists."));
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(route.path());
        while (matcher.find()) {
            parameters.add(Map.of("name", matcher.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "string"),
                    "description", matcher.group(1).endsWith("jid") ? "a JID; @ may be sent as %40" : matcher.group(1)));
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        Optional<OperationSchemas.Shape> shape = built
                ? OperationSchemas.of(route.method() + " " + route.path()) : Optional.empty();
        if (shape.flatMap(OperationSchemas.Shape::requestBody).isPresent()) {
            Map<String, Object> schema = shape.get().requestBody().get();
            operation.put("requestBody", Map.of("required", schema.containsKey("required"), "content",
                    Map.of("application/json", Map.of("schema", schema),
                            "application/x-www-form-urlencoded", Map.of("schema", schema))));
        } else if (route.method().equals("POST") || route.method().equals("PATCH")) {
            operation.put("requestBody", Map.of("required", false, "content", Map.of("application/json",
                    Map.of("schema", Map.of("type", "object")))));
        }
        switch (route.auth()) {
            case ADMIN -> operation.put("security", List.of(Map.of("AdminSecret", List.of())));
            case API_KEY -> operation.put("security", List.of(Map.of("ApiKey", List.of())));
            case JWT -> operation.put("security", List.of(Map.of("BearerJwt", List.of())));
            case NONE -> operation.put("security", List.of());
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        if (shape.isPresent()) {
            responses.put(String.valueOf(shape.get().status()), successResponse(shape.get()));
        } else {
            responses.put("200", envelopeResponse("Success"));
        }
        responses.put("400", envelopeResponse("Invalid input"));
        if (route.auth() != AuthScheme.NONE) {
            responses.put("401", envelopeResponse("Missing or invalid credentials"));
        }
        if (!built) {
            responses.put("501", envelopeResponse("Not implemented yet"));
        }
        responses.put("500", envelopeResponse("WhatsApp or server failure"));
        operation.put("responses", responses);
        return operation;
    }

    /** The envelope with this operation's message and {@code data} schema. */
    private static Map<String, Object> successResponse(OperationSchemas.Shape shape) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("status", Map.of("type", "boolean", "const", true));
        properties.put("code", Map.of("type", "integer", "const", shape.status()));
        properties.put("message", Map.of("type", "string", "const", shape.message()));
        shape.data().ifPresent(data -> properties.put("data", data));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", List.of("status", "code", "message"));
        schema.put("properties", properties);
        return Map.of("description", shape.message(), "content", Map.of("application/json", Map.of("schema", schema)));
    }

    private static Map<String, Object> envelopeResponse(String description) {
        return Map.of("description", description, "content", Map.of("application/json",
                Map.of("schema", Map.of("$ref", "#/components/schemas/Envelope"))));
    }

    private static Map<String, Object> components() {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", "object");
        envelope.put("required", List.of("status", "code", "message"));
        envelope.put("properties", Map.of(
                "status", Map.of("type", "boolean"),
                "code", Map.of("type", "integer"),
                "message", Map.of("type", "string"),
                "data", Map.of("description", "the payload, on success"),
                "error", Map.of("type", "string", "description", "equal to message, on failure")));
        envelope.put("example", Map.of("status", false, "code", 401, "message", "Invalid admin secret",
                "error", "Invalid admin secret"));
        return Map.of(
                "schemas", Map.of("Envelope", envelope),
                "securitySchemes", Map.of(
                        "AdminSecret", Map.of("type", "apiKey", "in", "header", "name", "X-Admin-Secret"),
                        "ApiKey", Map.of("type", "apiKey", "in", "header", "name", "X-API-Key"),
                        "BearerJwt", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT")));
    }
}
