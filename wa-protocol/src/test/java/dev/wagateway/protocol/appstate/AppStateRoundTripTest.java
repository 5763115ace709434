package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.proto.KeyId;
import dev.wagateway.protocol.proto.MuteAction;
import dev.wagateway.protocol.proto.PinAction;
import dev.wagateway.protocol.proto.SyncActionValue;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.proto.SyncdRecord;
import dev.wagateway.protocol.proto.SyncdSnapshot;
import dev.wagateway.protocol.proto.SyncdVersion;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Patches we encode decode back; every kind of damage is refused with its own reason; snapshots build state. */
class AppStateRoundTripTest {

    private static final String COLLECTION = "regular_high";
    private static final List<String> MUTE_INDEX = List.of("mute", "15551234567@s.whatsapp.net");
    private static final List<String> PIN_INDEX = List.of("pin_v1", "15551234567@s.whatsapp.net");

    private final SecureRandom random = new SecureRandom();
    private final byte[] keyId = {0x00, 0x00, 0x01, 0x02, 0x03, 0x04};
    private final byte[] keyData = bytes(32);
    private final AppStateEncoder encoder = new AppStateEncoder(random);
    private final AppStateDecoder decoder = new AppStateDecoder(
            id -> Arrays.equals(id, keyId) ? Optional.of(keyData) : Optional.empty());

    @Test
    void aPatchWeEncodeDecodesToTheSameStateAndMutations() throws AppStateException {
        CollectionState start = CollectionState.empty(COLLECTION);
        EncodedPatch encoded = encoder.encodePatch(start, keyId, keyData,
                List.of(set(MUTE_INDEX, mute(true)), set(PIN_INDEX, pin(true))));

        assertThat(encoded.patch().hasVersion()).as("the server numbers the patch").isFalse();
        AppliedChanges applied = decoder.applyPatch(start, encoded.patch());
        assertThat(applied.state()).isEqualTo(encoded.stateAfter());
        assertThat(applied.state().version()).isEqualTo(1);
        assertThat(applied.state().valueMacs()).hasSize(2);
        assertThat(applied.mutations()).extracting(DecodedMutation::index).containsExactly(MUTE_INDEX, PIN_INDEX);
        assertThat(applied.mutations().getFirst().value()).isEqualTo(mute(true));
        assertThat(applied.mutations().getFirst().actionVersion()).isEqualTo(2);
        assertThat(applied.mutations().getFirst().keyId().toByteArray()).isEqualTo(keyId);
    }

    @Test
    void overwritingAndRemovingTakeOldValuesOutOfTheHash() throws AppStateException {
        CollectionState empty = CollectionState.empty(COLLECTION);
        CollectionState afterMute = roundTrip(empty, List.of(set(MUTE_INDEX, mute(true))));
        CollectionState afterPin = roundTrip(afterMute, List.of(set(PIN_INDEX, pin(true))));
        // Unmute: the index keeps one live value, so the hash is that of {unmute, pin}.
        CollectionState afterUnmute = roundTrip(afterPin, List.of(set(MUTE_INDEX, mute(false))));
        assertThat(afterUnmute.valueMacs()).hasSize(2);
        CollectionState onlyPin = roundTrip(afterUnmute, List.of(remove(MUTE_INDEX, mute(false))));
        assertThat(onlyPin.valueMacs()).hasSize(1);
        assertThat(onlyPin.hash()).isEqualTo(LtHash.zero().add(List.of(onlyPin.valueMacs().values().iterator()
                .next().toByteArray())));
        CollectionState nothing = roundTrip(onlyPin, List.of(remove(PIN_INDEX, pin(true))));
        assertThat(nothing.hash()).isEqualTo(LtHash.zero());
        assertThat(nothing.valueMacs()).isEmpty();
        assertThat(nothing.version()).isEqualTo(5);
    }

    @Test
    void severalMutationsOfOneIndexInOnePatchChainInOrder() throws AppStateException {
        CollectionState empty = CollectionState.empty(COLLECTION);
        CollectionState state = roundTrip(empty, List.of(set(MUTE_INDEX, mute(true)), set(MUTE_INDEX, mute(false)),
                remove(MUTE_INDEX, mute(false)), set(PIN_INDEX, pin(true))));
        assertThat(state.valueMacs()).hasSize(1);
        CollectionState pinOnly = roundTrip(empty, List.of(set(PIN_INDEX, pin(true))));
        assertThat(state.hash()).isNotEqualTo(LtHash.zero());
        assertThat(state.valueMacs().keySet()).isEqualTo(pinOnly.valueMacs().keySet());
    }

