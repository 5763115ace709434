package dev.wagateway.core.webhook;

import java.util.Arrays;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** Waiting for its first or next attempt. */
    PENDING("pending"),
    /** The receiver answered 2xx. */
    SUCCESS("success"),
    /** Retries exhausted, or a final refusal; can be redelivered by hand. */
    FAILED("failed");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the database and the API. */
    public String wireName() {
        return wireName;
    }

    /** The status named {@code name}. */
    public static DeliveryStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown delivery status: " + name));
    }
}
