package dev.wagateway.protocol.client;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.store.PreKeyStore;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PreKeyCounters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the server stocked with one-time pre-keys (protocol §5): asks the count after login and on low-count
 * notifications, uploads when it is below the threshold. Keys are stored before the upload and counted as uploaded
 * only after the server's result; unuploaded keys are reused by the next upload.
 */
final class PreKeyUploader {

    private final ServerChannel channel;
    private final DeviceStore store;
    private final SignalKeyGenerator generator;
    private final WaClientConfig config;
    private final ReentrantLock lock = new ReentrantLock();

    PreKeyUploader(ServerChannel channel, DeviceStore store, SignalKeyGenerator generator, WaClientConfig config) {
        this.channel = channel;
        this.store = store;
        this.generator = generator;
        this.config = config;
    }

    /** Asks the server how many pre-keys it holds and uploads when below the threshold; blocks. */
    void ensureEnough() {
        Node answer = channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get")
                .attribute("xmlns", "encrypt").children(Node.of("count")).build()).join();
        int count = answer.child("count").flatMap(c -> c.longAttribute("value")).map(Long::intValue)
                .orElseThrow(() -> new IllegalStateException("pre-key count answer without a value"));
        uploadIfBelowThreshold(count);
    }

    /** Uploads when {@code serverCount} is below the threshold: the initial amount when the server has none. */
    void uploadIfBelowThreshold(int serverCount) {
        if (serverCount >= config.minPreKeys()) {
            return;
        }
        upload(serverCount == 0 ? config.initialPreKeys() : config.preKeyBatch());
    }

    /** Uploads {@code count} keys, reusing generated-but-unuploaded ones first; blocks until the server answered. */
    void upload(int count) {
        lock.lock();
        try {
            DeviceCredentials credentials = store.credentials()
                    .orElseThrow(() -> new IllegalStateException("no credentials"));
            PreKeyStore preKeys = store.signalStores().preKeys();
            PreKeyCounters counters = store.preKeyCounters();
            List<PreKey> batch = new ArrayList<>(count);
            for (int id = counters.firstUnuploadedId(); id < counters.nextId() && batch.size() < count; id++) {
                Optional<PreKey> kept = preKeys.loadPreKey(id);
                kept.ifPresent(batch::add);
            }
            int missing = count - batch.size();
            int nextId = counters.nextId();
            if (missing > 0) {
                List<PreKey> fresh = generator.preKeys(nextId, missing);
                preKeys.storePreKeys(fresh);
                batch.addAll(fresh);
                nextId += missing;
                store.savePreKeyCounters(new PreKeyCounters(nextId, counters.firstUnuploadedId()));
            }
            channel.query(uploadNode(credentials, batch)).join();
            int highest = batch.stream().mapToInt(PreKey::id).max().orElse(counters.firstUnuploadedId() - 1);
            store.savePreKeyCounters(new PreKeyCounters(nextId, Math.min(nextId, highest + 1)));
        } finally {
            lock.unlock();
        }
    }

    private static Node uploadNode(DeviceCredentials credentials, List<PreKey> batch) {
        List<Node> keys = new ArrayList<>(batch.size());
        for (PreKey preKey : batch) {
            keys.add(Node.builder("key").children(
                    Node.builder("id").bytes(ClientPayloads.u24(preKey.id())).build(),
                    Node.builder("value").bytes(preKey.keyPair().publicKey()).build()).build());
        }
        SignedPreKey signed = credentials.signedPreKey();
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", "encrypt")
                .children(
                        Node.builder("registration").bytes(ClientPayloads.u32(credentials.registrationId())).build(),
                        Node.builder("type").bytes(new byte[]{5}).build(),
                        Node.builder("identity").bytes(credentials.identityKeyPair().publicKey().publicKey()).build(),
                        Node.builder("list").children(keys).build(),
                        Node.builder("skey").children(
                                Node.builder("id").bytes(ClientPayloads.u24(signed.id())).build(),
                                Node.builder("value").bytes(signed.keyPair().publicKey()).build(),
                                Node.builder("signature").bytes(signed.signature()).build()).build())
                .build();
    }
}
