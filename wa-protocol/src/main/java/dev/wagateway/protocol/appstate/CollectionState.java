package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;

import java.util.Map;
import java.util.Objects;

/**
 * What a client keeps of one app-state collection between patches (protocol §10.5): its version, its LTHash, and the
 * value MAC of every live record by index MAC (needed to take a replaced or removed value out of the hash).
 * Immutable; applying a patch gives a new state.
 *
 * @param name      the collection, e.g. {@code regular_high}
 * @param version   the version of the last applied patch or snapshot (0 before the first sync)
 * @param hash      the LTHash of the live value MACs
 * @param valueMacs value MAC by index MAC, for every live record
 */
public record CollectionState(String name, long version, LtHash hash, Map<ByteString, ByteString> valueMacs) {

    public CollectionState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        if (version < 0) {
            throw new IllegalArgumentException("a collection version is never negative");
        }
        valueMacs = Map.copyOf(valueMacs);
    }

    /** A collection never synced: version 0, zero hash, no records. */
    public static CollectionState empty(String name) {
        return new CollectionState(name, 0, LtHash.zero(), Map.of());
    }
}
