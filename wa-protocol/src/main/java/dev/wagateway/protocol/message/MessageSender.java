package dev.wagateway.protocol.message;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.group.AddressingMode;
import dev.wagateway.protocol.group.GroupParticipants;
import dev.wagateway.protocol.privacy.TrustedContacts;
import dev.wagateway.protocol.user.DeviceDirectory;
import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.message.MessageIds;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;
import dev.wagateway.protocol.signal.session.CombiningEncryptor;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import dev.wagateway.protocol.store.StoreFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a message (protocol §6.4–6.9, §7.1–7.4). 1:1: finds the peer's and our own other devices, builds missing
 * sessions from fetched bundles, encrypts once per device (our own devices get the {@code deviceSentMessage}
 * copy). Groups: one sender-key ciphertext for all, and our sender key shared pairwise with the devices that lack it.
 * Then waits for the server's ack.
 */
final class MessageSender {

    private static final Logger log = LoggerFactory.getLogger(MessageSender.class);
    /** As whatsmeow keeps: enough for the minutes in which a retry receipt comes back. */
    private static final int RECENT_SENDS = 256;

    private final ServerChannel channel;
    private final DeviceStore store;
    private final DeviceDirectory directory;
    private final PreKeyBundles bundles;
    private final SignalLocks locks;
    /** The 1:1 sends of this client waiting for the stripes share one ratchet commit. */
    private final CombiningEncryptor combiner;
    private final SecureRandom random;
    private final Clock clock;
    private final MessageIds ids;
    private final WhatsAppPadding padding;
    private final GroupParticipants groups;
    /** Per group, the devices that received our current sender key. */
    private final SenderKeyHolders holders;
    /** Retry answers and the deliveries sends left out: one message again to one device. */
    private final PairwiseResender resender;
    /** What we sent lately, by id, for retry receipts (protocol §6.10); owner: this sender. */
    private final RecentSends recent = new RecentSends(RECENT_SENDS);
    private final TrustedContacts trustedContacts;
    private final LidAddressing addressing;
    /** The devices sends left out, waiting for their keys (fan-out isolation). */
    private final SkippedDeliveries skipped;

    MessageSender(ServerChannel channel, DeviceStore store, DeviceDirectory directory, GroupParticipants groups,
                  PreKeyBundles bundles, SignalLocks locks, CombiningEncryptor combiner, SecureRandom random,
                  Clock clock, TrustedContacts trustedContacts, SenderKeyHolders holders, LidAddressing addressing,
                  SkippedDeliveries skipped) {
        this.skipped = skipped;
        this.trustedContacts = trustedContacts;
        this.holders = holders;
        this.addressing = addressing;
        this.channel = channel;
        this.store = store;
        this.directory = directory;
        this.bundles = bundles;
        this.locks = locks;
        this.combiner = combiner;
        this.random = random;
        this.clock = clock;
        this.ids = new MessageIds(random);
        this.padding = new WhatsAppPadding(random);
        this.groups = groups;
        this.resender = new PairwiseResender(channel, store, bundles, locks, random, padding, holders, addressing,
                recent);
    }

    /** A fresh message id for this account (protocol §7.1). */
    String newId() {
        PairedDevice me = store.pairedDevice().orElseThrow(() -> new NotConnectedException("not paired"));
        return ids.next(me.jid().user(), clock.instant().getEpochSecond());
    }

