package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.BigEndian;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import dev.wagateway.protocol.store.PreKeyCounters;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <keys>} a retry receipt carries from the second retry on (whatsmeow {@code sendRetryReceipt}: retry
 * count above 1): our identity, one fresh one-time pre-key, the signed pre-key and our device identity, so that the
 * sender can build a new session with us without fetching a bundle. The pre-key is handed to that sender alone, so
 * it is stored and counted as already uploaded (whatsmeow {@code GenOnePreKey}).
 */
final class RetryKeys {

    /** Both references add keys once the first retry did not help. */
    static final int FROM_RETRY = 2;

    private RetryKeys() {
    }

    /**
     * A group message of which we lack the sender's key and got no pairwise part: whatsmeow adds the keys to the
     * first retry already ({@code forceIncludeIdentity} for {@code ErrNoSenderKeyForUser}).
     */
    static boolean senderKeyMissing(Node stanza, String reason) {
        boolean pairwise = stanza.children("enc").stream()
                .anyMatch(enc -> enc.attribute("type", "").equals("pkmsg") || enc.attribute("type", "").equals("msg"));
        return !pairwise && reason.startsWith("no sender key");
    }

    /** The {@code <keys>} node; empty when the device is not paired. Stores the new pre-key. */
    static Optional<Node> node(DeviceStore store, SecureRandom random) {
        Optional<DeviceCredentials> credentials = store.credentials();
        Optional<PairedDevice> me = store.pairedDevice();
        if (credentials.isEmpty() || me.isEmpty() || store.preKeyCounters().nextId() > PreKey.MAX_ID) {
            return Optional.empty(); // (pre-key ids exhausted: the sender fetches a bundle instead)
        }
        PreKey oneTime = generateOne(store, random);
        SignedPreKey signed = credentials.get().signedPreKey();
        return Optional.of(Node.builder("keys").children(
                Node.builder("type").bytes(new byte[]{5}).build(),
                Node.builder("identity").bytes(credentials.get().identityKeyPair().publicKey().publicKey()).build(),
                Node.builder("key").children(
                        Node.builder("id").bytes(BigEndian.u24(oneTime.id())).build(),
                        Node.builder("value").bytes(oneTime.keyPair().publicKey()).build()).build(),
                Node.builder("skey").children(
                        Node.builder("id").bytes(BigEndian.u24(signed.id())).build(),
                        Node.builder("value").bytes(signed.keyPair().publicKey()).build(),
                        Node.builder("signature").bytes(signed.signature()).build()).build(),
                Node.builder("device-identity").bytes(me.get().accountIdentity()).build()).build());
    }

    private static PreKey generateOne(DeviceStore store, SecureRandom random) {
        PreKeyCounters counters = store.preKeyCounters();
        PreKey key = new SignalKeyGenerator(random).preKeys(counters.nextId(), 1).getFirst();
        store.signalStores().preKeys().storePreKeys(List.of(key));
        int next = counters.nextId() + 1;
        // not for the server: when every earlier key was uploaded, this one counts as uploaded too
        int firstUnuploaded = counters.firstUnuploadedId() == counters.nextId() ? next : counters.firstUnuploadedId();
        store.savePreKeyCounters(new PreKeyCounters(next, firstUnuploaded));
        return key;
    }
}
