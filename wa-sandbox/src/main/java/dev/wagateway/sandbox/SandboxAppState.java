package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.appstate.AppState;
import dev.wagateway.protocol.appstate.AppStateActions;
import dev.wagateway.protocol.appstate.AppStateChange;
import dev.wagateway.protocol.appstate.AppStateException;
import dev.wagateway.protocol.appstate.ChatSetting;
import dev.wagateway.protocol.appstate.DecodedMutation;
import dev.wagateway.protocol.appstate.PendingMutation;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.proto.ExternalBlobReference;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.SyncActionMessageRange;
import dev.wagateway.protocol.proto.SyncActionValue;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.proto.SyncdVersion;
import dev.wagateway.protocol.signal.SignalProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * App-state sync as WhatsApp's server and the account's phone handle it (protocol §10): the server numbers each
 * collection's patches and refuses one built on an old version (409); the phone, which holds the sync key, shares it
 * with every companion that publishes its keys, checks every MAC of a companion's patch before the server keeps it
 * (a bad one is refused with 400 and never reaches the other devices), makes changes of its own, and uploads a
 * snapshot when a device asks for one. Every kept patch is announced to the account's other companions with a
 * {@code server_sync} notification.
 */
public final class SandboxAppState {

    private static final Logger log = LoggerFactory.getLogger(SandboxAppState.class);

    private final Directory directory;
    private final PhoneNetwork network;
    private final AppStateStore patches;
    private final SecureRandom random;
    private final Map<String, PhoneAppState> phones = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> corruptNext = ConcurrentHashMap.newKeySet();
    private final Set<String> raceNext = ConcurrentHashMap.newKeySet();
    /** Companions the phone shared its key with since the sandbox started (a repeat after a restart is harmless). */
    private final Set<String> shared = ConcurrentHashMap.newKeySet();

    SandboxAppState(Directory directory, PhoneNetwork network, AppStateStore patches, SecureRandom random) {
        this.directory = directory;
        this.network = network;
        this.patches = patches;
        this.random = random;
    }

    /** {@code <iq xmlns="w:sync:app:state">} from a companion: patches to keep, collections to serve. */
    Node handle(Node iq, CompanionDevice device) {
        Optional<Node> sync = iq.child("sync");
        Optional<Account> account = directory.account(device.jid().toNonAd());
        if (sync.isEmpty() || account.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        List<Node> answers = new ArrayList<>();
        for (Node collection : sync.get().children("collection")) {
            String name = collection.attribute("name", "");
            if (!AppState.COLLECTIONS.contains(name)) {
                answers.add(collectionError(name, 400, "bad-request"));
                continue;
            }
            Optional<byte[]> patch = collection.child("patch").flatMap(Node::bytes);
            if (patch.isPresent()) {
                answers.add(keep(account.get(), device.jid(), name,
                        collection.longAttribute("version").orElse(-1L), patch.get()));
            } else {
                answers.add(serve(account.get(), device.jid(), name, collection.longAttribute("version").orElse(0L),
                        collection.attribute("return_snapshot", "false").equals("true")));
            }
        }
        return Stanzas.result(iq, Node.builder("sync").children(answers).build());
    }

    /** The companion published its keys: the phone shares the app-state key with it (protocol §10.2). */
    void companionKeysPublished(CompanionDevice device) {
        if (!shared.add(device.jid().toString())) {
            return;
        }
        directory.account(device.jid().toNonAd()).ifPresent(account -> {
            try {
                account.phone().sendToCompanion(device.jid(), withLock(account, phone -> phone.keyShare()), network);
            } catch (SignalProtocolException e) {
                log.warn("phone {} could not share its app-state key with {}: {}", account.jid().user(),
                        device.jid(), e.getMessage());
            }
        });
    }

    /**
     * A companion asked its phone for app-state keys it lacks ({@code APP_STATE_SYNC_KEY_REQUEST}, protocol §10.2):
     * the phone shares those it made; keys it never made are not answered.
     */
    void onPeerRequest(Account account, Jid device, String requestId, Message.ProtocolMessage request) {
        if (request.getType() != Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_REQUEST
                || device.device() == 0) {
            return;
        }
        List<byte[]> ids = request.getAppStateSyncKeyRequest().getKeyIdsList().stream()
                .map(id -> id.getKeyId().toByteArray()).toList();
        Optional<Message> share = withLock(account, phone -> phone.keyShare(ids));
        if (share.isEmpty()) {
            log.info("phone {} has none of the app-state keys {} asked for", account.jid().user(), device);
            return;
        }
        try {
            account.phone().sendToCompanion(device, share.get(), network);
            log.debug("phone {} answered the app-state key request of {}", account.jid().user(), device);
        } catch (SignalProtocolException e) {
            log.warn("phone {} could not answer the key request of {}: {}", account.jid().user(), device,
                    e.getMessage());
        }
    }

    /**
     * The phone makes a new app-state sync key and writes its next changes with it, sharing it with no companion:
     * they ask for it when a patch names it.
     *
     * @throws SandboxException 404 for an unknown phone
     */
    public void rotateKey(String phone) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        withLock(account, state -> {
            state.rotateKey();
            return null;
        });
    }

