package dev.wagateway.protocol.history;

import dev.wagateway.protocol.proto.Message;

/**
 * What a history sync carries (protocol §8.8, {@code HistorySync.syncType}): the initial bootstrap right after
 * linking, recent chats, the full history, push names only, non-blocking data (LID mappings, tokens), or an
 * on-demand answer to our own request.
 */
public enum HistorySyncType {
    INITIAL_BOOTSTRAP, INITIAL_STATUS_V3, FULL, RECENT, PUSH_NAME, NON_BLOCKING_DATA, ON_DEMAND;

    /** The type of a notification or blob; {@link #RECENT} when it names none (an unknown future value too). */
    public static HistorySyncType of(Message.HistorySyncNotification.HistorySyncType type) {
        if (type == null) {
            return RECENT;
        }
        return switch (type) {
            case INITIAL_BOOTSTRAP -> INITIAL_BOOTSTRAP;
            case INITIAL_STATUS_V3 -> INITIAL_STATUS_V3;
            case FULL -> FULL;
            case RECENT -> RECENT;
            case PUSH_NAME -> PUSH_NAME;
            case NON_BLOCKING_DATA -> NON_BLOCKING_DATA;
            case ON_DEMAND -> ON_DEMAND;
        };
    }

    /** The wire value, for what we send. */
    public Message.HistorySyncNotification.HistorySyncType toProto() {
        return Message.HistorySyncNotification.HistorySyncType.valueOf(name());
    }

    /** The name the webhook events use ({@code INITIAL_BOOTSTRAP}, {@code RECENT}...), as whatsmeow prints it. */
    public String wireName() {
        return name();
    }
}
