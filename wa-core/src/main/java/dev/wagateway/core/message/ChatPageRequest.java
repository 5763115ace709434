package dev.wagateway.core.message;

import dev.wagateway.core.error.InvalidRequestException;

import java.util.Optional;

/**
 * Which part of a chat to read: newest first, at most {@code limit} messages, optionally only those older than the
 * message {@code before} or newer than the message {@code after} (both message ids of that chat).
 */
public record ChatPageRequest(int limit, Optional<String> before, Optional<String> after) {

    /** The limit when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page. */
    public static final int MAX_LIMIT = 500;

    /** Checks the bounds. */
    public ChatPageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        before = before.filter(s -> !s.isBlank());
        after = after.filter(s -> !s.isBlank());
    }
}
