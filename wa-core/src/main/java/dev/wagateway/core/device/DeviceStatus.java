package dev.wagateway.core.device;

import java.util.Arrays;

/** A device's stored status and its transitions (api.md §8.2). */
public enum DeviceStatus {
    /** Created, never connected. */
    PENDING("pending"),
    /** Paired and connected (or reconnecting within moments). */
    ACTIVE("active"),
    /** Paired, but the connection is down or was replaced. */
    DISCONNECTED("disconnected"),
    /** Logged out (by the API or from the phone); may log in again. */
    LOGGED_OUT("logged_out");

    private final String wireName;

    DeviceStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the database and the API. */
    public String wireName() {
        return wireName;
    }

    /** The status named {@code name}. */
    public static DeviceStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown device status: " + name));
    }
}
