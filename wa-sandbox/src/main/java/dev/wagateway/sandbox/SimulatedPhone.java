package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.disappearing.DisappearingMessages;
import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The primary device of a simulated account: a real Signal participant with its own identity and keys. It signs
 * the identities of the companions it links, decrypts what is sent to it, and encrypts what it sends to every
 * device of the recipient (and a copy to its own companions), exactly as a phone does.
 */
final class SimulatedPhone {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPhone.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Jid jid;
    private final String pushName;
    /** The protocol messages a companion sends its phone to ask for something. */
    private static final java.util.Set<Message.ProtocolMessage.Type> PEER_REQUESTS = java.util.EnumSet.of(
            Message.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_MESSAGE,
            Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_REQUEST);
    private final IdentityKeyPair identity;
    private final PublishedKeys published;
    private final PhoneSignalStores state;
    private final SignalStores stores;
    private final PhoneSessions pairwise;
    private final SessionCipher sessions;
    private final SessionBuilder sessionBuilder;
    private final GroupCipher groupCipher;
    private final GroupSessionBuilder groupSessions;
    private final WhatsAppPadding padding;
    private final SecureRandom random;
    private final PhoneInbox inbox = new PhoneInbox();
    private final RecentMedia receivedMedia = new RecentMedia(RecentMedia.DEFAULT_CAPACITY);

    /** A new phone: fresh identity, signed pre-key and 100 one-time pre-keys, published to the server. */
    SimulatedPhone(Jid jid, String pushName, SecureRandom random) {
        this(jid, pushName, random, generateKeys(random), JsonNodeFactory.instance.objectNode());
    }

    private SimulatedPhone(Jid jid, String pushName, SecureRandom random, Keys keys, JsonNode kept) {
        this.jid = jid;
        this.pushName = pushName;
        this.random = random;
        this.state = keys.state();
        this.identity = state.identityKeyPair();
        this.stores = state.stores();
        this.published = keys.published();
        this.inbox.restore(kept.path("inbox"), kept.path("known"), kept.path("correspondents"));
        SignalLocks locks = state.locks();
        this.pairwise = new PhoneSessions(state, random);
        this.sessions = pairwise.cipher();
        this.sessionBuilder = new SessionBuilder(stores, locks, random, IdentityChangeListener.IGNORE);
        this.groupCipher = new GroupCipher(stores.senderKeys(), locks, random);
        this.groupSessions = new GroupSessionBuilder(stores.senderKeys(), locks, random);
        this.padding = new WhatsAppPadding(random);
    }

    /** The phone's Signal state and what the server publishes of it. */
    private record Keys(PhoneSignalStores state, PublishedKeys published) {
    }

    private static Keys generateKeys(SecureRandom random) {
        SignalKeyGenerator generator = new SignalKeyGenerator(random);
        IdentityKeyPair identity = generator.identityKeyPair();
        int registrationId = generator.registrationId();
        PhoneSignalStores state = new PhoneSignalStores(identity, registrationId);
        SignedPreKey signedPreKey = generator.signedPreKey(identity, 1, System.currentTimeMillis());
        state.storeSignedPreKey(signedPreKey);
        List<PublishedKeys.PreKey> publicPreKeys = new ArrayList<>();
        for (PreKey preKey : generator.preKeys(1, 100)) {
            state.storePreKey(preKey);
            publicPreKeys.add(new PublishedKeys.PreKey(preKey.id(), preKey.keyPair().publicKey()));
        }
        PublishedKeys published = new PublishedKeys(registrationId, identity.publicKey().publicKey(),
                new PublishedKeys.SignedPreKey(1, signedPreKey.keyPair().publicKey(), signedPreKey.signature()));
        published.upload(registrationId, identity.publicKey().publicKey(), null, publicPreKeys);
        return new Keys(state, published);
    }

