package dev.wagateway.protocol.appstate;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdMutations;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.proto.SyncdSnapshot;
import dev.wagateway.protocol.store.AppStateStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Brings one collection up to date (protocol §10.3–§10.5): fetch from the stored version (a snapshot when there is
 * none), apply the snapshot and every patch with all MACs checked, hand each mutation to the listeners, and store
 * the new state once they have it. Runs under the collection's lock, on a blocking-capable thread.
 */
final class CollectionSync {

    /** A server that keeps answering has_more_patches is not followed for ever. */
    private static final int MAX_ROUNDS = 64;

    private final ClientContext context;
    private final BlobSource blobs;
    private final AppStateDecoder decoder;

    CollectionSync(ClientContext context, BlobSource blobs) {
        this.context = context;
        this.blobs = blobs;
        this.decoder = new AppStateDecoder(context.store().appState());
    }

    /**
     * Syncs {@code name}: from scratch (a snapshot) when {@code fullSync}, else from the stored version.
     *
     * @return the collection's version afterwards
     * @throws AppStateException when a MAC does not match, a key is missing or the data is malformed; the stored
     *                           state is then the last one fully applied
     */
    long sync(String name, boolean fullSync) throws AppStateException {
        AppStateStore store = context.store().appState();
        CollectionState state = fullSync ? CollectionState.empty(name)
                : store.collection(name).orElse(CollectionState.empty(name));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Node answer = query(AppStateStanzas.fetch(name, state.version()));
            CollectionReply reply = AppStateStanzas.parse(answer).stream().filter(r -> r.name().equals(name))
                    .findFirst().orElseThrow(() -> new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                            "the answer has no collection " + name));
            if (reply.errorCode().isPresent()) {
                throw new IqErrorException(reply.errorCode().get(), reply.errorText());
            }
            state = apply(state, reply, fullSync);
            if (!reply.hasMore()) {
                return state.version();
            }
        }
        return state.version();
    }

    /**
     * Applies what a reply holds on top of {@code state}: its snapshot (which replaces the state), then every patch
     * newer than the state. Each step is stored once the listeners have its events, which are marked as from a full
     * sync when they come from the snapshot or the whole sync is one (a recovery).
     */
    CollectionState apply(CollectionState state, CollectionReply reply, boolean fullSync) throws AppStateException {
        String name = state.name();
        CollectionState current = state;
        if (reply.snapshot().isPresent()) {
            SyncdSnapshot snapshot;
            try {
                snapshot = SyncdSnapshot.parseFrom(download(reply.snapshot().get(), name));
            } catch (InvalidProtocolBufferException e) {
                throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                        "snapshot of " + name + " does not parse", e);
            }
            AppliedChanges applied = decoder.applySnapshot(name, snapshot);
            current = commit(applied, true);
        }
        for (SyncdPatch patch : reply.patches()) {
            if (patch.hasVersion() && patch.getVersion().getVersion() <= current.version()) {
                continue; // already in the snapshot or applied before
            }
            List<SyncdMutation> mutations = patch.getMutationsList();
            if (patch.hasExternalMutations()) {
                try {
                    mutations = SyncdMutations.parseFrom(download(patch.getExternalMutations(), name))
                            .getMutationsList();
                } catch (InvalidProtocolBufferException e) {
                    throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                            "external mutations of " + name + " do not parse", e);
                }
            }
            current = commit(decoder.applyPatch(current, patch, mutations), fullSync);
        }
        return current;
    }

    private CollectionState commit(AppliedChanges applied, boolean fullSync) {
        List<CompletableFuture<Void>> delivered = new ArrayList<>();
        for (DecodedMutation mutation : applied.mutations()) {
            Optional<WaEvent> event = AppStateActions.event(mutation, fullSync);
            if (event.isPresent() && event.get() instanceof WaEvent.PushNameSetting pushName) {
                // kept where the device's push name lives, so the next connection.connected carries it
                context.store().pairedDevice().filter(me -> !me.pushName().equals(pushName.name()))
                        .ifPresent(me -> context.store().savePairedDevice(me.withPushName(pushName.name())));
            }
            event.ifPresent(e -> delivered.add(context.events().emit(e)));
            delivered.add(context.events().emit(new WaEvent.AppStatePatchReceived(mutation.index())));
        }
        // the state moves on only once the listeners have the changes: a failed listener sees them again
        CompletableFuture.allOf(delivered.toArray(CompletableFuture[]::new)).join();
        context.store().appState().saveCollection(applied.state());
        return applied.state();
    }

    private byte[] download(dev.wagateway.protocol.proto.ExternalBlobReference reference, String name)
            throws AppStateException {
        try {
            return blobs.download(reference);
        } catch (IOException e) {
            throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                    "cannot download an external blob of " + name + ": " + e.getMessage(), e);
        }
    }

    private Node query(Node iq) {
        return context.channel().query(iq).join();
    }
}
