package dev.wagateway.http.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
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
 * parameters fill in fields the body lacks (the original reads form values that way). Wrong types are refused
 * with a 400 naming the field, never coerced silently.
 */
public final class RequestFields {

    private static final ObjectMapper JSON = new ObjectMapper();

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
                root = JSON.readTree(ctx.bodyAsBytes());
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
            ctx.formParamMap().forEach((name, values) -> {
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

    /** A string field. */
    public Optional<String> string(String name) {
        return node(name).map(node -> {
            if (!node.isTextual()) {
                throw new BadRequestException(name + " must be a string");
            }
            return node.asText();
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

    /** A boolean field (in forms: {@code true,1,yes,on} / {@code false,0,no,off}). */
    public Optional<Boolean> bool(String name) {
        return node(name).map(node -> {
            if (node.isBoolean()) {
                return node.asBoolean();
            }
            if (node.isTextual()) {
                switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> {
                        return true;
                    }
                    case "false", "0", "no", "off" -> {
                        return false;
                    }
                    default -> {
                    }
                }
            }
            throw new BadRequestException(name + " must be a boolean");
        });
    }

    /** A list of strings (in forms: comma-separated). */
    public Optional<List<String>> strings(String name) {
        return node(name).map(node -> {
            if (node.isArray()) {
                List<String> values = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isTextual()) {
                        throw new BadRequestException(name + " must be an array of strings");
                    }
                    values.add(item.asText());
                }
                return values;
            }
            if (fromForm && node.isTextual()) {
                return List.of(node.asText().split(","));
            }
            throw new BadRequestException(name + " must be an array of strings");
        });
    }
}