    /**
     * Encrypts, runs {@code beforeItLeaves}, sends as {@code id} and waits for the ack; blocks. Nothing is written
     * when {@code beforeItLeaves} throws.
     */
    SendResult send(Jid to, Message message, String id, Runnable beforeItLeaves) {
        if (to.isGroup()) {
            return sendGroup(to.toNonAd(), message, id, beforeItLeaves);
        }
        if (!to.isUser() || to.isServer()) {
            throw new IllegalArgumentException("only users and groups can be sent to: " + to);
        }
        PairedDevice me = store.pairedDevice().orElseThrow(() -> new NotConnectedException("not paired"));
        Jid peer = lidDestination(to.toNonAd(), me);
        // one addressing for the whole stanza: to a LID, our own devices are named by our LID too, else WhatsApp
        // refuses the mix with 479 (whatsmeow sendDM uses our LID for LID chats, Baileys relayMessage likewise)
        Jid own = peer.isLid() ? me.lidJid().orElseThrow(() -> new IllegalStateException(
                "cannot write to a LID before the server gave us ours: " + peer)) : me.jid();
        List<Jid> devices = new ArrayList<>();
        for (Jid device : directory.devices(List.of(peer, own.toNonAd()))) {
            if (!device.equals(own) && !device.equals(me.jid()) && !devices.contains(device)) {
                devices.add(device);
            }
        }
        SignalStores stores = store.signalStores();

        byte[] forPeer = message.toByteArray();
        byte[] forOwn = MessageContent.deviceSent(peer.toString(), message).toByteArray();
        String mediaType = MessageContent.mediaType(message);
        String decryptFail = MessageContent.decryptFail(message);
        List<Node> participants = new ArrayList<>();
        List<Jid> left = new ArrayList<>();
        boolean anyPreKey = false;
        boolean peerReached = false;
        // every device's ratchet step saved in one write, shared with this client's concurrent sends, before anything
        // leaves (CombiningEncryptor)
        Map<SignalAddress, byte[]> plaintexts = new LinkedHashMap<>();
        Map<SignalAddress, Jid> deviceAt = new LinkedHashMap<>();
        for (Jid device : devices) {
            SignalAddress address = addressing.address(device);
            if (deviceAt.putIfAbsent(address, device) == null) {
                boolean ownDevice = device.user().equals(own.user());
                plaintexts.put(address, padding.pad(ownDevice ? forOwn : forPeer));
            }
        }
        for (Map.Entry<SignalAddress, SessionCipher.Encrypted> outcome
                : encryptStartingMissing(stores, plaintexts, deviceAt).entrySet()) {
            Jid device = deviceAt.get(outcome.getKey());
            PairwiseMessage encrypted;
            switch (outcome.getValue()) {
                case SessionCipher.Encrypted.Done done -> encrypted = done.message();
                case SessionCipher.Encrypted.Failed failed -> {
                    // the server had no usable bundle for it: the others still get the message
                    if (!(failed.error().error() instanceof SignalError.NoSession)) {
                        log.warn("cannot encrypt {} for {}: {}", id, device, failed.error().getMessage());
                    }
                    left.add(device);
                    continue;
                }
            }
            boolean ownDevice = device.user().equals(own.user());
            anyPreKey |= encrypted.encType().equals(PreKeySignalMessage.ENC_TYPE);
            peerReached |= !ownDevice;
            Node.Builder enc = Node.builder("enc").attribute("v", "2").attribute("type", encrypted.encType());
            enc.attribute("mediatype", mediaType).attribute("decrypt-fail", decryptFail);
            participants.add(Node.builder("to").attribute("jid", device)
                    .children(enc.bytes(encrypted.serialized()).build()).build());
        }
        if (!peerReached) {
            directory.invalidate(peer);
            throw new IllegalStateException("no device of " + peer + " could be reached");
        }
        List<Node> children = new ArrayList<>();
        children.add(Node.builder("participants").children(participants).build());
        if (anyPreKey) {
            children.add(Node.builder("device-identity").bytes(me.accountIdentity()).build());
        }
        MessageContent.addPollMeta(children, message);
        // the token the peer issued to us: without it WhatsApp refuses the message with 463 (whatsmeow sendDM)
        Jid tokenHolder = addressing.lidOf(peer).orElse(peer); // tokens are kept under the LID (TrustedContacts)
        trustedContacts.tokenFor(tokenHolder)
                .ifPresent(token -> children.add(Node.builder("tctoken").bytes(token).build()));
        Jid peerPn = peer.isLid() ? addressing.phoneOf(peer).orElse(null) : null;
        Node stanza = Node.builder("message").attribute("id", id).attribute("to", peer)
                .attribute("peer_recipient_pn", peerPn)
                .attribute("type", MessageContent.stanzaType(message))
                .attribute("edit", MessageContent.editAttribute(message).orElse(null)).children(children).build();
        beforeItLeaves.run();
        Node ack = sendRemembered(id, peer, forPeer, stanza);
        int error = ack.longAttribute("error").map(Long::intValue).orElse(0);
        if (error != 0) {
            directory.invalidate(peer);
            throw new MessageRejectedException(id, error);
        }
        Instant timestamp = ack.longAttribute("t").map(Instant::ofEpochSecond).orElse(clock.instant());
        SendResult result = new SendResult(id, timestamp, left);
        afterSent(id, () -> {
            if (!message.hasProtocolMessage() && !peer.user().equals(own.user())
                    && !peer.user().equals(me.jid().user())) {
                trustedContacts.issueAfterSend(tokenHolder);
            }
            skippedDevices(result, peer, message);
        });
        return result;
    }

