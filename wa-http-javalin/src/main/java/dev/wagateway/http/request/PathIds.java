package dev.wagateway.http.request;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Numeric path parameters ({@code /admin/api-keys/{id}}, {@code /webhooks/{webhook_id}}): a value that is not a
 * number is refused with the route's 400 message; a number that can name no row (zero, negative, too large) is
 * simply not found, as api.md §2.2 separates "non-numeric" (400) from "does not exist" (404).
 */
public final class PathIds {

    private static final Pattern NUMERIC = Pattern.compile("[+-]?[0-9]{1,40}");

    private PathIds() {
    }

    /**
     * The id, or empty for a number no row can have.
     *
     * @throws BadRequestException with {@code message} when {@code value} is not a number
     */
    public static OptionalLong id(String value, String message) {
        String text = value == null ? "" : value.strip();
        if (!NUMERIC.matcher(text).matches()) {
            throw new BadRequestException(message);
        }
        try {
            long id = Long.parseLong(text);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // more digits than any id
        }
    }
}
