package dev.wagateway.core.session;

import dev.wagateway.core.device.Device;

import java.util.Optional;

/** What the batch reconnect did with one device (api.md row 5). */
public record ReconnectOutcome(Device device, Result result, Optional<String> error) {

    /** The per-device result, with the contract's names. */
    public enum Result {
        RECONNECTED("reconnected"), ALREADY_CONNECTED("already_connected"), SKIPPED("skipped"), FAILED("failed");

        private final String wireName;

        Result(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the API. */
        public String wireName() {
            return wireName;
        }
    }
}
