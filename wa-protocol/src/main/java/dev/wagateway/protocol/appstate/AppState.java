package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.SyncActionMessageRange;
import dev.wagateway.protocol.store.AppStateSyncKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * App-state sync (protocol §10): the sync keys our phone shares are stored; the five collections are fetched at
 * login, after a key share and when the server announces a change ({@code server_sync}); every snapshot and patch
 * is applied with all MACs checked, and the phone's changes arrive as typed events
 * ({@link WaEvent.ChatSettingChanged}, {@link WaEvent.PushNameSetting}). A mismatch rebuilds the collection from a
 * snapshot; a missing key is asked of the phone (at most once a day per key, whatsmeow's rule) and the collection
 * waits for it. Our own changes go out as patches on top of the newest version, resent after a 409.
 */
public final class AppState {

    private static final Logger log = LoggerFactory.getLogger(AppState.class);
    /** Every collection, in the references' fetch order (protocol §10.1). */
    public static final List<String> COLLECTIONS = List.of("critical_block", "critical_unblock_low", "regular_high",
            "regular", "regular_low");
    private static final Duration KEY_REQUEST_INTERVAL = Duration.ofHours(24);
    /** A patch refused as stale is rebuilt on the newer version this many times (whatsmeow retries once). */
    private static final int SEND_ATTEMPTS = 3;

    private final ClientContext context;
    private final OwnPhone phone;
    private final CollectionSync sync;
    private final AppStateEncoder encoder;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Instant> keysRequested = new ConcurrentHashMap<>();
    /** Collections that stopped on a key we lack; synced again when a key share arrives. */
    private final Set<String> waitingForKey = ConcurrentHashMap.newKeySet();
    /**
     * Completed by the first sync of {@code critical_block} (where the phone keeps the push name) that succeeded or
     * failed for good.
     */
    private final CompletableFuture<Void> criticalBlockSynced = new CompletableFuture<>();

    /**
     * Made by the client; registers for {@code server_sync} notifications.
     *
     * @param blobs where snapshots and external mutations are downloaded from
     * @param phone how a key request reaches our phone
     */
    public AppState(ClientContext context, BlobSource blobs, OwnPhone phone) {
        this.context = context;
        this.phone = phone;
        this.sync = new CollectionSync(context, blobs);
        this.encoder = new AppStateEncoder(context.random());
        COLLECTIONS.forEach(name -> locks.put(name, new ReentrantLock()));
        context.routes().on(NodeRoute.notification("server_sync"), this::onServerSync);
    }

    /**
     * A protocol message from one of our own devices: an {@code APP_STATE_SYNC_KEY_SHARE} is stored (durably, before
     * the caller acknowledges the message) and the collections are synced with it.
     *
     * @return whether the message was an app-state key share and is now handled
     */
    public boolean onOwnProtocolMessage(Message.ProtocolMessage message) {
        if (message.getType() != Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE
                || !message.hasAppStateSyncKeyShare()) {
            return false;
        }
        int stored = 0;
        for (Message.AppStateSyncKey key : message.getAppStateSyncKeyShare().getKeysList()) {
            if (!key.hasKeyId() || !key.hasKeyData() || key.getKeyData().getKeyData().size() != 32) {
                log.warn("ignoring a shared app-state key without id or 32 bytes of key data");
                continue;
            }
            Message.AppStateSyncKeyData data = key.getKeyData();
            context.store().appState().saveSyncKey(new AppStateSyncKey(key.getKeyId().getKeyId().toByteArray(),
                    data.getKeyData().toByteArray(), data.getFingerprint().toByteArray(), data.getTimestamp()));
            stored++;
        }
        if (stored > 0) {
            log.debug("stored {} app-state sync keys; syncing", stored);
            waitingForKey.clear();
            syncAll(false);
        }
        return true;
    }

    /** Whether the phone shared a sync key: before it, nothing can be sent (or decoded). */
    public boolean hasSyncKey() {
        return context.store().appState().latestSyncKey().isPresent();
    }

    /**
     * Completes once the account's push name, which the phone keeps in {@code critical_block}
     * ({@code setting_pushName}), is known here: at once when that collection was synced before, else after its
     * first sync (which follows the phone's key share on a new pairing), or once that sync failed for another reason
     * than a missing key. Never fails; callers bound the wait themselves.
     */
    public CompletableFuture<Void> whenPushNameSynced() {
        if (context.store().appState().collection("critical_block").filter(c -> c.version() > 0).isPresent()) {
            return CompletableFuture.completedFuture(null);
        }
        return criticalBlockSynced.thenApply(ignored -> null);
    }

    /** The client logged in: bring every collection up to date, once a key was shared (before, nothing decodes). */
    public void loggedIn() {
        if (context.store().appState().latestSyncKey().isPresent()) {
            syncAll(false);
        }
    }

    /**
     * Syncs every collection, one after another, on a background thread; failures are reported as
     * {@link WaEvent.AppStateSyncFailed}.
     */
    public CompletableFuture<Void> syncAll(boolean fullSync) {
        return async(() -> {
            for (String name : COLLECTIONS) {
                try {
                    syncNow(name, fullSync);
                } catch (RuntimeException e) {
                    log.debug("app-state sync of {} failed: {}", name, Causes.root(e).getMessage());
                }
            }
            return null;
        });
    }

    /**
     * Syncs collection {@code name} (protocol §10.3): from the stored version, or from a snapshot when
     * {@code fullSync}; with {@code onlyIfNotSynced} a collection synced before is left alone.
     *
     * @return completes with the collection's version; fails when it could not be brought up to date
     */
    public CompletableFuture<Long> sync(String name, boolean fullSync, boolean onlyIfNotSynced) {
        if (!COLLECTIONS.contains(name)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown app-state collection " + name));
        }
        context.requireLoggedIn();
        return async(() -> {
            if (onlyIfNotSynced) {
                var known = context.store().appState().collection(name);
                if (known.isPresent() && known.get().version() > 0) {
                    return known.get().version();
                }
            }
            return syncNow(name, fullSync);
        });
    }

    /**
     * Gives {@code chat} the setting {@code setting} for every device of the account (protocol §10.6, §10.7).
     *
     * @param range the chat's last message(s), for the actions that carry a message range (may be empty)
     * @return completes when the server accepted the patch; fails with {@link IqErrorException} when it refused it
     */
    public CompletableFuture<Void> setChat(Jid chat, ChatSetting setting, SyncActionMessageRange range) {
        context.requireLoggedIn();
        return send(AppStateActions.chat(chat, setting, context.clock().instant(), range));
    }

    /** Sets the account's push name in app state ({@code setting_pushName}, protocol §10.7). */
    public CompletableFuture<Void> setPushName(String name) {
        context.requireLoggedIn();
        return send(AppStateActions.pushName(name, context.clock().instant()));
    }

    /**
     * Tells the server a dirty bit of type {@code type} is dealt with ({@code <iq xmlns="urn:xmpp:whatsapp:dirty">
     * <clean type timestamp/>}, whatsmeow {@code MarkNotDirty}).
     */
    public CompletableFuture<Void> markClean(String type, Instant timestamp) {
        context.requireLoggedIn();
        Node iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set")
                .attribute("xmlns", "urn:xmpp:whatsapp:dirty")
                .children(Node.builder("clean").attribute("type", type)
                        .attribute("timestamp", timestamp.getEpochSecond()).build()).build();
        return context.channel().query(iq).thenApply(answer -> null);
    }

    private CompletableFuture<Void> send(AppStateActions.Outgoing outgoing) {
        String name = outgoing.collection();
        return async(() -> {
            ReentrantLock lock = locks.get(name);
            lock.lock();
            try {
                syncLocked(name, false); // sync first, as Baileys does: fewer 409s
                for (int attempt = 1; ; attempt++) {
                    AppStateSyncKey key = context.store().appState().latestSyncKey().orElseThrow(() ->
                            new IllegalStateException("no app-state sync key yet: the phone has not shared one"));
                    CollectionState state = context.store().appState().collection(name)
                            .orElse(CollectionState.empty(name));
                    EncodedPatch patch = encoder.encodePatch(state, key.keyId(), key.keyData(),
                            List.of(outgoing.mutation()));
                    Node answer = context.channel().query(AppStateStanzas.send(name, state.version(), patch.patch()))
                            .join();
                    CollectionReply reply = AppStateStanzas.parse(answer).stream()
                            .filter(r -> r.name().equals(name)).findFirst()
                            .orElseThrow(() -> new IqErrorException(500, "no answer for collection " + name));
                    if (reply.errorCode().isEmpty()) {
                        context.store().appState().saveCollection(patch.stateAfter());
                        return null;
                    }
                    if (reply.errorCode().get() != 409 || attempt >= SEND_ATTEMPTS) {
                        throw new IqErrorException(reply.errorCode().get(), reply.errorText());
                    }
                    // another device wrote first: take its patches, then build ours again on top
                    log.debug("app-state patch to {} was stale; syncing and sending again", name);
                    syncLocked(name, false);
                }
            } catch (AppStateException e) {
                throw new CompletionException(e);
            } finally {
                lock.unlock();
            }
        });
    }

    private long syncNow(String name, boolean fullSync) {
        ReentrantLock lock = locks.get(name);
        lock.lock();
        try {
            return syncLocked(name, fullSync);
        } finally {
            lock.unlock();
        }
    }

    /** Syncs with the recoveries of protocol §10.5 and §10.2; reports the outcome as an event. */
    private long syncLocked(String name, boolean fullSync) {
        boolean recovery = fullSync;
        try {
            long version;
            try {
                version = sync.sync(name, fullSync);
            } catch (AppStateException e) {
                if (e.reason() == AppStateException.Reason.MISSING_KEY || fullSync) {
                    throw e;
                }
                // a MAC or value that does not check: start the collection again from a snapshot (whatsmeow and
                // Baileys recover the same way)
                log.warn("app-state {} failed ({}): resyncing it from a snapshot", name, e.getMessage());
                recovery = true;
                version = sync.sync(name, true);
            }
            context.events().emit(new WaEvent.AppStateSynced(name, version, recovery));
            criticalBlockTried(name);
            return version;
        } catch (AppStateException e) {
            if (e.reason() == AppStateException.Reason.MISSING_KEY) {
                waitingForKey.add(name);
                requestMissingKeys(e);
            } else {
                criticalBlockTried(name);
            }
            context.events().emit(new WaEvent.AppStateSyncFailed(name, recovery, e.getMessage()));
            throw new CompletionException(e);
        } catch (RuntimeException e) {
            criticalBlockTried(name);
            context.events().emit(new WaEvent.AppStateSyncFailed(name, recovery,
                    String.valueOf(Causes.root(e).getMessage())));
            throw e;
        }
    }

    /**
     * The push name is as known as it will be once {@code critical_block} was synced, or failed for a reason other
     * than a missing key (which the phone's answer may still fix): waiting on for it would only delay the login.
     */
    private void criticalBlockTried(String name) {
        if (name.equals("critical_block")) {
            criticalBlockSynced.complete(null);
        }
    }

    /** Asks our phone for the key a patch names ({@code APP_STATE_SYNC_KEY_REQUEST}), at most once a day per key. */
    private void requestMissingKeys(AppStateException missing) {
        byte[] keyId = missing.keyId();
        if (keyId.length == 0) {
            return;
        }
        String hex = HexFormat.of().formatHex(keyId);
        Instant now = context.clock().instant();
        Instant last = keysRequested.get(hex);
        if (last != null && last.plus(KEY_REQUEST_INTERVAL).isAfter(now)) {
            return;
        }
        keysRequested.put(hex, now);
        Message request = Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_REQUEST)
                .setAppStateSyncKeyRequest(Message.AppStateSyncKeyRequest.newBuilder()
                        .addKeyIds(Message.AppStateSyncKeyId.newBuilder().setKeyId(ByteString.copyFrom(keyId)))))
                .build();
        phone.send(request).whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("could not ask the phone for app-state key {}: {}", hex, Causes.root(error).getMessage());
            }
        });
    }

    /** {@code <notification type="server_sync"><collection name version/>…}: another device changed them. */
    private void onServerSync(Node notification) {
        List<String> names = new ArrayList<>();
        for (Node collection : notification.children("collection")) {
            String name = collection.attribute("name", "");
            if (COLLECTIONS.contains(name) && !names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        async(() -> {
            for (String name : names) {
                try {
                    syncNow(name, false);
                } catch (RuntimeException e) {
                    log.debug("app-state sync of {} after server_sync failed: {}", name,
                            Causes.root(e).getMessage());
                }
            }
            return null;
        });
    }

    private static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().name("wa-appstate").start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            }
        });
        return result;
    }
}
