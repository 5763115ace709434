package dev.wagateway.core.message;

import java.util.Comparator;
import java.util.UUID;

/**
 * One outgoing message row to move forward to {@code status} (never backwards), as a receipt asks.
 *
 * <p>{@link #ROW_ORDER} is the one order in which every writer that updates several message rows in a transaction
 * takes their locks (device, then chat, then message id): two transactions locking rows in opposite orders deadlock,
 * two locking them in the same order only wait.
 */
public record StatusAdvance(UUID deviceId, String chat, String messageId, MessageStatus status) {

    /** The global lock order of message rows: device, chat, message id. */
    public static final Comparator<StatusAdvance> ROW_ORDER = Comparator.comparing(StatusAdvance::deviceId)
            .thenComparing(StatusAdvance::chat).thenComparing(StatusAdvance::messageId);
}
