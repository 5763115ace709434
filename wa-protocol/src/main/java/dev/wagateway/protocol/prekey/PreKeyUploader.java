package dev.wagateway.protocol.prekey;

import dev.wagateway.protocol.binary.BigEndian;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.store.PreKeyStore;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PreKeyCounters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the server stocked with one-time pre-keys (protocol §5): asks the count after login and on low-count
 * notifications, uploads when it is below the threshold. Keys are stored before the upload and counted as uploaded
 * only after the server's result; unuploaded keys are reused by the next upload.
 */
public final class PreKeyUploader {

    private static final Logger log = LoggerFactory.getLogger(PreKeyUploader.class);

    private final ServerChannel channel;
    private final DeviceStore store;
    private final SignalKeyGenerator generator;
    private final PreKeyPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();

    /** Made by the client; registers for the server's low-count {@code encrypt} notifications. */
    public PreKeyUploader(ClientContext context, SignalKeyGenerator generator, PreKeyPolicy policy) {
        this.channel = context.channel();
        this.store = context.store();
        this.generator = generator;
        this.policy = policy;
        context.routes().on(NodeRoute.notification("encrypt"), notification -> notification.child("count")
                .flatMap(c -> c.longAttribute("value"))
                .ifPresent(count -> Thread.ofVirtual().start(() -> uploadQuietly(count.intValue()))));
    }

    private void uploadQuietly(int serverCount) {
        try {
            uploadIfBelowThreshold(serverCount);
        } catch (RuntimeException e) {
            log.warn("pre-key upload failed: {}", Causes.root(e).getMessage());
        }
    }

    /** Asks the server how many pre-keys it holds and uploads when below the threshold; blocks. */
    public void ensureEnough() {
        Node answer = channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get")
                .attribute("xmlns", "encrypt").children(Node.of("count")).build()).join();
        int count = answer.child("count").flatMap(c -> c.longAttribute("value")).map(Long::intValue)
                .orElseThrow(() -> new IllegalStateException("pre-key count answer without a value"));
        uploadIfBelowThreshold(count);
    }

    /** Uploads when {@code serverCount} is below the threshold: the initial amount when the server has none. */
    void uploadIfBelowThreshold(int serverCount) {
        if (serverCount >= policy.minimum()) {
            return;
        }
        upload(serverCount == 0 ? policy.initial() : policy.batch());
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
                    Node.builder("id").bytes(BigEndian.u24(preKey.id())).build(),
                    Node.builder("value").bytes(preKey.keyPair().publicKey()).build()).build());
        }
        SignedPreKey signed = credentials.signedPreKey();
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", "encrypt")
                .children(
                        Node.builder("registration").bytes(BigEndian.u32(credentials.registrationId())).build(),
                        Node.builder("type").bytes(new byte[]{5}).build(),
                        Node.builder("identity").bytes(credentials.identityKeyPair().publicKey().publicKey()).build(),
                        Node.builder("list").children(keys).build(),
                        Node.builder("skey").children(
                                Node.builder("id").bytes(BigEndian.u24(signed.id())).build(),
                                Node.builder("value").bytes(signed.keyPair().publicKey()).build(),
                                Node.builder("signature").bytes(signed.signature()).build()).build())
                .build();
    }
}
