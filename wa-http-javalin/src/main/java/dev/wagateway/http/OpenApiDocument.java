package dev.wagateway.http;

import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationSchemas;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.ResponseShape;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.catalog.SchemaExamples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, generated from the routes the server registered, so that it lists exactly
 * what is served: each operation's auth, parameters, body (in every encoding the route reads), answers with their
 * schemas and examples, and the errors it can give. Operations not built yet say so and document their 501.
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
                "description", "Many WhatsApp accounts (devices) for many customers (API keys). Every JSON answer "
                        + "is the envelope {status, code, message, data | error}. Bodies may be sent as JSON, "
                        + "form or multipart; field names are also accepted without underscores, in any case."));
        document.put("servers", List.of(Map.of("url", basePath.isEmpty() ? "/" : basePath)));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (RegisteredRoute route : routes) {
            Map<String, Object> item = operations(paths, route.spec().path());
            if (route.atRoot() && !basePath.isEmpty()) {
                item.put("servers", List.of(Map.of("url", "/", "description", "outside HTTP_BASE_URL")));
            }
            Optional<OperationShape> shape = route.shape().or(() -> OperationSchemas.of(route.key()));
            item.put(route.spec().method().toLowerCase(Locale.ROOT), operation(route.spec(), route.implemented(),
                    shape));
        }
        document.put("paths", paths);
        document.put("components", components());
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operations(Map<String, Object> paths, String path) {
        return (Map<String, Object>) paths.computeIfAbsent(path, key -> new LinkedHashMap<>());
    }

    private static Map<String, Object> operation(RouteSpec route, boolean built, Optional<OperationShape> shape) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(route.tag()));
        operation.put("summary", route.summary());
        operation.put("operationId", route.row() > 0 ? "row" + route.row()
                : route.method().toLowerCase(Locale.ROOT) + route.path().replaceAll("[^A-Za-z]+", "_"));
        operation.put("description", ((route.row() > 0 ? "README row " + route.row() + "." : "") + (built ? ""
                : " Not implemented yet: answers 501 until " + route.capability() + " exists.")).strip());
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(route.path());
        boolean pathParameters = false;
        while (matcher.find()) {
            pathParameters = true;
            parameters.add(Map.of("name", matcher.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "string"),
                    "description", matcher.group(1).endsWith("jid") ? "a JID; @ may be sent as %40" : matcher.group(1)));
        }
        shape.ifPresent(s -> s.query().forEach(query -> parameters.add(Map.of("name", query.name(), "in", "query",
                "required", query.required(), "schema", query.schema(), "description", query.description()))));
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        boolean body = shape.flatMap(OperationShape::body).isPresent();
        if (body) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (String mediaType : shape.get().bodyMediaTypes()) {
                content.put(mediaType, Map.of("schema", shape.get().body().get()));
            }
            operation.put("requestBody", Map.of("required", shape.get().bodyRequired(), "content", content));
        }
        switch (route.auth()) {
            case ADMIN -> operation.put("security", List.of(Map.of("AdminSecret", List.of())));
            case API_KEY -> operation.put("security", List.of(Map.of("ApiKey", List.of())));
            case JWT -> operation.put("security", List.of(Map.of("BearerJwt", List.of())));
            case NONE -> operation.put("security", List.of());
        }
        Map<String, Map<String, Object>> responses = new LinkedHashMap<>();
        if (built) {
            shape.ifPresent(s -> s.responses().forEach(answer -> add(responses, answer)));
        }
        if (body || pathParameters || shape.map(s -> !s.query().isEmpty()).orElse(false)) {
            error(responses, 400, "Invalid input");
        }
        if (route.auth() != AuthScheme.NONE) {
            error(responses, 401, "Missing or invalid credentials");
        }
        if (built && pathParameters) {
            error(responses, 404, "Not found");
        }
        if (body) {
            error(responses, 413, "Request Entity Too Large");
        }
        if (!built) {
            error(responses, 501, "Not implemented yet");
        }
        error(responses, 500, "WhatsApp or server failure");
        operation.put("responses", responses);
        return operation;
    }

    private static void add(Map<String, Map<String, Object>> responses, ResponseShape answer) {
        Map<String, Object> response = responses.computeIfAbsent(String.valueOf(answer.status()),
                status -> new LinkedHashMap<>());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) response.computeIfAbsent("content",
                key -> new LinkedHashMap<>());
        switch (answer) {
            case ResponseShape.Envelope envelope -> {
                response.putIfAbsent("description", String.join(" | ", envelope.messages()));
                Map<String, Object> schema = envelopeSchema(envelope);
                content.put("application/json", Map.of("schema", schema, "example", SchemaExamples.of(schema)));
            }
            case ResponseShape.Raw raw -> {
                response.merge("description", raw.description(), (a, b) -> a + "; " + b);
                if (raw.mediaType().isEmpty()) {
                    response.remove("content");
                } else if (raw.schema().isPresent()) {
                    content.put(raw.mediaType(), Map.of("schema", raw.schema().get()));
                } else {
                    content.put(raw.mediaType(), Map.of("schema", Map.of("$ref", "#/components/schemas/Envelope")));
                }
            }
        }
    }

    /**
     * One message is a constant, several an enum; a message with a count in it ({@code <N>}, as {@code Success get
     * <N> groups with members}) a pattern.
     */
    private static Map<String, Object> messageSchema(List<String> messages) {
        if (messages.size() == 1 && messages.getFirst().contains(ResponseShape.COUNT)) {
            String[] parts = messages.getFirst().split(java.util.regex.Pattern.quote(ResponseShape.COUNT), -1);
            List<String> quoted = java.util.Arrays.stream(parts).map(java.util.regex.Pattern::quote).toList();
            return Map.of("type", "string", "pattern", "^" + String.join("[0-9]+", quoted) + "$",
                    "example", messages.getFirst().replace(ResponseShape.COUNT, "1"));
        }
        return messages.size() == 1 ? Map.of("type", "string", "const", messages.getFirst())
                : Map.of("type", "string", "enum", messages);
    }

    /** The envelope with this answer's message(s), {@code data} and top-level mirrors. */
    private static Map<String, Object> envelopeSchema(ResponseShape.Envelope envelope) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("status", Map.of("type", "boolean", "const", true));
        properties.put("code", Map.of("type", "integer", "const", envelope.status()));
        properties.put("message", messageSchema(envelope.messages()));
        envelope.data().ifPresent(data -> properties.put("data", data));
        List<String> required = new ArrayList<>(List.of("status", "code", "message"));
        if (envelope.dataAlways()) {
            required.add("data");
        }
        envelope.mirrors().forEach((name, schema) -> {
            properties.put(name, schema);
            required.add(name);
        });
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", required);
        schema.put("properties", properties);
        return schema;
    }

    private static void error(Map<String, Map<String, Object>> responses, int status, String description) {
        responses.putIfAbsent(String.valueOf(status), Map.of("description", description, "content",
                Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Envelope")))));
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