    @Test
    void aRemovalOfSomethingNeverSetIsTolerated() throws AppStateException {
        CollectionState state = roundTrip(CollectionState.empty(COLLECTION), List.of(remove(MUTE_INDEX, mute(true))));
        assertThat(state.hash()).isEqualTo(LtHash.zero());
        assertThat(state.version()).isEqualTo(1);
    }

    @Test
    void everyDamageIsRefusedForItsOwnReason() throws AppStateException {
        CollectionState start = roundTrip(CollectionState.empty(COLLECTION), List.of(set(PIN_INDEX, pin(true))));
        SyncdPatch patch = encoder.encodePatch(start, keyId, keyData, List.of(set(MUTE_INDEX, mute(true)))).patch();
        byte[] blob = patch.getMutations(0).getRecord().getValue().getBlob().toByteArray();

        byte[] ciphertextFlipped = blob.clone();
        ciphertextFlipped[20] ^= 1;
        assertRefused(start, withBlob(patch, ciphertextFlipped), AppStateException.Reason.VALUE_MAC_MISMATCH);

        byte[] macFlipped = blob.clone();
        macFlipped[blob.length - 1] ^= 1;
        assertRefused(start, withBlob(patch, macFlipped), AppStateException.Reason.PATCH_MAC_MISMATCH);

        // A cut blob ends in other bytes than its MAC, which the patch MAC catches first; one shorter than a MAC
        // has no MAC at all.
        assertRefused(start, withBlob(patch, Arrays.copyOf(blob, 40)), AppStateException.Reason.PATCH_MAC_MISMATCH);
        assertRefused(start, withBlob(patch, new byte[10]), AppStateException.Reason.MALFORMED_VALUE);

        byte[] indexFlipped = patch.getMutations(0).getRecord().getIndex().getBlob().toByteArray();
        indexFlipped[0] ^= 1;
        SyncdPatch wrongIndex = patch.toBuilder().setMutations(0, patch.getMutations(0).toBuilder()
                .setRecord(patch.getMutations(0).getRecord().toBuilder()
                        .setIndex(patch.getMutations(0).getRecord().getIndex().toBuilder()
                                .setBlob(ByteString.copyFrom(indexFlipped))))).build();
        assertRefused(start, wrongIndex, AppStateException.Reason.INDEX_MAC_MISMATCH);

        SyncdPatch wrongSnapshotMac = patch.toBuilder().setSnapshotMac(ByteString.copyFrom(bytes(32))).build();
        assertRefused(start, wrongSnapshotMac, AppStateException.Reason.PATCH_MAC_MISMATCH);

        // The right patch on the wrong base state: every record checks out but the LTHash does not.
        assertRefused(CollectionState.empty(COLLECTION).apply(1, List.of()), patch,
                AppStateException.Reason.SNAPSHOT_MAC_MISMATCH);
        // The same patch claimed for another collection: the MACs cover the name.
        assertRefused(new CollectionState("regular_low", start.version(), start.hash(), start.valueMacs()), patch,
                AppStateException.Reason.PATCH_MAC_MISMATCH);

        SyncdPatch otherKey = patch.toBuilder().setKeyId(KeyId.newBuilder().setId(ByteString.copyFrom(bytes(6))))
                .build();
        assertRefused(start, otherKey, AppStateException.Reason.MISSING_KEY);

        // The patch MAC binds the version: a replay at another version fails.
        SyncdPatch renumbered = patch.toBuilder().setVersion(SyncdVersion.newBuilder().setVersion(7)).build();
        assertRefused(start, renumbered, AppStateException.Reason.PATCH_MAC_MISMATCH);
    }

    @Test
    void anOperationSwappedOnTheWayFailsTheValueMac() throws AppStateException {
        CollectionState start = CollectionState.empty(COLLECTION);
        SyncdPatch patch = encoder.encodePatch(start, keyId, keyData, List.of(set(MUTE_INDEX, mute(true)))).patch();
        SyncdPatch swapped = patch.toBuilder().setMutations(0, patch.getMutations(0).toBuilder()
                .setOperation(SyncdOperation.REMOVE)).build();
        assertRefused(start, swapped, AppStateException.Reason.VALUE_MAC_MISMATCH);
    }

