package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;

import java.util.Objects;

/**
 * A phone number and the LID of the same account, from a history sync ({@code phoneNumberToLidMappings}, or a
 * conversation's {@code pnJID}/{@code lidJID}); already saved in the device's {@code LidMappings} when emitted.
 */
public record HistoryLidMapping(Jid phone, Jid lid) {

    /** Checks presence. */
    public HistoryLidMapping {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(lid, "lid");
    }
}
