package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds answers to the OpenAPI document: walks a JSON value against a documented schema (every field documented,
 * every required field there, every type, constant and enum right) and collects what differs, and which
 * operations were seen answering successfully. {@link OpenApiResponsesTest}'s checker, kept apart from the routes it
 * drives.
 */
final class DocumentedSchemas {

    private final JsonNode document;
    private final Set<String> checked = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    DocumentedSchemas(JsonNode document) {
        this.document = document;
    }

    /** What differed from the document so far. */
    List<String> problems() {
        return problems;
    }

    /** The operations seen answering with a success status. */
    Set<String> checked() {
        return checked;
    }

    /** Walks the answer against the documented schema of its operation and status. */
    TestGateway.Answer check(String operation, TestGateway.Answer answer) {
        String[] parts = operation.split(" ", 2);
        String pointer = "/paths/" + parts[1].replace("~", "~0").replace("/", "~1") + "/"
                + parts[0].toLowerCase() + "/responses/" + answer.status() + "/content/application~1json/schema";
        JsonNode schema = document.at(pointer);
        if (schema.isMissingNode()) {
            problems.add(operation + " answered " + answer.status() + ", which is not documented: " + answer.body());
        } else {
            walk(operation + " (" + answer.status() + ")", answer.json(), schema);
        }
        if (answer.status() < 300) {
            checked.add(operation);
        }
        return answer;
    }

    void walk(String where, JsonNode value, JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            schema = document.path("components").path("schemas").path(name);
        }
        JsonNode type = schema.path("type");
        if (!type.isMissingNode()) {
            List<String> allowed = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> allowed.add(t.asText()));
            } else {
                allowed.add(type.asText());
            }
            if (!allowed.contains(typeOf(value))
                    && !(allowed.contains("number") && typeOf(value).equals("integer"))) {
                problems.add(where + ": a " + typeOf(value) + " where the document says " + allowed);
                return;
            }
        }
        if (schema.has("const") && !schema.path("const").equals(value)) {
            problems.add(where + ": " + value + " where the document says " + schema.path("const"));
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.path("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                problems.add(where + ": " + value + " is not one of " + schema.path("enum"));
            }
        }
        if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!properties.has(field.getKey())) {
                    problems.add(where + ": field " + field.getKey() + " is not documented");
                } else {
                    walk(where + "." + field.getKey(), field.getValue(), properties.path(field.getKey()));
                }
            }
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(where + ": documented as required, " + required.asText() + " is missing");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                walk(where + "[" + i++ + "]", item, schema.path("items"));
            }
        }
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            default -> value.getNodeType().name();
        };
    }

    /** The documented built operations whose success answer is the JSON envelope. */
    Set<String> jsonOperations() {
        Set<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("servers") || op.getValue().path("responses").has("501")) {
                return;
            }
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                JsonNode json = response.getValue().path("content").path("application/json").path("schema");
                if (response.getKey().startsWith("2") && json.path("properties").has("status")) {
                    operations.add(op.getKey().toUpperCase() + " " + path.getKey());
                }
            });
        }));
        return operations;
    }
}