    @Test
    void aSnapshotBuildsTheSameStateAsThePatchesThatLedToIt() throws AppStateException {
        EncodedPatch encoded = encoder.encodePatch(CollectionState.empty(COLLECTION), keyId, keyData,
                List.of(set(MUTE_INDEX, mute(true)), set(PIN_INDEX, pin(true))));
        CollectionState viaPatch = encoded.stateAfter();
        MutationKeys keys = MutationKeys.expand(keyData);
        SyncdSnapshot.Builder snapshot = SyncdSnapshot.newBuilder()
                .setVersion(SyncdVersion.newBuilder().setVersion(viaPatch.version()))
                .setKeyId(KeyId.newBuilder().setId(ByteString.copyFrom(keyId)))
                .setMac(ByteString.copyFrom(AppStateMacs.snapshotMac(keys.snapshotMacKey(), viaPatch.hash(),
                        viaPatch.version(), COLLECTION)));
        for (SyncdMutation mutation : encoded.patch().getMutationsList()) {
            snapshot.addRecords(mutation.getRecord());
        }

        AppliedChanges applied = decoder.applySnapshot(COLLECTION, snapshot.build());
        assertThat(applied.state()).isEqualTo(viaPatch);
        assertThat(applied.mutations()).extracting(DecodedMutation::operation)
                .containsExactly(SyncdOperation.SET, SyncdOperation.SET);

        SyncdSnapshot tampered = snapshot.setMac(ByteString.copyFrom(bytes(32))).build();
        assertThatThrownBy(() -> decoder.applySnapshot(COLLECTION, tampered))
                .isInstanceOfSatisfying(AppStateException.class, e -> assertThat(e.reason())
                        .isEqualTo(AppStateException.Reason.SNAPSHOT_MAC_MISMATCH));
        SyncdRecord damaged = snapshot.getRecords(0).toBuilder().setIndex(snapshot.getRecords(1).getIndex()).build();
        SyncdSnapshot swappedIndex = snapshot.setRecords(0, damaged).build();
        assertThatThrownBy(() -> decoder.applySnapshot(COLLECTION, swappedIndex))
                .isInstanceOfSatisfying(AppStateException.class, e -> assertThat(e.reason())
                        .isEqualTo(AppStateException.Reason.INDEX_MAC_MISMATCH));
    }

    private CollectionState roundTrip(CollectionState state, List<PendingMutation> mutations)
            throws AppStateException {
        EncodedPatch encoded = encoder.encodePatch(state, keyId, keyData, mutations);
        CollectionState decoded = decoder.applyPatch(state, encoded.patch()).state();
        assertThat(decoded).isEqualTo(encoded.stateAfter());
        return decoded;
    }

    private void assertRefused(CollectionState state, SyncdPatch patch, AppStateException.Reason reason) {
        assertThatThrownBy(() -> decoder.applyPatch(state, patch))
                .isInstanceOfSatisfying(AppStateException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static SyncdPatch withBlob(SyncdPatch patch, byte[] blob) {
        SyncdMutation mutation = patch.getMutations(0);
        return patch.toBuilder().setMutations(0, mutation.toBuilder().setRecord(mutation.getRecord().toBuilder()
                .setValue(mutation.getRecord().getValue().toBuilder().setBlob(ByteString.copyFrom(blob))))).build();
    }

    private static PendingMutation set(List<String> index, SyncActionValue value) {
        return new PendingMutation(SyncdOperation.SET, index, value, index.getFirst().equals("mute") ? 2 : 5);
    }

    private static PendingMutation remove(List<String> index, SyncActionValue value) {
        return new PendingMutation(SyncdOperation.REMOVE, index, value, index.getFirst().equals("mute") ? 2 : 5);
    }

    private static SyncActionValue mute(boolean muted) {
        return SyncActionValue.newBuilder().setTimestamp(1_764_000_000_000L)
                .setMuteAction(MuteAction.newBuilder().setMuted(muted).setMuteEndTimestamp(muted ? -1 : 0)).build();
    }

    private static SyncActionValue pin(boolean pinned) {
        return SyncActionValue.newBuilder().setTimestamp(1_764_000_000_000L)
                .setPinAction(PinAction.newBuilder().setPinned(pinned)).build();
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