    /**
     * This phone registered anew (the app reinstalled): same number and name, a fresh identity, signed pre-key and
     * one-time pre-keys, none of the old sessions or sender keys; the messages it had stay.
     */
    SimulatedPhone reRegistered(SecureRandom random) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        kept.set("inbox", inbox.receivedSnapshot());
        kept.set("known", inbox.knownSnapshot());
        kept.set("correspondents", inbox.correspondentsSnapshot());
        return new SimulatedPhone(jid, pushName, random, generateKeys(random), kept);
    }

    /** The phone as the sandbox's state file keeps it: Signal state, published keys, what it received. */
    ObjectNode snapshot() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("jid", jid.toString());
        node.put("push_name", pushName);
        node.set("signal", state.snapshot());
        node.set("published", published.snapshot());
        node.set("inbox", inbox.receivedSnapshot());
        node.set("known", inbox.knownSnapshot());
        node.set("correspondents", inbox.correspondentsSnapshot());
        return node;
    }

    /** The phone {@link #snapshot()} wrote. */
    static SimulatedPhone restore(JsonNode node, SecureRandom random) {
        return new SimulatedPhone(Jid.parse(node.path("jid").asText()), node.path("push_name").asText(), random,
                new Keys(PhoneSignalStores.restore(node.path("signal")), PublishedKeys.restore(node.path("published"))),
                node);
    }

    Jid jid() {
        return jid;
    }

    String pushName() {
        return pushName;
    }

    /** The phone's identity key pair: it signs linked companions' identities with it. */
    KeyPair identityKeyPair() {
        return identity.keyPair();
    }

    PublishedKeys published() {
        return published;
    }

    List<ReceivedMessage> inbox() {
        return inbox.received();
    }

    /** When what the phone received landed, in milliseconds, oldest first (this run of the sandbox only). */
    java.util.Map<String, Long> arrivals() {
        return inbox.arrivals();
    }

    /** What the phone received and sent, to find the messages its actions refer to. */
    PhoneInbox messages() {
        return inbox;
    }

    /**
     * The decrypted bytes of the media received in message {@code id}. A restarted sandbox keeps the messages, not
     * these bytes, and a phone keeps only its newest files at hand ({@link RecentMedia}): the others are fetched again
     * from the media host (which keeps its blobs) with the message's keys.
     */
    Optional<byte[]> receivedMedia(String id, PhoneMedia media) {
        byte[] kept = receivedMedia.get(id).orElse(null);
        if (kept == null) {
            Optional<DownloadableMedia> source = inbox.find(id).flatMap(known -> DownloadableMedia.of(known.content()));
            if (source.isEmpty()) {
                return Optional.empty();
            }
            try {
                kept = media.download(source.get());
                receivedMedia.put(id, kept);
            } catch (MediaException | java.io.IOException e) {
                log.warn("phone {} could not fetch the media of {} again: {}", jid.user(), id, e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(kept.clone());
    }

    /**
     * Decrypts a {@code <message>} delivered to the phone and keeps what it says (media downloaded and checked); a
     * message from someone else is acknowledged to its sender's devices with a delivery receipt, as a phone does once
     * it has it.
     */
    void receive(Node stanza, PhoneNetwork network) {
        Optional<Jid> from = stanza.jidAttribute("from");
        Optional<Jid> wireSender = stanza.jidAttribute("participant").or(() -> from);
        if (from.isEmpty() || wireSender.isEmpty()) {
            return;
        }
        SignalAddress address = signalAddress(wireSender.get(), network);
        // the inbox names people and 1:1 chats by phone number, whichever addressing the stanza used
        Optional<Jid> sender = Optional.of(network.phoneDevice(wireSender.get()).orElse(wireSender.get()));
        Optional<Jid> chat = from.get().isGroup() ? from
                : Optional.of(network.phoneDevice(from.get()).orElse(from.get()));
        boolean received = false;
        for (Node enc : stanza.children("enc")) {
            String type = enc.attribute("type", "");
            byte[] ciphertext = enc.bytes().orElse(new byte[0]);
            try {
                byte[] padded = type.equals("skmsg")
                        ? groupCipher.decrypt(new SenderKeyName(chat.get().toString(), address), ciphertext)
                        : pairwise.decrypt(address, type, ciphertext);
                Message message = Message.parseFrom(WhatsAppPadding.unpad(padded));
                if (message.hasSenderKeyDistributionMessage()) {
                    Message.SenderKeyDistribution distribution = message.getSenderKeyDistributionMessage();
                    groupSessions.process(new SenderKeyName(distribution.getGroupId(), address),
                            SenderKeyDistributionMessage.parse(
                                    distribution.getAxolotlSenderKeyDistributionMessage().toByteArray()));
                }
                Message content = message.hasDeviceSentMessage() ? message.getDeviceSentMessage().getMessage() : message;
                if (sender.get().user().equals(jid.user()) && content.hasProtocolMessage()
                        && PEER_REQUESTS.contains(content.getProtocolMessage().getType())) {
                    // a request from one of the phone's companions (more history, a missing app-state key...):
                    // answered, not kept
                    network.peerRequest(jid, sender.get(), stanza.attribute("id", ""),
                            content.getProtocolMessage());
                    received = true;
                    continue;
                }
                Jid chatJid = stanza.jidAttribute("recipient").map(r -> network.phoneDevice(r).orElse(r))
                        .orElse(chat.get().toNonAd());
                String id = stanza.attribute("id", "");
                long timestamp = stanza.longAttribute("t").orElse(Stanzas.now());
                Integer expiration = DisappearingMessages.expirationOf(content).stream().boxed().findFirst()
                        .orElse(null);
                Optional<ReceivedMessage> vote = PhonePolls.read(inbox, id, sender.get(), chatJid, content,
                        timestamp);
                Optional<ReceivedMessage> action = vote.isPresent() ? Optional.empty()
                        : PhoneInbox.read(id, sender.get(), chatJid, content, timestamp)
                        .map(entry -> entry.expiration() == null ? entry.withExpiration(expiration) : entry);
                if (vote.isPresent()) {
                    inbox.add(vote.get(), sender.get(), content);
                } else if (action.isPresent()) {
                    // texts, replies and actions: kept with what they refer to, actions only when WhatsApp's apps
                    // would accept them
                    action.filter(entry -> inbox.accepts(entry, sender.get(), timestamp))
                            .ifPresent(entry -> inbox.add(entry, sender.get(), content));
                } else {
                    PhoneInboxReader.read(content, id, sender.get().toString(), chatJid.toString(), timestamp,
                            network.media()).ifPresent(read -> {
                        if (read.bytes() != null) {
                            receivedMedia.put(id, read.bytes());
                        }
                        inbox.add(read.message().withExpiration(expiration), sender.get(), content);
                    });
                }
                received = true;
            } catch (SignalProtocolException | InvalidProtocolBufferException e) {
                log.warn("phone {} cannot decrypt {} from {}: {}", jid.user(), type, address, e.getMessage());
            }
        }
        boolean fromOwnDevice = sender.get().user().equals(jid.user())
                || network.lidDevice(jid).map(lid -> lid.user().equals(sender.get().user())).orElse(false);
        if (received && !fromOwnDevice) {
            sendReceipt(chat.get(), sender.get(), stanza.attribute("id", ""), null, network);
        }
    }

    /**
     * The user opened the chat: a {@code read} receipt for the received message {@code id} goes to its sender's
     * devices (the sandbox's control API asks for it; a phone sends none by itself).
     *
     * @throws SandboxException 404 when the phone received no message with that id
     */
    void markRead(String id, PhoneNetwork network) {
        ReceivedMessage message = receivedMessage(id);
        sendReceipt(Jid.tryParse(message.chat()).orElseThrow(), Jid.tryParse(message.from()).orElseThrow(), id,
                "read", network);
    }

    /**
     * The user played the voice note or opened the view-once message {@code id}: a {@code played} receipt goes to
     * its sender's devices. WhatsApp's apps send one for nothing else, so neither does the phone.
     *
     * @throws SandboxException 404 when the phone received no message with that id, 409 when it is not a voice note
     */
    void markPlayed(String id, PhoneNetwork network) {
        ReceivedMessage message = receivedMessage(id);
        Message content = inbox.find(id).map(PhoneInbox.Known::content).orElse(Message.getDefaultInstance());
        if (!playable(content)) {
            throw new SandboxException(409, "message " + id + " is a " + message.type()
                    + ", not a voice note: a phone sends played receipts only for voice notes (and view-once media)");
        }
        sendReceipt(Jid.tryParse(message.chat()).orElseThrow(), Jid.tryParse(message.from()).orElseThrow(), id,
                "played", network);
    }

    /**
     * A voice note ({@code audioMessage.ptt}): what a {@code played} receipt is for (view-once content too, which
     * neither our client nor the phones send).
     */
    private static boolean playable(Message content) {
        return content.hasAudioMessage() && content.getAudioMessage().getPtt();
    }

    private ReceivedMessage receivedMessage(String id) {
        return inbox.received().reversed().stream().filter(received -> received.id().equals(id)).findFirst()
                .orElseThrow(() -> new SandboxException(404, "phone " + jid.user() + " received no message " + id));
    }

    /**
     * {@code <receipt from id t [type]>} to every companion of {@code sender}'s account, from this phone; in a group,
     * from the group with this phone as {@code participant} (whatsmeow's and Baileys' receipt shape).
     */
    private void sendReceipt(Jid chat, Jid sender, String id, String type, PhoneNetwork network) {
        Node.Builder receipt = Node.builder("receipt").attribute("id", id).attribute("t", Stanzas.now());
        if (chat.isGroup()) {
            receipt.attribute("from", chat).attribute("participant", jid.toNonAd());
        } else {
            receipt.attribute("from", jid.toNonAd());
        }
        if (type != null) {
            receipt.attribute("type", type);
        }
        Node built = receipt.build();
        for (Jid device : network.devicesOf(sender.toNonAd())) {
            if (device.device() != 0) {
                network.deliver(device, built);
            }
        }
    }

    /**
     * Sends a text to {@code to}: one encryption per device of the recipient, and a device-sent copy to the phone's
     * own companions. Returns the message id.
     */
    String sendText(Jid to, String text, PhoneNetwork network) throws SignalProtocolException {
        return send(to, Message.newBuilder().setConversation(text).build(), network);
    }

    /** Sends a poll to the user {@code to}; returns its id. */
    String sendPoll(Jid to, PhoneContent.Poll poll, PhoneNetwork network) throws SignalProtocolException {
        return send(to, PhonePolls.creation(poll, random), network);
    }

    /** Votes on a poll the phone knows, in the poll's 1:1 chat; returns the vote's id. */
    String vote(PhoneContent.Vote vote, PhoneNetwork network) throws SignalProtocolException {
        PhonePolls.OutgoingVote outgoing = PhonePolls.vote(inbox, jid, vote, random);
        if (!outgoing.chat().isUser()) {
            throw new SandboxException(400, "phones vote only in 1:1 chats: " + outgoing.chat());
        }
        return send(outgoing.chat(), outgoing.message(), network);
    }

    /**
     * Sends {@code message} (a text, a reply, a reaction, an edit or a revoke) to the user {@code to}, with the
     * stanza {@code type} and {@code edit} attributes the real client gives it. Returns the message id.
     */
    String send(Jid to, Message message, PhoneNetwork network) throws SignalProtocolException {
        String id = newMessageId();
        Message ownCopy = Message.newBuilder().setDeviceSentMessage(Message.DeviceSentMessage.newBuilder()
                .setDestinationJid(to.toNonAd().toString()).setMessage(message)).build();
        long timestamp = Stanzas.now();
        // WhatsApp delivers a phone's 1:1 messages from its LID, the phone number in sender_pn (whatsmeow
        // parseMessageSource, Baileys decode-wa-message); the copies for its own companions stay as they were
        Jid from = network.lidDevice(jid).orElse(jid);
        for (Jid device : network.devicesOf(to.toNonAd())) {
            encryptAndDeliver(device, message, id, timestamp, from, null, network);
        }
        for (Jid device : network.devicesOf(jid.toNonAd())) {
            if (device.device() != 0) {
                encryptAndDeliver(device, ownCopy, id, timestamp, jid, to.toNonAd(), network);
            }
        }
        inbox.sent(id, to.toNonAd(), message, timestamp, jid);
        return id;
    }

    /**
     * Sends {@code message} (a protocol message: history sync...) to one of the phone's own companions only, as
     * message {@code id}; returns the id.
     */
    String sendToCompanion(Jid device, Message message, PhoneNetwork network, String id)
            throws SignalProtocolException {
        if (!device.user().equals(jid.user()) || device.device() == 0) {
            throw new IllegalArgumentException("a phone sends protocol messages only to its own companions");
        }
        // to our own account's companion: from the phone's number, as its own copies of sent messages go
        encryptAndDeliver(device, message, id, Stanzas.now(), jid, null, network);
        return id;
    }

    /** A peer message to one of the phone's own companions (its app-state key share, protocol §10.2). */
    void sendToCompanion(Jid device, Message message, PhoneNetwork network) throws SignalProtocolException {
        sendToCompanion(device, message, network, newMessageId());
    }

    private void encryptAndDeliver(Jid device, Message message, String id, long timestamp, Jid from, Jid recipient,
                                   PhoneNetwork network) throws SignalProtocolException {
        SignalAddress address = signalAddress(device, network);
        if (!sessions.hasSession(address)) {
            Optional<PublishedKeys.Bundle> bundle = network.bundle(device);
            if (bundle.isEmpty()) {
                return;
            }
            sessionBuilder.process(address, toSignalBundle(bundle.get()));
        }
        PairwiseMessage encrypted = sessions.encrypt(address, padding.pad(message.toByteArray()));
        Node.Builder stanza = Node.builder("message").attribute("from", from.toNonAd())
                .attribute("sender_pn", from.isLid() ? jid.toNonAd() : null).attribute("id", id)
                .attribute("t", timestamp).attribute("type", MessageContent.stanzaType(message))
                .attribute("edit", MessageContent.editAttribute(message).orElse(null))
                .attribute("notify", pushName);
        if (recipient != null) {
            stanza.attribute("recipient", recipient);
        }
        Node.Builder enc = Node.builder("enc").attribute("v", "2").attribute("type", encrypted.encType());
        String mediaType = dev.wagateway.protocol.message.MessageContent.mediaType(message);
        if (mediaType != null) {
            enc.attribute("mediatype", mediaType);
        }
        Node pollMeta = MessageContent.pollMeta(message);
        if (pollMeta != null) {
            stanza.children(enc.bytes(encrypted.serialized()).build(), pollMeta);
        } else {
            stanza.children(enc.bytes(encrypted.serialized()).build());
        }
        network.deliver(device, stanza.build());
    }

    /** Where the phone keeps its Signal state with {@code device}: under the device's LID when known. */
    private static SignalAddress signalAddress(Jid device, PhoneNetwork network) {
        Jid keyed = network.lidDevice(device).orElse(device);
        return new SignalAddress(keyed.signalUser(), keyed.device());
    }

    static PreKeyBundle toSignalBundle(PublishedKeys.Bundle bundle) throws SignalProtocolException {
        return new PreKeyBundle(bundle.registrationId(), IdentityKey.decode(Curve25519.withTypePrefix(bundle.identityKey())),
                new PreKeyBundle.SignedPreKeyPublic(bundle.signedPreKey().id(), bundle.signedPreKey().publicKey(),
                        bundle.signedPreKey().signature()),
                bundle.preKey().map(key -> new PreKeyBundle.PreKeyPublic(key.id(), key.publicKey())));
    }

    private String newMessageId() {
        return newMessageId(random);
    }

    /** A message id as WhatsApp's clients make them ({@code 3EB0} and 16 hex digits). */
    static String newMessageId(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "3EB0" + HEX.formatHex(bytes).toUpperCase(Locale.ROOT);
    }
}
