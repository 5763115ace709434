package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.EventSink;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.client.spi.Stanzas;
import dev.wagateway.protocol.receipt.DeliveryActivity;
import dev.wagateway.protocol.receipt.ReceiptStanzas;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.PlaintextCheckpoint;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.store.StoreFencedException;
import dev.wagateway.protocol.store.BufferedDecryption;
import dev.wagateway.protocol.store.DecryptionBuffer;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
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
import java.util.concurrent.CompletableFuture;

/**
 * Incoming {@code <message>} stanzas (protocol §8): decrypt, unpad, parse, emit, and
 * only when the listeners are done send the delivery receipt and the ack. Duplicates are acknowledged, not emitted.
 */
final class MessageReceiver {

    private static final Logger log = LoggerFactory.getLogger(MessageReceiver.class);
    /**
     * Messages remembered per client for redeliveries (see {@link RecentMessages}). A reconnect brings back what was
     * not acknowledged, at most what was in flight; older ones are recognised by the durable decryption buffer. Was
     * 4,096 with every plaintext kept: at 1 message/s per device the 200-device soak's heap grew 4.5 MiB a minute
     * for over an hour (up to ~300 MiB), all of it in this window.
     */
    private static final int RECENT_WINDOW = 512;

    private final ServerChannel channel;
    private final DeviceStore store;
    private final EventSink events;
    private final SignalLocks locks;
    private final SecureRandom random;
    private final Clock clock;
    private final DeliveryActivity activity;
    private final NewsletterMessages newsletters;
    private final RecentMessages recent = new RecentMessages(RECENT_WINDOW);
    /** Retry receipts sent per message id (owner: the node thread that calls {@link #onMessage}). */
    private final Map<String, Integer> retriesAsked = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 1024;
        }
    };
    /** Both references stop asking after five retries of one message. */
    static final int MAX_RETRIES = 5;

    /** Features taking our own account's protocol messages (history sync...), asked in order. */
    private final List<OwnProtocolMessages> ownProtocol;
    private final LidAddressing addressing;
    private final PlaceholderResends placeholders;

    MessageReceiver(ServerChannel channel, DeviceStore store, EventSink events, SignalLocks locks,
                    SecureRandom random, Clock clock, DeliveryActivity activity,
                    List<OwnProtocolMessages> ownProtocol, LidAddressing addressing, PlaceholderResends placeholders) {
        this.placeholders = placeholders;
        this.ownProtocol = ownProtocol;
        this.activity = activity;
        this.addressing = addressing;
        this.newsletters = new NewsletterMessages(channel, events, clock);
        this.channel = channel;
        this.store = store;
        this.events = events;
        this.locks = locks;
        this.random = random;
        this.clock = clock;
    }

    /** Handles one {@code <message>}; runs on the client's node thread. */
    void onMessage(Node stanza) {
        Optional<PairedDevice> me = store.pairedDevice();
        Optional<Jid> from = stanza.jidAttribute("from");
        String id = stanza.attribute("id", "");
        if (me.isEmpty() || from.isEmpty() || id.isEmpty()) {
            channel.sendQuietly(Stanzas.ack(stanza, Optional.of(487)));
            return;
        }
        if (from.get().isNewsletter()) {
            newsletters.onMessage(stanza, from.get().toNonAd());
            return;
        }
        Jid own = me.get().jid();
        Optional<Jid> ownLid = me.get().lidJid();
        addressing.learnFrom(stanza);
        // wireSender: the identity the stanza names (its Signal state is found from it); sender and chat: what the
        // application sees, by phone number whenever it is known, so a contact keeps one chat JID whichever
        // addressing WhatsApp used (whatsmeow reports Sender and SenderAlt)
        Jid wireSender;
        Jid chat;
        if (from.get().isGroup() || from.get().isBroadcast()) {
            Optional<Jid> participant = stanza.jidAttribute("participant");
            if (participant.isEmpty()) {
                channel.sendQuietly(Stanzas.ack(stanza, Optional.of(487)));
                return;
            }
            chat = from.get();
            wireSender = participant.get();
        } else {
            wireSender = from.get();
            chat = addressing.phoneDevice(from.get().toNonAd());
        }
        Jid sender = addressing.phoneDevice(wireSender);
        boolean fromMe = wireSender.user().equals(own.user())
                || ownLid.map(l -> l.user().equals(wireSender.user())).orElse(false);
        if (fromMe && !chat.isGroup() && !chat.isBroadcast()) {
            chat = stanza.jidAttribute("recipient").map(Jid::toNonAd).map(addressing::phoneDevice).orElse(chat);
        }
        Instant timestamp = stanza.longAttribute("t").map(Instant::ofEpochSecond).orElse(clock.instant());
        String pushName = stanza.attribute("notify", "");
        if (pushName.equals("-")) {
            pushName = "";
        }
        boolean offline = stanza.attribute("offline").isPresent();
        String key = RecentMessages.key(chat.toString(), sender.toString(), id);
        Optional<RecentMessages.Handled> seen = recent.get(key);
        if (seen.isPresent()) {
            CompletableFuture<Void> listeners = seen.get().listeners();
            if (!listeners.isDone()) {
                return; // still with the listeners: they acknowledge when done
            }
            if (!listeners.isCompletedExceptionally()) {
                acknowledge(stanza, fromMe);
                return;
            }
            if (fromMe && takenByOwnFeature(stanza, key, id, sender, seen.get().message(), List.of())) {
                return; // the feature failed before: it tries again
            }
            emit(stanza, key, new WaEvent.MessageReceived(id, chat, sender, fromMe, pushName, timestamp, offline,
                    seen.get().message()), seen.get().message(), fromMe, List.of());
            return;
        }
        List<byte[]> buffered = new ArrayList<>(2);
        Decryption result = decrypt(stanza, chat, wireSender, buffered);
        switch (result) {
            case Decryption.Plain plain -> {
                placeholders.decrypted(id);
                Message message = plain.message();
                if (message.hasDeviceSentMessage() && fromMe) {
                    Message.DeviceSentMessage sent = message.getDeviceSentMessage();
                    if (sent.hasDestinationJid()) {
                        chat = Jid.tryParse(sent.getDestinationJid()).map(addressing::phoneDevice).orElse(chat);
                    }
                    message = sent.getMessage();
                }
                if (fromMe && takenByOwnFeature(stanza, key, id, sender, message, buffered)) {
                    return;
                }
                emit(stanza, key, new WaEvent.MessageReceived(id, chat, sender, fromMe, pushName, timestamp, offline,
                        message), message, fromMe, buffered);
            }
            case Decryption.Duplicate duplicate -> handled(stanza, fromMe, buffered);
            case Decryption.KeyOnly keyOnly -> handled(stanza, fromMe, buffered); // a sender key, nothing to show
            case Decryption.Failed failed -> {
                log.warn("cannot decrypt {} from {}: {}", id, sender, failed.reason());
                Optional<Node> placeholder = stanza.children("enc").isEmpty() ? stanza.child("unavailable")
                        : Optional.empty();
                if (placeholder.isPresent()) {
                    placeholders.requestNow(chat, sender, id); // the server has nothing more: only our phone does
                } else if (UndecryptableStanzas.retryHelps(stanza) && requestRetry(stanza, failed.reason()) == 1) {
                    placeholders.requestLater(chat, sender, id); // in case the sender never answers the retry
                }
                Jid failedChat = chat;
                events.emit(new WaEvent.UndecryptableMessage(id, failedChat, sender, timestamp, failed.reason(),
                                placeholder.isPresent(), placeholder.map(u -> u.attribute("type", "")).orElse("")))
                        .whenComplete((ignored, error) -> {
                            if (error == null) {
                                channel.sendQuietly(Stanzas.ack(stanza, UndecryptableStanzas.nack(stanza)));
                            }
                        });
            }
        }
    }

    /**
     * Asks the sender to encrypt {@code stanza} again (protocol §6.10): a {@code retry} receipt with our registration
     * id; the sender then rebuilds its session from a fresh bundle. At most {@value #MAX_RETRIES} per message.
     * Returns the count of the receipt sent, 0 when none was.
     */
    private int requestRetry(Node stanza, String reason) {
        int previous = stanza.children("enc").stream().map(enc -> enc.longAttribute("count").orElse(0L))
                .max(Long::compare).orElse(0L).intValue();
        int count = Math.max(previous, retriesAsked.getOrDefault(stanza.attribute("id", ""), 0)) + 1;
        if (count > MAX_RETRIES || store.credentials().isEmpty()) {
            return 0;
        }
        retriesAsked.put(stanza.attribute("id", ""), count);
        int registration = store.credentials().get().registrationId();
        Node.Builder receipt = Node.builder("receipt").attribute("id", stanza.attribute("id", ""))
                .attribute("to", stanza.attribute("from", "")).attribute("type", "retry");
        stanza.attribute("participant").ifPresent(p -> receipt.attribute("participant", p));
        stanza.attribute("recipient").ifPresent(r -> receipt.attribute("recipient", r));
        List<Node> children = new ArrayList<>(3);
        children.add(Node.builder("retry").attribute("count", count).attribute("id", stanza.attribute("id", ""))
                .attribute("t", stanza.attribute("t", String.valueOf(clock.instant().getEpochSecond())))
                .attribute("v", "1").build());
        children.add(Node.builder("registration").bytes(new byte[]{(byte) (registration >>> 24),
                (byte) (registration >>> 16), (byte) (registration >>> 8), (byte) registration}).build());
        if (count >= RetryKeys.FROM_RETRY || RetryKeys.senderKeyMissing(stanza, reason)) {
            // the first retry did not help (or we never had the sender's group key, so the session is suspect too):
            // the sender gets our keys to build a new session without a fetch
            RetryKeys.node(store, random).ifPresent(children::add);
        }
        channel.sendQuietly(receipt.children(children).build());
        return count;
    }

    /**
     * Offers a protocol message of our own account to the features that take them (protocol §8.9); the one that takes
     * it decides when the stanza is acknowledged. False when none does (the message is then emitted as usual).
     */
    private boolean takenByOwnFeature(Node stanza, String key, String id, Jid sender, Message message,
                                      List<byte[]> buffered) {
        if (!message.hasProtocolMessage()) {
            return false;
        }
        for (OwnProtocolMessages feature : ownProtocol) {
            Optional<CompletableFuture<Void>> taken;
            try {
                taken = feature.handle(id, sender, message.getProtocolMessage());
            } catch (RuntimeException e) {
                // a feature that fails to take it leaves it unacknowledged: the server delivers it again
                taken = Optional.of(CompletableFuture.failedFuture(e));
            }
            if (taken.isPresent()) {
                RecentMessages.Handled entry = new RecentMessages.Handled(message, taken.get());
                recent.put(key, entry);
                taken.get().whenComplete((ignored, error) -> {
                    if (error == null) {
                        recent.done(key, entry);
                        handled(stanza, true, buffered);
                    } else {
                        log.warn("protocol message {} not handled; it stays unacknowledged: {}", id,
                                error.getMessage());
                    }
                });
                return true;
            }
        }
        return false;
    }

    private void emit(Node stanza, String key, WaEvent.MessageReceived event, Message message, boolean fromMe,
                      List<byte[]> buffered) {
        CompletableFuture<Void> listeners = events.emit(event);
        RecentMessages.Handled entry = new RecentMessages.Handled(message, listeners);
        recent.put(key, entry);
        listeners.whenComplete((ignored, error) -> {
            if (error == null) {
                recent.done(key, entry);
                handled(stanza, fromMe, buffered);
            } else {
                log.warn("listener did not accept message {}; it stays unacknowledged", event.id(), error);
            }
        });
    }

    /**
     * The message is dealt with: its buffered plaintexts are dropped (first, so that a crash before the ack leaves a
     * redelivery to be recognised as handled), then the server hears of it.
     */
    private void handled(Node stanza, boolean fromMe, List<byte[]> buffered) {
        if (!buffered.isEmpty()) {
            try {
                store.decryptionBuffer().markHandled(buffered);
            } catch (StoreFencedException e) {
                // another node holds the device now: it gets the stanza again and acknowledges it itself
                log.warn("message {} left unacknowledged: {}", stanza.attribute("id", ""), e.getMessage());
                return;
            } catch (RuntimeException e) {
                log.warn("could not mark {} handled in the decryption buffer: {}", stanza.attribute("id", ""),
                        e.getMessage());
            }
        }
        acknowledge(stanza, fromMe);
    }

    private void acknowledge(Node stanza, boolean fromMe) {
        // whatsmeow sendMessageReceipt: ours are "sender", a contact's "inactive" unless we announced ourselves
        channel.sendQuietly(ReceiptStanzas.delivery(stanza, fromMe ? "sender" : activity.deliveryType()));
        channel.sendQuietly(Stanzas.ack(stanza, Optional.empty()));
    }

    /** The outcome of decrypting a stanza's pairwise {@code enc}. */
    private sealed interface Decryption {
        record Plain(Message message) implements Decryption {
        }

        record Duplicate() implements Decryption {
        }

        record Failed(String reason) implements Decryption {
        }

        /** Only a sender key distribution (processed), no content. */
        record KeyOnly() implements Decryption {
        }
    }

    /**
     * Decrypts the pairwise {@code enc} (pkmsg/msg) first — in a group it carries the sender's key distribution,
     * which is processed before the group's {@code skmsg} is decrypted with it (protocol §6.9).
     */
    private Decryption decrypt(Node stanza, Jid chat, Jid sender, List<byte[]> buffered) {
        List<Node> encs = stanza.children("enc");
        if (encs.isEmpty()) {
            return new Decryption.Failed(stanza.child("unavailable").isPresent() ? "unavailable" : "no ciphertext");
        }
        Decryption pairwise = null;
        for (Node enc : encs) {
            String type = enc.attribute("type", "");
            if (enc.attribute("v", "2").equals("2") && (type.equals("pkmsg") || type.equals("msg"))
                    && enc.bytes().isPresent() && !(pairwise instanceof Decryption.Plain)) {
                pairwise = decryptPairwise(sender, type, enc.bytes().get(), buffered);
            }
        }
        if (pairwise instanceof Decryption.Plain plain && plain.message().hasSenderKeyDistributionMessage()) {
            processSenderKey(chat, sender, plain.message().getSenderKeyDistributionMessage());
        }
        Decryption group = null;
        if (chat.isGroup() || chat.isBroadcast()) {
            for (Node enc : encs) {
                if (enc.attribute("type", "").equals(SenderKeyMessage.ENC_TYPE) && enc.bytes().isPresent()) {
                    group = decryptGroup(chat, sender, enc.bytes().get(), buffered);
                    break;
                }
            }
        }
        if (group instanceof Decryption.Plain) {
            return group;
        }
        if (pairwise instanceof Decryption.Plain plain) {
            // unknown fields count as nothing here: a key share carries context we do not model
            Message content = plain.message().toBuilder().clearSenderKeyDistributionMessage()
                    .clearMessageContextInfo().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build();
            if (!content.equals(Message.getDefaultInstance())) {
                return new Decryption.Plain(plain.message().toBuilder().clearSenderKeyDistributionMessage().build());
            }
            return group != null ? group : new Decryption.KeyOnly();
        }
        if (group != null) {
            return group;
        }
        return pairwise != null ? pairwise : new Decryption.Failed("no supported ciphertext");
    }

    private Decryption decryptPairwise(Jid sender, String type, byte[] ciphertext, List<byte[]> buffered) {
        SessionCipher cipher = new SessionCipher(store.signalStores(), locks, random, IdentityChangeListener.IGNORE);
        return decryptBuffered(ciphertext, buffered,
                checkpoint -> cipher.decrypt(addressing.address(sender), type, ciphertext, checkpoint));
    }

    private void processSenderKey(Jid chat, Jid sender, Message.SenderKeyDistribution distribution) {
        String groupId = distribution.hasGroupId() && !distribution.getGroupId().isEmpty()
                ? distribution.getGroupId() : chat.toString();
        try {
            SenderKeyDistributionMessage message = SenderKeyDistributionMessage.parse(
                    distribution.getAxolotlSenderKeyDistributionMessage().toByteArray());
            new GroupSessionBuilder(store.signalStores().senderKeys(), locks, random)
                    .process(addressing.senderKeyName(groupId, sender), message);
        } catch (SignalProtocolException e) {
            log.warn("ignoring an invalid sender key from {} for {}: {}", sender, groupId, e.getMessage());
        }
    }

    private Decryption decryptGroup(Jid chat, Jid sender, byte[] ciphertext, List<byte[]> buffered) {
        GroupCipher cipher = new GroupCipher(store.signalStores().senderKeys(), locks, random);
        SenderKeyName name = addressing.senderKeyName(chat.toString(), sender);
        return decryptBuffered(ciphertext, buffered, checkpoint -> cipher.decrypt(name, ciphertext, checkpoint));
    }

    /** One Signal decryption whose result is {@code paddedPlaintext}, given where to keep it before state is saved. */
    @FunctionalInterface
    private interface SignalDecryption {
        byte[] decrypt(PlaintextCheckpoint checkpoint) throws SignalProtocolException;
    }

    /**
     * Decrypts through the durable buffer: a new ciphertext keeps its plaintext in the buffer before the Signal
     * state that decrypted it is saved. One that no longer decrypts (its keys are spent) is looked up there: decrypted
     * before but not handled (the process died before the message was stored) it is answered from the buffer, already
     * handled it is a duplicate. The lookup costs nothing on the normal path, where decryption succeeds.
     */
    private Decryption decryptBuffered(byte[] ciphertext, List<byte[]> buffered, SignalDecryption decryption) {
        byte[] hash = Digests.sha256(ciphertext);
        DecryptionBuffer buffer = store.decryptionBuffer();
        try {
            byte[] padded = decryption.decrypt(plaintext -> buffer.keep(hash, plaintext, clock.instant()));
            buffered.add(hash);
            return parse(padded);
        } catch (SignalProtocolException e) {
            Optional<BufferedDecryption> known = buffer.find(hash);
            if (known.isPresent()) {
                return switch (known.get()) {
                    case BufferedDecryption.Handled handled -> new Decryption.Duplicate();
                    case BufferedDecryption.Pending pending -> {
                        buffered.add(hash);
                        yield parse(pending.paddedPlaintext());
                    }
                };
            }
            return e.error() instanceof SignalError.DuplicateMessage ? new Decryption.Duplicate()
                    : new Decryption.Failed(e.error().describe());
        }
    }

    private static Decryption parse(byte[] padded) {
        try {
            return new Decryption.Plain(Message.parseFrom(WhatsAppPadding.unpad(padded)));
        } catch (SignalProtocolException e) {
            return new Decryption.Failed(e.error().describe());
        } catch (InvalidProtocolBufferException e) {
            return new Decryption.Failed("invalid protobuf: " + e.getMessage());
        }
    }
}
