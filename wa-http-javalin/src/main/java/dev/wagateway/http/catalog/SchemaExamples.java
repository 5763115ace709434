package dev.wagateway.http.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An example value for a schema, made from the examples of its leaves (every property, optional ones too). */
public final class SchemaExamples {

    private SchemaExamples() {
    }

    @SuppressWarnings("unchecked")
    public static Object of(Map<String, Object> schema) {
        if (schema.containsKey("example")) {
            return schema.get("example");
        }
        if (schema.containsKey("const")) {
            return schema.get("const");
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.getFirst();
        }
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            type = types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("null");
        }
        return switch (String.valueOf(type)) {
            case "object" -> {
                Map<String, Object> example = new LinkedHashMap<>();
                ((Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of()))
                        .forEach((name, property) -> example.put(name, of(property)));
                yield example;
            }
            case "array" -> {
                List<Object> example = new ArrayList<>();
                example.add(of((Map<String, Object>) schema.get("items")));
                yield example;
            }
            case "integer" -> 1;
            case "number" -> 1.5;
            case "boolean" -> true;
            case "string" -> "string";
            default -> null;
        };
    }
}
