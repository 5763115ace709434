package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.proto.SyncdMutation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client keeps of one app-state collection between patches (protocol §10.5): its version, its LTHash, and the
 * value MAC of every live record by index MAC (needed to take a replaced or removed value out of the hash).
 * Immutable; applying mutations gives a new state.
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

    /**
     * The state after {@code mutations}, in order, at {@code newVersion}. Each mutation first takes the live value of
     * its index out of the hash (set by an earlier mutation of the same list, else by the stored state); then a SET
     * puts its own value MAC in. A REMOVE of an index that holds nothing changes nothing: the phone sends such
     * removals and whatsmeow tolerates them too. Only the index blob (the index MAC) and the last 32 bytes of the
     * value blob (the value MAC) are read; verifying them is the caller's job.
     *
     * @throws AppStateException {@code MALFORMED_VALUE} when a value blob is shorter than a MAC
     */
    public CollectionState apply(long newVersion, List<SyncdMutation> mutations) throws AppStateException {
        Map<ByteString, ByteString> live = new HashMap<>(valueMacs);
        List<byte[]> removed = new ArrayList<>();
        List<byte[]> added = new ArrayList<>();
        for (SyncdMutation mutation : mutations) {
            ByteString indexMac = mutation.getRecord().getIndex().getBlob();
            ByteString valueMac = ByteString.copyFrom(
                    ValueCipher.valueMacOf(mutation.getRecord().getValue().getBlob().toByteArray()));
            ByteString previous = switch (mutation.getOperation()) {
                case SET -> live.put(indexMac, valueMac);
                case REMOVE -> live.remove(indexMac);
            };
            if (previous != null) {
                removed.add(previous.toByteArray());
            }
            if (mutation.getOperation() == SyncdMutation.SyncdOperation.SET) {
                added.add(valueMac.toByteArray());
            }
        }
        return new CollectionState(name, newVersion, hash.subtractThenAdd(removed, added), live);
    }
}