    /**
     * Where a 1:1 message to {@code peer} goes (whatsmeow {@code SendMessage}): a phone number is replaced by the
     * contact's LID when it is known or usync tells it (the device list query learns it), with the number in
     * {@code peer_recipient_pn}; our own number, and a contact whose LID stays unknown, keep phone-number addressing.
     */
    private Jid lidDestination(Jid peer, PairedDevice me) {
        if (peer.isLid() || me.lidJid().isEmpty() || peer.user().equals(me.jid().user())) {
            return peer;
        }
        Optional<Jid> lid = addressing.lidOf(peer);
        if (lid.isEmpty()) {
            directory.devices(List.of(peer)); // a usync answer carries the LID, which the directory hands on
            lid = addressing.lidOf(peer);
        }
        return lid.orElse(peer);
    }

    /**
     * A peer message (protocol §7.2; whatsmeow {@code preparePeerMessageNode}): encrypted for our own phone (device 0)
     * only, {@code category="peer"}, no device-sent wrapper, no token; on-demand history requests are flagged
     * {@code push_priority="high_force"} and {@code privacy_sensitive}. Blocks until the ack.
     */
    SendResult sendPeer(Message message, String id) {
        PairedDevice me = store.pairedDevice().orElseThrow(() -> new NotConnectedException("not paired"));
        Jid phone = me.jid().toNonAd();
        SignalStores stores = store.signalStores();
        SessionCipher cipher = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);
        buildMissingSessions(stores, cipher, List.of(phone));
        SignalAddress address = addressing.address(phone); // where buildMissingSessions keeps it: our LID once known
        if (!cipher.hasSession(address)) {
            throw new IllegalStateException("no session with our own phone " + phone);
        }
        PairwiseMessage encrypted;
        try {
            encrypted = cipher.encrypt(address, padding.pad(message.toByteArray()));
        } catch (SignalProtocolException e) {
            throw new IllegalStateException("cannot encrypt for our own phone: " + e.getMessage(), e);
        }
        List<Node> children = new ArrayList<>();
        children.add(Node.builder("enc").attribute("v", "2").attribute("type", encrypted.encType())
                .bytes(encrypted.serialized()).build());
        if (encrypted.encType().equals(PreKeySignalMessage.ENC_TYPE)) {
            children.add(Node.builder("device-identity").bytes(me.accountIdentity()).build());
        }
        boolean historyRequest = message.getProtocolMessage().getPeerDataOperationRequestMessage()
                .getPeerDataOperationRequestType() == Message.PeerDataOperationRequestMessage
                .PeerDataOperationRequestType.HISTORY_SYNC_ON_DEMAND;
        Node.Builder stanza = Node.builder("message").attribute("id", id).attribute("to", phone)
                .attribute("type", "text").attribute("category", "peer");
        if (historyRequest) {
            stanza.attribute("push_priority", "high_force").attribute("privacy_sensitive", "1");
        } else if (message.getProtocolMessage().getType() == Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_REQUEST) {
            stanza.attribute("push_priority", "high");
        }
        Node ack = channel.sendMessage(stanza.children(children).build()).join();
        int error = ack.longAttribute("error").map(Long::intValue).orElse(0);
        if (error != 0) {
            throw new MessageRejectedException(id, error);
        }
        return new SendResult(id, ack.longAttribute("t").map(Instant::ofEpochSecond).orElse(clock.instant()));
    }

    /**
     * A group message (protocol §6.9): the content encrypted once with our sender key ({@code skmsg}), and our sender
     * key distribution message encrypted pairwise for each member device that has not had it yet, in
     * {@code <participants>}; {@code phash} over all recipient devices.
     */
    private SendResult sendGroup(Jid group, Message message, String id, Runnable beforeItLeaves) {
        PairedDevice me = store.pairedDevice().orElseThrow(() -> new NotConnectedException("not paired"));
        List<Jid> members = new ArrayList<>(groups.members(group));
        AddressingMode mode = groups.addressing(group);
        // in a LID group we are a member by our LID: our own identity, our devices and our phone (once) go by it
        Jid own = mode == AddressingMode.LID ? me.lidJid().orElseThrow(() -> new IllegalStateException(
                "cannot write to the LID group " + group + " before the server gave us our LID")) : me.jid();
        Optional<Jid> ownLid = me.lidJid();
        if (!members.contains(own.toNonAd())) {
            members.add(own.toNonAd());
        }
        List<Jid> devices = directory.devices(members).stream()
                .filter(device -> !device.equals(me.jid()) && !ownLid.map(device::equals).orElse(false)
                        && !device.server().startsWith(Jid.HOSTED_SERVER)
                        && !device.server().equals(Jid.HOSTED_LID_SERVER)).distinct()
                .toList();
        SignalStores stores = store.signalStores();
        // our sender key is filed under our LID address when we have one (whatsmeow sendGroup)
        SenderKeyName name = new SenderKeyName(group.toString(), MessageSender.address(ownLid.orElse(me.jid())));
        SenderKeyDistributionMessage distribution = new GroupSessionBuilder(stores.senderKeys(), locks, random)
                .create(name);
        byte[] content = message.toByteArray();
        SenderKeyMessage groupCiphertext;
        try {
            groupCiphertext = new GroupCipher(stores.senderKeys(), locks, random)
                    .encrypt(name, padding.pad(content));
        } catch (SignalProtocolException e) {
            throw new IllegalStateException("cannot encrypt for " + group + ": " + e.getMessage(), e);
        }

        Set<Jid> haveKey = holders.of(group);
        List<Jid> needKey = devices.stream().filter(device -> !haveKey.contains(device)).toList();
        SessionCipher cipher = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);
        buildMissingSessions(stores, cipher, needKey);
        byte[] keyShare = Message.newBuilder().setSenderKeyDistributionMessage(Message.SenderKeyDistribution
                .newBuilder().setGroupId(group.toString())
                .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(distribution.serialized()))).build()
                .toByteArray();
        String mediaType = MessageContent.mediaType(message);
        String decryptFail = MessageContent.decryptFail(message);
        List<Node> participants = new ArrayList<>();
        List<Jid> reached = new ArrayList<>();
        List<Jid> left = new ArrayList<>();
        boolean anyPreKey = false;
        // every member device's ratchet step saved in one write before the stanza leaves (SessionCipher.encryptAll)
        Map<SignalAddress, byte[]> plaintexts = new LinkedHashMap<>();
        Map<SignalAddress, Jid> deviceAt = new LinkedHashMap<>();
        for (Jid device : needKey) {
            SignalAddress address = addressing.address(device);
            if (deviceAt.putIfAbsent(address, device) == null) {
                plaintexts.put(address, padding.pad(keyShare));
            }
        }
        for (Map.Entry<SignalAddress, SessionCipher.Encrypted> outcome : cipher.encryptAll(plaintexts).entrySet()) {
            Jid device = deviceAt.get(outcome.getKey());
            switch (outcome.getValue()) {
                case SessionCipher.Encrypted.Done done -> {
                    PairwiseMessage encrypted = done.message();
                    anyPreKey |= encrypted.encType().equals(PreKeySignalMessage.ENC_TYPE);
                    Node.Builder enc = Node.builder("enc").attribute("v", "2")
                            .attribute("type", encrypted.encType());
                    enc.attribute("mediatype", mediaType).attribute("decrypt-fail", decryptFail);
                    participants.add(Node.builder("to").attribute("jid", device)
                            .children(enc.bytes(encrypted.serialized()).build()).build());
                    reached.add(device);
                }
                case SessionCipher.Encrypted.Failed failed -> {
                    // without a session it gets the skmsg from the server but cannot read it without our key
                    if (!(failed.error().error() instanceof SignalError.NoSession)) {
                        log.warn("cannot share our sender key of {} with {}: {}", group, device,
                                failed.error().getMessage());
                    }
                    left.add(device);
                }
            }
        }
        List<Node> children = new ArrayList<>();
        children.add(Node.builder("participants").children(participants).build());
        Node.Builder skmsg = Node.builder("enc").attribute("v", "2").attribute("type", SenderKeyMessage.ENC_TYPE);
        skmsg.attribute("mediatype", mediaType).attribute("decrypt-fail", decryptFail);
        children.add(skmsg.bytes(groupCiphertext.serialized()).build());
        if (anyPreKey) {
            children.add(Node.builder("device-identity").bytes(me.accountIdentity()).build());
        }
        MessageContent.addPollMeta(children, message);
        Node stanza = Node.builder("message").attribute("id", id).attribute("to", group)
                .attribute("type", MessageContent.stanzaType(message)).attribute("phash", ParticipantHash.of(devices))
                .attribute("addressing_mode", mode.wire())
                .attribute("edit", MessageContent.editAttribute(message).orElse(null)).children(children).build();
        beforeItLeaves.run();
        Node ack = sendRemembered(id, group, content, stanza);
        int error = ack.longAttribute("error").map(Long::intValue).orElse(0);
        if (error != 0) {
            groups.invalidate(group);
            throw new MessageRejectedException(id, error);
        }
        Instant timestamp = ack.longAttribute("t").map(Instant::ofEpochSecond).orElse(clock.instant());
        SendResult result = new SendResult(id, timestamp, left);
        afterSent(id, () -> {
            holders.received(group, reached); // only once the server took the message: then they hold our key
            skippedDevices(result, group, message);
        });
        return result;
    }

    /**
     * Sends {@code stanza} and waits for the server's ack, with the message ({@code content}, serialized) remembered
     * for retry receipts from the moment it leaves: a recipient that cannot decrypt it may ask again before the ack
     * is back (its resend then waits for this ack, {@link PairwiseResender#resend}).
     */
    private Node sendRemembered(String id, Jid chat, byte[] content, Node stanza) {
        recent.leaving(id, chat, content);
        boolean taken = false;
        try {
            Node ack = channel.sendMessage(stanza).join();
            taken = ack.longAttribute("error").isEmpty();
            return ack;
        } finally {
            recent.settle(id, taken);
        }
    }

    /**
     * Bookkeeping once the server took a message. A {@link StoreFencedException} escaping a send means nothing went
     * out (the gateway answers "try again"), so one here (the device lost meanwhile) is only logged: the next holder
     * redoes what is lost (it sends the sender key again; a device left out asks with a retry receipt).
     */
    private void afterSent(String id, Runnable bookkeeping) {
        try {
            bookkeeping.run();
        } catch (StoreFencedException e) {
            log.warn("message {} was sent, but its bookkeeping was refused: {}", id, e.getMessage());
        }
    }

    /** The devices {@code result} left out wait for their keys in the background. */
    private SendResult skippedDevices(SendResult result, Jid chat, Message message) {
        if (!result.skippedDevices().isEmpty()) {
            log.info("message {} left out {} device(s) the server had no usable keys for: {}", result.id(),
                    result.skippedDevices().size(), result.skippedDevices());
            skipped.skipped(result.skippedDevices(), result.id(), chat, message);
        }
        return result;
    }

    /**
     * Answers a retry receipt (protocol §6.10): message {@code id} again to {@code device} alone; see
     * {@link PairwiseResender#resend}. False when the message is no longer known.
     */
    boolean resend(Jid device, String id, int count, Optional<PreKeyBundle> keys) {
        return resender.resend(device, id, count, keys);
    }

    /** Messages a send left out {@code device} of, sent to it now; see {@link PairwiseResender#deliverSkipped}. */
    List<String> deliverSkipped(Jid device, List<SkippedDeliveries.Pending> messages) {
        return resender.deliverSkipped(device, messages);
    }

    /**
     * Encrypts each plaintext for its device, starting the sessions that are missing from fetched bundles: the
     * devices with a session are encrypted (and their steps saved) first, the others once their sessions exist, in a
     * second write; both before anything leaves. Asking each device's session first, as the other sends do, read and
     * parsed every session record twice per send.
     */
    private Map<SignalAddress, SessionCipher.Encrypted> encryptStartingMissing(SignalStores stores,
            Map<SignalAddress, byte[]> plaintexts, Map<SignalAddress, Jid> deviceAt) {
        Map<SignalAddress, SessionCipher.Encrypted> outcomes = combiner.encryptAll(stores, plaintexts);
        List<Jid> missing = new ArrayList<>();
        outcomes.forEach((address, outcome) -> {
            if (outcome instanceof SessionCipher.Encrypted.Failed failed
                    && failed.error().error() instanceof SignalError.NoSession) {
                missing.add(deviceAt.get(address));
            }
        });
        if (missing.isEmpty()) {
            return outcomes;
        }
        buildSessions(stores, missing);
        Map<SignalAddress, byte[]> started = new LinkedHashMap<>();
        for (Jid device : missing) {
            SignalAddress address = addressing.address(device);
            started.put(address, plaintexts.get(address));
        }
        Map<SignalAddress, SessionCipher.Encrypted> merged = new LinkedHashMap<>(outcomes); // keeps the devices' order
        merged.putAll(combiner.encryptAll(stores, started));
        return merged;
    }

    private void buildMissingSessions(SignalStores stores, SessionCipher cipher, List<Jid> devices) {
        List<Jid> missing = devices.stream().filter(d -> !cipher.hasSession(addressing.address(d))).toList();
        if (!missing.isEmpty()) {
            buildSessions(stores, missing);
        }
    }

    /** Sessions with {@code missing} from the bundles the server has for them; one without a bundle stays without. */
    private void buildSessions(SignalStores stores, List<Jid> missing) {
        SessionBuilder builder = new SessionBuilder(stores, locks, random, IdentityChangeListener.IGNORE);
        for (Map.Entry<Jid, PreKeyBundle> bundle : bundles.fetch(missing).entrySet()) {
            try {
                builder.process(addressing.address(bundle.getKey()), bundle.getValue());
            } catch (SignalProtocolException e) {
                log.warn("cannot start a session with {}: {}", bundle.getKey(), e.getMessage());
            }
        }
    }

    /** The Signal address named by {@code device} itself ({@link LidAddressing#address}: where state is kept). */
    static SignalAddress address(Jid device) {
        return new SignalAddress(device.signalUser(), device.device());
    }
}
