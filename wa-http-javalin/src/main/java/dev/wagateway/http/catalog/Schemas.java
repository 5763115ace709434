package dev.wagateway.http.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for the JSON schemas of the OpenAPI document. Object properties are required unless wrapped in
 * {@link #optional}; leaves carry an example, from which the document builds the examples of whole answers.
 */
public final class Schemas {

    /** A property an object may lack (the route omits it when empty). */
    public record Optional(Map<String, Object> schema) {
    }

    private Schemas() {
    }

    /** An object of {@code name, schema} pairs, in order; every property not {@link #optional} is required. */
    public static Map<String, Object> object(Object... pairs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String name = (String) pairs[i];
            Object schema = pairs[i + 1];
            if (schema instanceof Optional optional) {
                properties.put(name, optional.schema());
            } else {
                properties.put(name, schema);
                required.add(name);
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    /** {@code base} with the properties of {@code more} added (their requiredness kept). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> extend(Map<String, Object> base, Map<String, Object> more) {
        Map<String, Object> schema = new LinkedHashMap<>(base);
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) base.get("properties"));
        properties.putAll((Map<String, Object>) more.get("properties"));
        schema.put("properties", properties);
        List<String> required = new ArrayList<>((List<String>) base.getOrDefault("required", List.of()));
        required.addAll((List<String>) more.getOrDefault("required", List.of()));
        schema.put("required", required);
        return schema;
    }

    public static Optional optional(Map<String, Object> schema) {
        return new Optional(schema);
    }

    public static Map<String, Object> array(Map<String, Object> items) {
        return schema("type", "array", "items", items);
    }

    public static Map<String, Object> string(String example) {
        return schema("type", "string", "example", example);
    }

    /** A string with a description, e.g. what a field means or which forms it takes. */
    public static Map<String, Object> string(String example, String description) {
        return schema("type", "string", "example", example, "description", description);
    }

    public static Map<String, Object> integer(long example) {
        return schema("type", "integer", "example", example);
    }

    public static Map<String, Object> number(double example) {
        return schema("type", "number", "example", example);
    }

    public static Map<String, Object> bool(boolean example) {
        return schema("type", "boolean", "example", example);
    }

    public static Map<String, Object> uuid() {
        return schema("type", "string", "format", "uuid", "example", "550e8400-e29b-41d4-a716-446655440000");
    }

    /** An RFC 3339 timestamp. */
    public static Map<String, Object> time() {
        return schema("type", "string", "format", "date-time", "example", "2026-03-25T10:00:00Z");
    }

    /** An RFC 3339 timestamp, or null when it never happened. */
    public static Map<String, Object> timeOrNull() {
        return schema("type", List.of("string", "null"), "format", "date-time", "example", "2026-03-25T10:05:00Z");
    }

    public static Map<String, Object> oneOf(String... values) {
        return schema("type", "string", "enum", List.of(values), "example", values[0]);
    }

    /** A file part of a multipart body. */
    public static Map<String, Object> file(String description) {
        return schema("type", "string", "contentMediaType", "application/octet-stream", "description", description);
    }

    private static Map<String, Object> schema(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
