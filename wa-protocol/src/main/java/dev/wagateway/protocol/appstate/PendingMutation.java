package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.proto.SyncActionValue;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;

import java.util.List;
import java.util.Objects;

/**
 * A change this device wants to make (protocol §10.6, §10.7), before encryption.
 *
 * @param operation     SET or REMOVE
 * @param index         the index parts, e.g. {@code ["mute", "123@s.whatsapp.net"]}
 * @param value         the action, with its timestamp in milliseconds
 * @param actionVersion the action's schema version (§10.7: mute 2, pin 5, archive 3...)
 */
public record PendingMutation(SyncdOperation operation, List<String> index, SyncActionValue value, int actionVersion) {

    public PendingMutation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(value, "value");
        index = List.copyOf(index);
        if (index.isEmpty()) {
            throw new IllegalArgumentException("an app-state index names at least the action");
        }
    }
}
