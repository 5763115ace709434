package dev.wagateway.protocol.appstate;

import java.util.List;

/**
 * The outcome of applying a patch or snapshot: the collection's new state and the mutations, in order, for the
 * caller to turn into events.
 */
public record AppliedChanges(CollectionState state, List<DecodedMutation> mutations) {

    public AppliedChanges {
        mutations = List.copyOf(mutations);
    }
}
