package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.proto.SyncActionData;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.proto.SyncdRecord;
import dev.wagateway.protocol.proto.SyncdSnapshot;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Verifies, decrypts and applies app-state snapshots and patches to a collection's state (protocol §10.4, §10.5).
 * Every MAC is checked: the patch MAC, each record's value MAC and index MAC, and the snapshot MAC of the resulting
 * LTHash. Any failure refuses the whole patch and leaves the caller's state as it was.
 */
public final class AppStateDecoder {

    private final SyncKeyLookup keys;

    /** A decoder that takes sync keys from {@code keys}. */
    public AppStateDecoder(SyncKeyLookup keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Applies a patch whose mutations are inline. */
    public AppliedChanges applyPatch(CollectionState state, SyncdPatch patch) throws AppStateException {
        return applyPatch(state, patch, patch.getMutationsList());
    }

    /**
     * Applies a patch, with its mutations given separately (they come from the downloaded external blob when the
     * patch has {@code externalMutations}). A patch without a version is taken as the collection's next one.
     */
    public AppliedChanges applyPatch(CollectionState state, SyncdPatch patch, List<SyncdMutation> mutations)
            throws AppStateException {
        long version = patch.hasVersion() ? patch.getVersion().getVersion() : state.version() + 1;
        MutationKeys patchKeys = keysFor(patch.getKeyId().getId());

        // The patch MAC covers the value MACs and the claimed snapshot MAC: check it before any decryption.
        List<byte[]> valueMacs = new ArrayList<>(mutations.size());
        for (SyncdMutation mutation : mutations) {
            valueMacs.add(ValueCipher.valueMacOf(mutation.getRecord().getValue().getBlob().toByteArray()));
        }
        byte[] snapshotMac = patch.getSnapshotMac().toByteArray();
        byte[] patchMac = AppStateMacs.patchMac(patchKeys.patchMacKey(), snapshotMac, valueMacs, version, state.name());
        if (!ConstantTime.equals(patchMac, patch.getPatchMac().toByteArray())) {
            throw new AppStateException(AppStateException.Reason.PATCH_MAC_MISMATCH,
                    "patch MAC mismatch in " + state.name() + " v" + version);
        }

        List<DecodedMutation> decoded = new ArrayList<>(mutations.size());
        for (SyncdMutation mutation : mutations) {
            decoded.add(decode(mutation.getOperation(), mutation.getRecord()));
        }
        CollectionState next = state.apply(version, mutations);

        byte[] expectedSnapshotMac = AppStateMacs.snapshotMac(patchKeys.snapshotMacKey(), next.hash(), version,
                state.name());
        if (!ConstantTime.equals(expectedSnapshotMac, snapshotMac)) {
            throw new AppStateException(AppStateException.Reason.SNAPSHOT_MAC_MISMATCH,
                    "snapshot MAC mismatch after patch " + state.name() + " v" + version);
        }
        return new AppliedChanges(next, decoded);
    }

    /** Builds a collection's state from a snapshot whose records are inline. */
    public AppliedChanges applySnapshot(String collectionName, SyncdSnapshot snapshot) throws AppStateException {
        long version = snapshot.getVersion().getVersion();
        List<DecodedMutation> decoded = new ArrayList<>(snapshot.getRecordsCount());
        List<SyncdMutation> asSets = new ArrayList<>(snapshot.getRecordsCount());
        for (SyncdRecord record : snapshot.getRecordsList()) {
            decoded.add(decode(SyncdOperation.SET, record));
            asSets.add(SyncdMutation.newBuilder().setOperation(SyncdOperation.SET).setRecord(record).build());
        }
        CollectionState state = CollectionState.empty(collectionName).apply(version, asSets);
        MutationKeys snapshotKeys = keysFor(snapshot.getKeyId().getId());
        byte[] expected = AppStateMacs.snapshotMac(snapshotKeys.snapshotMacKey(), state.hash(), version,
                collectionName);
        if (!ConstantTime.equals(expected, snapshot.getMac().toByteArray())) {
            throw new AppStateException(AppStateException.Reason.SNAPSHOT_MAC_MISMATCH,
                    "snapshot MAC mismatch for " + collectionName + " v" + version);
        }
        return new AppliedChanges(state, decoded);
    }

    private DecodedMutation decode(SyncdOperation operation, SyncdRecord record) throws AppStateException {
        ByteString keyId = record.getKeyId().getId();
        MutationKeys recordKeys = keysFor(keyId);
        byte[] blob = record.getValue().getBlob().toByteArray();
        byte[] plaintext = ValueCipher.decrypt(recordKeys, keyId.toByteArray(), operation, blob);
        SyncActionData data;
        try {
            data = SyncActionData.parseFrom(plaintext);
        } catch (InvalidProtocolBufferException e) {
            throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                    "app-state value is not a SyncActionData", e);
        }
        byte[] indexJson = data.getIndex().toByteArray();
        byte[] indexMac = AppStateMacs.indexMac(recordKeys.indexKey(), indexJson);
        if (!ConstantTime.equals(indexMac, record.getIndex().getBlob().toByteArray())) {
            throw new AppStateException(AppStateException.Reason.INDEX_MAC_MISMATCH, "app-state index MAC mismatch");
        }
        List<String> index;
        try {
            index = IndexJson.parse(indexJson);
        } catch (IllegalArgumentException e) {
            throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE, e.getMessage(), e);
        }
        return new DecodedMutation(operation, index, data.getIndex(), data.getValue(), data.getVersion(),
                ByteString.copyFrom(indexMac), ByteString.copyFrom(ValueCipher.valueMacOf(blob)), keyId);
    }

    private MutationKeys keysFor(ByteString keyId) throws AppStateException {
        byte[] id = keyId.toByteArray();
        byte[] keyData = keys.keyData(id).orElseThrow(() -> AppStateException.missingKey(id,
                "no app-state sync key " + HexFormat.of().formatHex(id)));
        return MutationKeys.expand(keyData);
    }
}
