package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.appstate.AppStateDecoder;
import dev.wagateway.protocol.appstate.AppStateEncoder;
import dev.wagateway.protocol.appstate.AppStateException;
import dev.wagateway.protocol.appstate.AppStateMacs;
import dev.wagateway.protocol.appstate.AppliedChanges;
import dev.wagateway.protocol.appstate.CollectionState;
import dev.wagateway.protocol.appstate.DecodedMutation;
import dev.wagateway.protocol.appstate.EncodedPatch;
import dev.wagateway.protocol.appstate.MutationKeys;
import dev.wagateway.protocol.appstate.PendingMutation;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.KeyId;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.proto.SyncdRecord;
import dev.wagateway.protocol.proto.SyncdSnapshot;
import dev.wagateway.protocol.proto.SyncdVersion;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a phone knows of its account's app state (protocol §10): the sync key it made and shares with its companions,
 * and each collection as applied so far (state, live records, decrypted view). Companions' patches are checked
 * against it before the server keeps them; the phone's own changes and snapshots are built from it. Not
 * thread-safe: {@link SandboxAppState} holds the account's lock around every use.
 */
final class PhoneAppState {

    /** Keys are made by the phone at fixed times: generation n at this plus n seconds. */
    private static final long KEY_TIMESTAMP = 1_700_000_000_000L;
    /** The most key generations a phone makes: a key id is found by deriving them all. */
    private static final int MAX_GENERATIONS = 64;

    private final byte[] identitySecret;
    /** The key the phone writes with now; older ones still decrypt what was written with them. */
    private int generation;
    private byte[] keyId;
    private byte[] keyData;
    private final AppStateDecoder decoder;
    private final AppStateEncoder encoder;
    private final Map<String, Collection> collections = new HashMap<>();

    /** One collection as the phone holds it. */
    private static final class Collection {
        CollectionState state;
        final Map<ByteString, SyncdRecord> records = new LinkedHashMap<>();
        final Map<String, DecodedMutation> view = new LinkedHashMap<>();

        Collection(String name) {
            state = CollectionState.empty(name);
        }
    }

    /**
     * The app state of the phone with {@code identity}: its key is derived from the identity, so the same phone
     * has the same key after a sandbox restart (the patches the server kept still decrypt).
     */
    PhoneAppState(KeyPair identity, SecureRandom random) {
        this.identitySecret = identity.privateKey().clone();
        useGeneration(0);
        this.decoder = new AppStateDecoder(this::keyData);
        this.encoder = new AppStateEncoder(random);
    }

    /** {@code protocolMessage{APP_STATE_SYNC_KEY_SHARE}} of the current key, for a newly linked companion (§10.2). */
    Message keyShare() {
        return share(List.of(generation));
    }

