package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.proto.ExternalBlobReference;
import dev.wagateway.protocol.proto.SyncdPatch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <collection>} of a {@code w:sync:app:state} answer (protocol §10.3, §10.6).
 *
 * @param name      the collection
 * @param version   the server's version of it (0 when absent)
 * @param hasMore   {@code has_more_patches="true"}: fetch again from the new version
 * @param snapshot  the external blob holding the snapshot, when one was asked for and exists
 * @param patches   the patches after the version asked for, in order
 * @param errorCode the collection's {@code <error code>} when its {@code type="error"} (409: our patch was stale)
 * @param errorText that error's text
 */
public record CollectionReply(String name, long version, boolean hasMore, Optional<ExternalBlobReference> snapshot,
                              List<SyncdPatch> patches, Optional<Integer> errorCode, String errorText) {

    /** Copies the patches. */
    public CollectionReply {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(errorCode, "errorCode");
        patches = List.copyOf(patches);
    }
}
