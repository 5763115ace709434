package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.proto.KeyId;
import dev.wagateway.protocol.proto.SyncActionData;
import dev.wagateway.protocol.proto.SyncdIndex;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.proto.SyncdRecord;
import dev.wagateway.protocol.proto.SyncdValue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the patches this device sends (protocol §10.6): each mutation encrypted with a fresh IV and MACed, the
 * collection's LTHash moved on one version, and the snapshot and patch MACs computed for it.
 */
public final class AppStateEncoder {

    private final SecureRandom random;

    /** An encoder drawing IVs from {@code random}. */
    public AppStateEncoder(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encodes {@code mutations} against {@code state} with the sync key {@code keyId}/{@code keyData} (the newest one
     * we hold).
     *
     * @throws AppStateException never for well-formed input; declared because the state update reads value blobs
     */
    public EncodedPatch encodePatch(CollectionState state, byte[] keyId, byte[] keyData,
                                    List<PendingMutation> mutations) throws AppStateException {
        if (mutations.isEmpty()) {
            throw new IllegalArgumentException("a patch holds at least one mutation");
        }
        MutationKeys keys = MutationKeys.expand(keyData);
        ByteString keyIdBytes = ByteString.copyFrom(keyId);
        List<SyncdMutation> encoded = new ArrayList<>(mutations.size());
        List<byte[]> valueMacs = new ArrayList<>(mutations.size());
        for (PendingMutation mutation : mutations) {
            byte[] indexJson = IndexJson.format(mutation.index());
            byte[] plaintext = SyncActionData.newBuilder()
                    .setIndex(ByteString.copyFrom(indexJson))
                    .setValue(mutation.value())
                    .setPadding(ByteString.EMPTY)
                    .setVersion(mutation.actionVersion())
                    .build().toByteArray();
            byte[] blob = ValueCipher.encrypt(keys, keyId, mutation.operation(), plaintext, random);
            valueMacs.add(ValueCipher.valueMacOf(blob));
            encoded.add(SyncdMutation.newBuilder()
                    .setOperation(mutation.operation())
                    .setRecord(SyncdRecord.newBuilder()
                            .setIndex(SyncdIndex.newBuilder()
                                    .setBlob(ByteString.copyFrom(AppStateMacs.indexMac(keys.indexKey(), indexJson))))
                            .setValue(SyncdValue.newBuilder().setBlob(ByteString.copyFrom(blob)))
                            .setKeyId(KeyId.newBuilder().setId(keyIdBytes)))
                    .build());
        }
        CollectionState next = state.apply(state.version() + 1, encoded);
        byte[] snapshotMac = AppStateMacs.snapshotMac(keys.snapshotMacKey(), next.hash(), next.version(), state.name());
        byte[] patchMac = AppStateMacs.patchMac(keys.patchMacKey(), snapshotMac, valueMacs, next.version(),
                state.name());
        SyncdPatch patch = SyncdPatch.newBuilder()
                .setSnapshotMac(ByteString.copyFrom(snapshotMac))
                .setKeyId(KeyId.newBuilder().setId(keyIdBytes))
                .addAllMutations(encoded)
                .setPatchMac(ByteString.copyFrom(patchMac))
                .build();
        return new EncodedPatch(patch, next);
    }
}
