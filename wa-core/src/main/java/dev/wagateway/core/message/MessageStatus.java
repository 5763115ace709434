package dev.wagateway.core.message;

import java.util.Arrays;

/** Where a message stands; a status only ever moves forward (a late delivery receipt never undoes a read). */
public enum MessageStatus {
    /** An incoming message, stored. */
    RECEIVED("received", 0),
    /**
     * An outgoing message handed to WhatsApp, its server ack not seen yet: stored before it is sent, so a receipt
     * that overtakes the ack finds it.
     */
    PENDING("pending", 1),
    /**
     * Never reached WhatsApp, or refused by it (no connection, an unknown group, a nack): final, no receipt will
     * move it.
     */
    FAILED("failed", 1),
    /** Accepted by the server. */
    SENT("sent", 2),
    /** Reached a device of the recipient. */
    DELIVERED("delivered", 3),
    /** Read by the recipient. */
    READ("read", 4),
    /** A voice or video message was played. */
    PLAYED("played", 5);

    private final String wireName;
    private final int rank;

    MessageStatus(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    /** The name in the database and the API. */
    public String wireName() {
        return wireName;
    }

    /** Ordering of outgoing statuses: a higher rank replaces a lower one, never the reverse. */
    public int rank() {
        return rank;
    }

    /** The status named {@code name}. */
    public static MessageStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message status: " + name));
    }
}