    /**
     * The phone's user changes a chat setting: the phone writes the patch, the server keeps it and tells every
     * companion.
     *
     * @throws SandboxException 404 for an unknown phone, 400 for a chat that is not a JID
     */
    public void phoneChange(String phone, String chat, ChatSetting setting) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        Jid chatJid = Jid.tryParse(chat).filter(j -> j.isUser() || j.isGroup() || j.isLid())
                .orElseThrow(() -> new SandboxException(400, "not a chat JID: " + chat));
        AppStateActions.Outgoing outgoing = AppStateActions.chat(chatJid, setting, Instant.now(),
                SyncActionMessageRange.newBuilder().setLastMessageTimestamp(Instant.now().getEpochSecond()).build());
        phoneWrites(account, outgoing);
        log.debug("phone {} changed {} in app state", phone, chat);
    }

    /**
     * The phone's user stars a message, deletes one for themselves, edits or applies a label, names a contact or
     * changes a setting: the phone writes the patch, the server keeps it and tells every companion.
     *
     * @throws SandboxException 404 for an unknown phone
     */
    public void phoneChange(String phone, AppStateChange change) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        phoneWrites(account, AppStateActions.change(change, Instant.now()));
        log.debug("phone {} made an app-state change: {}", phone, change);
    }

    private void phoneWrites(Account account, AppStateActions.Outgoing outgoing) {
        long version;
        ReentrantLock lock = lock(account);
        lock.lock();
        try {
            PhoneAppState state = phoneState(account);
            String name = outgoing.collection();
            SyncdPatch patch = state.change(name, outgoing.mutation());
            version = patches.append(account.jid().user(), name, state.version(name),
                    v -> withVersion(patch, v).toByteArray());
            state.apply(name, withVersion(patch, version));
            notifyCompanions(account, null, name, version);
        } catch (AppStateException e) {
            throw new SandboxException(500, "the phone could not write its own patch: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The phone's chat list as app state says it (archived, pinned, muted until, read), by chat JID.
     *
     * @throws SandboxException 404 for an unknown phone
     */
    public List<Map<String, Object>> chats(String phone) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        return withLock(account, state -> PhoneChatView.of(state));
    }

    /**
     * The account's push name as the phone's app state holds it ({@code setting_pushName} in {@code critical_block}):
     * what the phone wrote, or what a companion published since.
     *
     * @throws SandboxException 404 for an unknown phone
     */
    public String pushName(String phone) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        return withLock(account, state -> state.view(AppStateActions.CRITICAL_BLOCK).stream()
                .filter(m -> !m.index().isEmpty() && m.index().getFirst().equals("setting_pushName")
                        && m.value().hasPushNameSetting())
                .map(m -> m.value().getPushNameSetting().getName()).reduce((first, second) -> second).orElse(""));
    }

    /**
     * Each collection's version as the server holds it (how many patches it kept), by name.
     *
     * @throws SandboxException 404 for an unknown phone
     */
    public Map<String, Long> versions(String phone) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        return withLock(account, state -> {
            Map<String, Long> versions = new java.util.TreeMap<>();
            AppState.COLLECTIONS.forEach(name -> versions.put(name, state.version(name)));
            return versions;
        });
    }

    /**
     * Fault: when the next patch of companion {@code deviceJid} arrives, the phone has just written a change of its
     * own to the same collection (a race two devices of one account run into), so that patch is built on an old
     * version and refused with 409.
     *
     * @throws SandboxException 404 for an unknown phone, 400 for a device that is not a companion of it
     */
    public void raceNextPatch(String phone, String deviceJid) {
        Account account = directory.account(phone).orElseThrow(() -> new SandboxException(404, "no phone " + phone));
        Jid device = Jid.tryParse(deviceJid).filter(j -> j.device() != 0 && j.toNonAd().equals(account.jid()))
                .orElseThrow(() -> new SandboxException(400, "not a companion of " + phone + ": " + deviceJid));
        raceNext.add(device.toString());
    }

    /** Fault: the next patch served to {@code deviceJid} has a corrupted patch MAC (a damaged server copy). */
    public void corruptNextPatch(String deviceJid) {
        corruptNext.add(Jid.parse(deviceJid).toString());
    }

    private Node keep(Account account, Jid author, String name, long baseVersion, byte[] bytes) {
        SyncdPatch patch;
        try {
            patch = SyncdPatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return collectionError(name, 400, "bad-request");
        }
        ReentrantLock lock = lock(account);
        lock.lock();
        try {
            PhoneAppState state = phoneState(account);
            if (raceNext.remove(author.toString())) {
                // the phone wrote first: an index of its own that no chat view shows, as WhatsApp's apps keep many
                phoneWrites(account, new AppStateActions.Outgoing(name, new PendingMutation(
                        SyncdMutation.SyncdOperation.SET, List.of("sandbox_race", Long.toString(System.nanoTime())),
                        SyncActionValue.newBuilder().setTimestamp(Instant.now().toEpochMilli()).build(), 1)));
            }
            long current = patches.since(account.jid().user(), name, Long.MAX_VALUE).version();
            if (baseVersion != current) {
                // written on an old version: the device fetches the newer patches and tries again (whatsmeow, Baileys)
                return collectionError(name, 409, "conflict");
            }
            try {
                state.apply(name, withVersion(patch, current + 1));
            } catch (AppStateException e) {
                log.info("refusing a patch of {} to {}: {}", author, name, e.getMessage());
                return collectionError(name, 400, "bad-request");
            }
            long stored = patches.append(account.jid().user(), name, baseVersion,
                    v -> withVersion(patch, v).toByteArray());
            notifyCompanions(account, author, name, stored);
            return Node.builder("collection").attribute("name", name).attribute("version", stored).build();
        } finally {
            lock.unlock();
        }
    }

    private Node serve(Account account, Jid device, String name, long version, boolean snapshot) {
        ReentrantLock lock = lock(account);
        lock.lock();
        try {
            PhoneAppState state = phoneState(account);
            AppStateStore.Slice slice = patches.since(account.jid().user(), name, snapshot ? 0 : version);
            Node.Builder answer = Node.builder("collection").attribute("name", name)
                    .attribute("version", slice.version());
            if (snapshot && slice.version() > 0) {
                Optional<ExternalBlobReference> reference = upload(state.snapshot(name));
                if (reference.isEmpty()) {
                    return collectionError(name, 500, "internal-server-error");
                }
                return answer.children(Node.builder("snapshot").bytes(reference.get().toByteArray()).build()).build();
            }
            List<byte[]> served = new ArrayList<>(slice.patches());
            if (!served.isEmpty() && corruptNext.remove(device.toString())) {
                served.set(0, corrupted(served.getFirst()));
            }
            return answer.children(Node.builder("patches").children(served.stream()
                    .map(bytes -> Node.builder("patch").bytes(bytes).build()).toList()).build()).build();
        } finally {
            lock.unlock();
        }
    }

    /** The snapshot as WhatsApp serves it: an external blob on the media host, encrypted as app state. */
    private Optional<ExternalBlobReference> upload(dev.wagateway.protocol.proto.SyncdSnapshot snapshot) {
        try {
            UploadedMedia uploaded = network.media().upload(MediaType.APP_STATE, snapshot.toByteArray());
            return Optional.of(ExternalBlobReference.newBuilder()
                    .setMediaKey(ByteString.copyFrom(uploaded.mediaKey())).setDirectPath(uploaded.directPath())
                    .setHandle(uploaded.handle()).setFileSizeBytes(uploaded.fileLength())
                    .setFileSha256(ByteString.copyFrom(uploaded.fileSha256()))
                    .setFileEncSha256(ByteString.copyFrom(uploaded.fileEncSha256())).build());
        } catch (IOException | MediaException e) {
            log.warn("could not upload an app-state snapshot: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static byte[] corrupted(byte[] bytes) {
        try {
            SyncdPatch patch = SyncdPatch.parseFrom(bytes);
            byte[] mac = patch.getPatchMac().toByteArray();
            if (mac.length > 0) {
                mac[0] ^= 0x01;
            }
            return patch.toBuilder().setPatchMac(ByteString.copyFrom(mac)).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return bytes;
        }
    }

    private void notifyCompanions(Account account, Jid author, String name, long version) {
        Node changed = Node.builder("notification").attribute("from", Stanzas.SERVER)
                .attribute("type", "server_sync").attribute("id", "sync-" + name + "-" + version)
                .attribute("t", Stanzas.now())
                .children(Node.builder("collection").attribute("name", name).attribute("version", version).build())
                .build();
        for (Jid other : directory.devicesOf(account.jid())) {
            if (other.device() != 0 && (author == null || other.device() != author.device())) {
                network.deliver(other, changed);
            }
        }
    }

    /** The phone's state, built on first use from the patches the server kept (after a sandbox restart too). */
    private PhoneAppState phoneState(Account account) {
        return phones.computeIfAbsent(account.jid().user(), user -> {
            PhoneAppState state = new PhoneAppState(account.phone().identityKeyPair(), random);
            for (String name : AppState.COLLECTIONS) {
                long expected = 1;
                for (byte[] bytes : patches.since(user, name, 0).patches()) {
                    try {
                        state.apply(name, withVersion(SyncdPatch.parseFrom(bytes), expected++));
                    } catch (InvalidProtocolBufferException | AppStateException e) {
                        log.warn("phone {} cannot replay a kept patch of {}: {}", user, name, e.getMessage());
                        break;
                    }
                }
            }
            if (state.version(AppStateActions.CRITICAL_BLOCK) == 0) {
                writePushName(account, state);
            }
            return state;
        });
    }

    /** A phone's account always has its push name in app state ({@code setting_pushName}, protocol §10.1). */
    private void writePushName(Account account, PhoneAppState state) {
        AppStateActions.Outgoing outgoing = AppStateActions.pushName(account.phone().pushName(), Instant.now());
        String name = outgoing.collection();
        try {
            SyncdPatch patch = state.change(name, outgoing.mutation());
            long version = patches.append(account.jid().user(), name, 0, v -> withVersion(patch, v).toByteArray());
            if (version > 0) {
                state.apply(name, withVersion(patch, version));
            }
        } catch (AppStateException e) {
            log.warn("phone {} could not write its push name: {}", account.jid().user(), e.getMessage());
        }
    }

    private <T> T withLock(Account account, java.util.function.Function<PhoneAppState, T> work) {
        ReentrantLock lock = lock(account);
        lock.lock();
        try {
            return work.apply(phoneState(account));
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(Account account) {
        return locks.computeIfAbsent(account.jid().user(), user -> new ReentrantLock());
    }

    private static SyncdPatch withVersion(SyncdPatch patch, long version) {
        return patch.toBuilder().setVersion(SyncdVersion.newBuilder().setVersion(version)).build();
    }

    private static Node collectionError(String name, int code, String text) {
        return Node.builder("collection").attribute("name", name).attribute("type", "error")
                .children(Node.builder("error").attribute("code", code).attribute("text", text).build()).build();
    }

    /** The decrypted view of one collection, for {@link PhoneChatView}. */
    static List<DecodedMutation> view(PhoneAppState state, String name) {
        return state.view(name);
    }
}
