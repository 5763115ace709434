package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.proto.SyncdPatch;

/**
 * A patch ready to send, and the collection's state once the server has accepted it.
 *
 * @param patch      the patch, without a version (the server gives it the collection's next one)
 * @param stateAfter the state at the next version, to keep when the server accepts the patch
 */
public record EncodedPatch(SyncdPatch patch, CollectionState stateAfter) {
}