    /**
     * The answer to a companion's {@code APP_STATE_SYNC_KEY_REQUEST}: a share of the requested keys the phone made
     * (those it never made are left out); empty when it made none of them.
     */
    Optional<Message> keyShare(List<byte[]> requested) {
        List<Integer> found = new ArrayList<>();
        for (byte[] id : requested) {
            generationOf(id).filter(g -> !found.contains(g)).ifPresent(found::add);
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(share(found));
    }

    /**
     * The phone makes a new sync key and writes with it from now on, sharing it with nobody (companions ask for it
     * when a patch names it): WhatsApp's phones rotate keys, and a companion that missed the share must ask.
     */
    void rotateKey() {
        if (generation + 1 >= MAX_GENERATIONS) {
            throw new IllegalStateException("the phone made " + MAX_GENERATIONS + " keys already");
        }
        useGeneration(generation + 1);
    }

    private Message share(List<Integer> generations) {
        Message.AppStateSyncKeyShare.Builder share = Message.AppStateSyncKeyShare.newBuilder();
        for (int g : generations) {
            byte[] data = derive(g);
            share.addKeys(Message.AppStateSyncKey.newBuilder()
                    .setKeyId(Message.AppStateSyncKeyId.newBuilder().setKeyId(ByteString.copyFrom(idOf(data))))
                    .setKeyData(Message.AppStateSyncKeyData.newBuilder()
                            .setKeyData(ByteString.copyFrom(data))
                            .setFingerprint(Message.AppStateSyncKeyFingerprint.newBuilder()
                                    .setRawId(1).setCurrentIndex(g).addDeviceIndexes(0))
                            .setTimestamp(KEY_TIMESTAMP + g * 1000L)));
        }
        return Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE)
                .setAppStateSyncKeyShare(share)).build();
    }

    private void useGeneration(int g) {
        generation = g;
        keyData = derive(g);
        keyId = idOf(keyData);
    }

    /**
     * Key generation {@code g}, derived from the identity: the same phone has the same keys after a sandbox restart
     * (the patches the server kept still decrypt). Generation 0 is the key phones had before rotation existed.
     */
    private byte[] derive(int g) {
        String label = g == 0 ? "sandbox app-state sync key" : "sandbox app-state sync key " + g;
        return Hmac.sha256(identitySecret, label.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] idOf(byte[] data) {
        return Arrays.copyOf(Hmac.sha256(data, new byte[]{1}), 6);
    }

    private Optional<Integer> generationOf(byte[] id) {
        for (int g = 0; g < MAX_GENERATIONS; g++) {
            if (Arrays.equals(idOf(derive(g)), id)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** A key the phone made, by id; replaying kept patches moves the current key on to the newest one used. */
    private Optional<byte[]> keyData(byte[] id) {
        return generationOf(id).map(g -> {
            if (g > generation) {
                useGeneration(g);
            }
            return derive(g);
        });
    }

    /** Whether the phone has applied collection {@code name} up to {@code version}. */
    long version(String name) {
        return collection(name).state.version();
    }

    /**
     * Checks a patch against the collection as the phone has it (every MAC, as a receiving device does) and applies
     * it.
     *
     * @throws AppStateException when a MAC does not match or a key is unknown: the patch is refused
     */
    void apply(String name, SyncdPatch patch) throws AppStateException {
        Collection collection = collection(name);
        AppliedChanges applied = decoder.applyPatch(collection.state, patch);
        commit(collection, applied, patch.getMutationsList());
    }

    /** A patch of the phone's own, on top of its state; applied to it when {@link #apply} takes it back. */
    SyncdPatch change(String name, PendingMutation mutation) throws AppStateException {
        EncodedPatch encoded = encoder.encodePatch(collection(name).state, keyId, keyData, List.of(mutation));
        return encoded.patch();
    }

    /** The collection's snapshot at its version: every live record, the LTHash's MAC (protocol §10.5). */
    SyncdSnapshot snapshot(String name) {
        Collection collection = collection(name);
        MutationKeys keys = MutationKeys.expand(keyData);
        byte[] mac = AppStateMacs.snapshotMac(keys.snapshotMacKey(), collection.state.hash(),
                collection.state.version(), name);
        return SyncdSnapshot.newBuilder()
                .setVersion(SyncdVersion.newBuilder().setVersion(collection.state.version()))
                .addAllRecords(collection.records.values()).setMac(ByteString.copyFrom(mac))
                .setKeyId(KeyId.newBuilder().setId(ByteString.copyFrom(keyId))).build();
    }

    /** The live mutations of collection {@code name}, decrypted, by index. */
    List<DecodedMutation> view(String name) {
        return List.copyOf(collection(name).view.values());
    }

    private Collection collection(String name) {
        return collections.computeIfAbsent(name, Collection::new);
    }

    private static void commit(Collection collection, AppliedChanges applied, List<SyncdMutation> mutations) {
        for (int i = 0; i < mutations.size(); i++) {
            SyncdMutation mutation = mutations.get(i);
            DecodedMutation decoded = applied.mutations().get(i);
            ByteString indexMac = mutation.getRecord().getIndex().getBlob();
            String index = decoded.indexJson().toStringUtf8();
            switch (mutation.getOperation()) {
                case SET -> {
                    collection.records.put(indexMac, mutation.getRecord());
                    collection.view.put(index, decoded);
                }
                case REMOVE -> {
                    collection.records.remove(indexMac);
                    collection.view.remove(index);
                }
            }
        }
        collection.state = applied.state();
    }
}
