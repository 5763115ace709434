package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message again to one device over its own session (protocol §6.10): the answer to a retry receipt, and the
 * delivery of the messages a send left out a device of once its keys are there (fan-out isolation). Split from
 * {@link MessageSender}, whose sends it repeats from the same {@link RecentSends}.
 */
final class PairwiseResender {

    private static final Logger log = LoggerFactory.getLogger(PairwiseResender.class);
    /**
     * How long a retry answer waits for the server's ack of the first send; that send gives up sooner (its request
     * timeout, once more after a reconnect), so this only bounds a wait that something else already ends.
     */
    private static final Duration FIRST_ACK_WAIT = Duration.ofMinutes(3);

    private final ServerChannel channel;
    private final DeviceStore store;
    private final PreKeyBundles bundles;
    private final SignalLocks locks;
    private final SecureRandom random;
    private final WhatsAppPadding padding;
    private final SenderKeyHolders holders;
    private final LidAddressing addressing;
    private final RetrySessions retrySessions;
    /** What the sender sent lately, by id; owner: the {@link MessageSender}, read here. */
    private final RecentSends recent;

    PairwiseResender(ServerChannel channel, DeviceStore store, PreKeyBundles bundles, SignalLocks locks,
                     SecureRandom random, WhatsAppPadding padding, SenderKeyHolders holders,
                     LidAddressing addressing, RecentSends recent) {
        this.channel = channel;
        this.store = store;
        this.bundles = bundles;
        this.locks = locks;
        this.random = random;
        this.padding = padding;
        this.holders = holders;
        this.addressing = addressing;
        this.recent = recent;
        this.retrySessions = new RetrySessions(bundles, locks, random);
    }

    /**
     * Answers a retry receipt (protocol §6.10): rebuilds the session with {@code device} (from the receipt's
     * {@code keys}, else a fresh bundle) and sends the original message {@code id} again to that device only, as a
     * {@code count}-th retry. In a group the message goes pairwise with our sender key in it, as whatsmeow's
     * {@code handleRetryReceipt} sends it ({@link GroupRetries}). False when the message is no longer known.
     */
    boolean resend(Jid device, String id, int count, Optional<PreKeyBundle> keys) {
        // the receipt may come before the server's ack of the message: the resend waits for it, and a message the
        // server refused is not sent again
        Optional<RecentSends.Sent> sent = recent.awaitTaken(id, FIRST_ACK_WAIT);
        if (sent.isEmpty()) {
            return false;
        }
        if (!retrySessions.rebuild(store.signalStores(), device, addressing.address(device), keys)) {
            return false;
        }
        return recent.oneAtATime(id, () -> sendPairwise(device, id, sent.get(), count));
    }

    /**
     * Messages a send left out {@code device} of, sent to it now that the server may have its keys (fan-out
     * isolation): a session from a fresh bundle (once, so that every message goes over it), then each message
     * pairwise in order, a group message with our sender key in it. Answers the ids delivered; none while the server
     * still has no bundle for the device. Blocks.
     */
    List<String> deliverSkipped(Jid device, List<SkippedDeliveries.Pending> messages) {
        SignalStores stores = store.signalStores();
        SignalAddress address = addressing.address(device);
        SessionCipher cipher = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);
        if (!cipher.hasSession(address)) {
            // the device may have come back with a session of its own making (it wrote to us): that one is kept
            Optional<PreKeyBundle> bundle = Optional.ofNullable(bundles.fetch(List.of(device)).get(device));
            if (bundle.isEmpty() || !retrySessions.rebuild(stores, device, address, bundle)) {
                return List.of();
            }
        }
        List<String> done = new ArrayList<>();
        for (SkippedDeliveries.Pending pending : messages) {
            RecentSends.Sent sent = new RecentSends.Sent(pending.chat(), pending.message());
            // a retry answer to another device may be sending the same id: one waits for its ack at a time
            if (recent.oneAtATime(pending.id(), () -> sendPairwise(device, pending.id(), sent, 0))) {
                done.add(pending.id());
            }
        }
        return done;
    }

    /**
     * Message {@code id} ({@code sent}) again to {@code device} alone over the session we have with it; a retry when
     * count > 0.
     */
    private boolean sendPairwise(Jid device, String id, RecentSends.Sent sent, int count) {
        boolean group = sent.chat().isGroup();
        PairedDevice me = store.pairedDevice().orElseThrow(() -> new NotConnectedException("not paired"));
        SignalStores stores = store.signalStores();
        SignalAddress address = addressing.address(device);
        SessionCipher cipher = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);
        Message message = sent.message();
        boolean ownDevice = device.user().equals(me.jid().user())
                || me.lidJid().map(lid -> lid.user().equals(device.user())).orElse(false);
        // our sender key is filed under our LID address when we have one, as sendGroup files it
        byte[] plaintext = group ? GroupRetries.withSenderKey(stores, locks, random, sent.chat(),
                MessageSender.address(me.lidJid().orElse(me.jid())), message).toByteArray()
                : ownDevice ? MessageContent.deviceSent(sent.chat().toString(), message).toByteArray()
                : message.toByteArray();
        PairwiseMessage encrypted;
        try {
            encrypted = cipher.encrypt(address, padding.pad(plaintext));
        } catch (SignalProtocolException e) {
            log.warn("cannot re-encrypt {} for {}: {}", id, device, e.getMessage());
            return false;
        }
        Node.Builder enc = Node.builder("enc").attribute("v", "2").attribute("type", encrypted.encType())
                .attribute("count", count > 0 ? String.valueOf(count) : null)
                .attribute("mediatype", MessageContent.mediaType(message))
                .attribute("decrypt-fail", MessageContent.decryptFail(message));
        List<Node> children = new ArrayList<>();
        children.add(enc.bytes(encrypted.serialized()).build());
        if (encrypted.encType().equals(PreKeySignalMessage.ENC_TYPE)) {
            children.add(Node.builder("device-identity").bytes(me.accountIdentity()).build());
        }
        MessageContent.addPollMeta(children, message);
        Node.Builder stanza = group ? GroupRetries.stanza(sent.chat(), device, id)
                : Node.builder("message").attribute("id", id).attribute("to", device).attribute("device_fanout", "false");
        stanza.attribute("type", MessageContent.stanzaType(message))
                .attribute("edit", MessageContent.editAttribute(message).orElse(null));
        if (ownDevice && !group) {
            stanza.attribute("recipient", sent.chat());
        }
        Node ack = channel.sendMessage(stanza.children(children).build()).join();
        if (group && ack.longAttribute("error").isEmpty()) {
            holders.received(sent.chat(), List.of(device));
        }
        return ack.longAttribute("error").isEmpty();
    }
}
