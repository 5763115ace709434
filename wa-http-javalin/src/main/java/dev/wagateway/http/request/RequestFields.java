package dev.wagateway.http.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wagateway.http.server.BodyLimitFilter;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a request body, whatever its encoding (JSON, form, multipart; contract §1), looked up leniently: a
 * field named {@code chat_jid} is also found as {@code chatjid}, {@code ChatJID} or {@code chatJid}. Query
 * parameters fill in fields the body lacks (the original reads form values that way). Wrong types, over-long
 * values and NUL characters (PostgreSQL stores none) are refused with a 400 naming the field, never coerced
 * silently.
 */
public final class RequestFields {

    /**
     * Its buffers come from one shared pool: Jackson's default pool is per thread, and every request runs on a new
     * virtual thread, so each parse allocated fresh buffers.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());

    private final Map<String, JsonNode> fields;
    private final boolean fromForm;

    private RequestFields(Map<String, JsonNode> fields, boolean fromForm) {
        this.fields = fields;
        this.fromForm = fromForm;
    }

    /**
     * The body's fields; a missing or unsupported content type, or a body that is not a JSON object, is refused
     * with {@code parseMessage}.
     */
    public static RequestFields require(Context ctx, String parseMessage) {
        return parse(ctx).orElseThrow(() -> new BadRequestException(parseMessage));
    }

    /** The body's fields, or only the query's when the body cannot be parsed (routes that ignore parse errors). */
    public static RequestFields lenient(Context ctx) {
        return parse(ctx).orElseGet(() -> new RequestFields(queryFields(ctx, new HashMap<>()), true));
    }

    private static Optional<RequestFields> parse(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].strip();
        Map<String, JsonNode> fields = new HashMap<>();
        if (mediaType.endsWith("json")) {
            JsonNode root;
            try {
                // the bytes the body limit filter read, parsed as they are (Javalin's bodyAsBytes copies them twice)
                root = ctx.req().getAttribute(BodyLimitFilter.BODY) instanceof byte[] body ? JSON.readTree(body)
                        : JSON.readTree(ctx.bodyAsBytes());
            } catch (IOException e) {
                return Optional.empty();
            }
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                fields.putIfAbsent(normalise(entry.getKey()), entry.getValue());
            }
            return Optional.of(new RequestFields(queryFields(ctx, fields), false));
        }
        if (mediaType.equals("application/x-www-form-urlencoded") || mediaType.equals("multipart/form-data")) {
            Map<String, List<String>> form;
            try {
                form = ctx.formParamMap();
            } catch (Exception e) { // Javalin passes on the parser's IOException unchecked
                return Optional.empty(); // a multipart body without a (right) boundary, or broken parts
            }
            form.forEach((name, values) -> {
                if (!values.isEmpty()) {
                    fields.putIfAbsent(normalise(name), new TextNode(values.getFirst()));
                }
            });
            return Optional.of(new RequestFields(queryFields(ctx, fields), true));
        }
        return Optional.empty();
    }

    private static Map<String, JsonNode> queryFields(Context ctx, Map<String, JsonNode> fields) {
        ctx.queryParamMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                fields.putIfAbsent(normalise(name), new TextNode(values.getFirst()));
            }
        });
        return fields;
    }

    private static String normalise(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private Optional<JsonNode> node(String name) {
        JsonNode node = fields.get(normalise(name));
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    /** A string field of at most {@code maxLength} characters (see {@link FieldLimits}). */
    public Optional<String> string(String name, int maxLength) {
        return node(name).map(node -> {
            if (!node.isTextual()) {
                throw new BadRequestException(name + " must be a string");
            }
            return checked(name, node.asText(), maxLength);
        });
    }

    /** A number field, integral or not (in forms, its decimal text); NaN and infinities are refused. */
    public Optional<Double> decimal(String name) {
        return node(name).map(node -> {
            double value;
            if (node.isNumber()) {
                value = node.asDouble();
            } else if (fromForm && node.isTextual()) {
                try {
                    value = Double.parseDouble(node.asText().strip());
                } catch (NumberFormatException e) {
                    throw new BadRequestException(name + " must be a number");
                }
            } else {
                throw new BadRequestException(name + " must be a number");
            }
            if (!Double.isFinite(value)) {
                throw new BadRequestException(name + " must be a finite number");
            }
            return value;
        });
    }

    /** A nested JSON object's fields (JSON bodies only); a 400 naming {@code name} when it is not an object. */
    public Optional<RequestFields> object(String name) {
        return node(name).map(node -> {
            if (!node.isObject()) {
                throw new BadRequestException(name + " must be an object");
            }
            Map<String, JsonNode> nested = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                nested.putIfAbsent(normalise(entry.getKey()), entry.getValue());
            }
            return new RequestFields(nested, false);
        });
    }

    /** An integer field (in forms, its decimal text). */
    public Optional<Integer> integer(String name) {
        return node(name).map(node -> {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.asInt();
            }
            if (fromForm && node.isTextual()) {
                try {
                    return Integer.parseInt(node.asText().strip());
                } catch (NumberFormatException e) {
                    throw new BadRequestException(name + " must be an integer");
                }
            }
            throw new BadRequestException(name + " must be an integer");
        });
    }

    /** A boolean field (in forms: {@code true,1,yes,on} / {@code false,0,no,off}); anything else is refused. */
    public Optional<Boolean> bool(String name) {
        return node(name).map(node -> flag(node).orElseThrow(() ->
                new BadRequestException(name + " must be a boolean")));
    }

    /**
     * A switch under api.md §1's form-boolean rule ({@code typing_simulation}, {@code presence_simulation}):
     * {@code true,1,yes,on} / {@code false,0,no,off}, case-insensitive; any other value counts as not set.
     */
    public Optional<Boolean> formSwitch(String name) {
        return node(name).flatMap(RequestFields::flag);
    }

    private static Optional<Boolean> flag(JsonNode node) {
        if (node.isBoolean()) {
            return Optional.of(node.asBoolean());
        }
        if (node.isTextual()) {
            return switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> Optional.of(true);
                case "false", "0", "no", "off" -> Optional.of(false);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /**
     * A list of at most {@code maxItems} strings of at most {@code maxLength} characters each (in forms:
     * comma-separated).
     */
    public Optional<List<String>> strings(String name, int maxItems, int maxLength) {
        return node(name).map(node -> {
            List<String> values = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode item : node) {
                    if (!item.isTextual()) {
                        throw new BadRequestException(name + " must be an array of strings");
                    }
                    values.add(item.asText());
                }
            } else if (fromForm && node.isTextual()) {
                values.addAll(List.of(node.asText().split(",")));
            } else {
                throw new BadRequestException(name + " must be an array of strings");
            }
            if (values.size() > maxItems) {
                throw new BadRequestException(name + " must have at most " + maxItems + " entries");
            }
            values.forEach(value -> checked(name, value, maxLength));
            return values;
        });
    }

    /**
     * {@code value} if it has no NUL character and at most {@code maxLength} characters once trimmed (as the use
     * cases store it); a 400 naming {@code name} otherwise.
     */
    public static String checked(String name, String value, int maxLength) {
        if (value.indexOf(0) >= 0) {
            throw new BadRequestException(name + " must not contain NUL characters");
        }
        String stripped = value.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw new BadRequestException(name + " must be at most " + maxLength + " characters");
        }
        return value;
    }
}
