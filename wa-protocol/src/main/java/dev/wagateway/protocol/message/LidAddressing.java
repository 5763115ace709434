package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.groups.SenderKeyRecord;
import dev.wagateway.protocol.signal.groups.SenderKeyStore;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.LidMappings;
import dev.wagateway.protocol.store.PairedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Which address Signal state is kept under (protocol §6.12): a device's LID address whenever its phone-number ↔ LID
 * pairing is known, as whatsmeow ({@code Store.Sessions.MigratePNToLID}) and Baileys ({@code migrateSession}) do,
 * so that a conversation continues whichever addressing the next stanza uses. A session (and the identity) still
 * held under the phone-number address is moved to the LID address the first time it is needed there.
 *
 * <p>Pairings come from the {@link dev.wagateway.protocol.store.LidMappings} store (filled by usync, group lists and
 * message attributes; cached in front of the store by {@link dev.wagateway.protocol.store.CachedLidMappings}) and,
 * for our own account, from the paired device.
 */
final class LidAddressing {

    private static final Logger log = LoggerFactory.getLogger(LidAddressing.class);

    private final DeviceStore store;
    private final LidMappings lids;
    private final SignalLocks locks;
    /** Phone-number sender-key names already moved or found empty (bounded: cleared when full). */
    private final java.util.Set<SenderKeyName> checkedSenderKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int CHECKED_SENDER_KEYS = 10_000;

    LidAddressing(DeviceStore store, LidMappings lids, SignalLocks locks) {
        this.store = store;
        this.lids = lids;
        this.locks = locks;
    }

    /** Records that {@code phone} and {@code lid} (users or devices) are one account, unless already known. */
    void learn(Jid phone, Jid lid) {
        if (phone == null || lid == null || !lid.isLid() || phone.isLid() || !phone.isUser()) {
            return;
        }
        lids.save(phone.toNonAd(), lid.toNonAd());
    }

    /**
     * Reads the alternate identities a {@code <message>} carries (whatsmeow {@code parseMessageSource}, Baileys
     * {@code extractAddressingContext}): {@code participant_pn}/{@code participant_lid} beside a group's participant,
     * {@code sender_pn}/{@code sender_lid} beside a 1:1 sender, {@code peer_recipient_pn}/{@code peer_recipient_lid}
     * beside the recipient of our own sent copy.
     */
    void learnFrom(Node stanza) {
        pair(stanza.jidAttribute("participant"), stanza, "participant_pn", "participant_lid");
        Optional<Jid> from = stanza.jidAttribute("from").filter(Jid::isUser);
        pair(from, stanza, "sender_pn", "sender_lid");
        pair(stanza.jidAttribute("recipient"), stanza, "peer_recipient_pn", "peer_recipient_lid");
    }

    private void pair(Optional<Jid> identity, Node stanza, String phoneAttribute, String lidAttribute) {
        if (identity.isEmpty() || !identity.get().isUser()) {
            return;
        }
        if (identity.get().isLid()) {
            stanza.jidAttribute(phoneAttribute).ifPresent(phone -> learn(phone, identity.get()));
        } else {
            stanza.jidAttribute(lidAttribute).ifPresent(lid -> learn(identity.get(), lid));
        }
    }

    /** The LID user of a phone-number user (ours included), when known. */
    Optional<Jid> lidOf(Jid phoneUser) {
        Jid user = phoneUser.toNonAd();
        if (user.isLid()) {
            return Optional.of(user);
        }
        Optional<PairedDevice> me = store.pairedDevice();
        if (me.isPresent() && me.get().lid() != null && me.get().jid().user().equals(user.user())
                && !user.isLid()) {
            return Optional.of(me.get().lid().toNonAd());
        }
        return lids.lidOf(user);
    }

    /** The phone-number user of a LID user (ours included), when known. */
    Optional<Jid> phoneOf(Jid lidUser) {
        Jid user = lidUser.toNonAd();
        if (!user.isLid()) {
            return Optional.of(user);
        }
        Optional<PairedDevice> me = store.pairedDevice();
        if (me.isPresent() && me.get().lid() != null && me.get().lid().user().equals(user.user())) {
            return Optional.of(me.get().jid().toNonAd());
        }
        return lids.phoneOf(user);
    }

    /** {@code device} in phone-number addressing when its phone number is known, else as given. */
    Jid phoneDevice(Jid device) {
        if (!device.isLid()) {
            return device;
        }
        return phoneOf(device).map(phone -> phone.withDevice(device.device())).orElse(device);
    }

    /**
     * Where Signal state with {@code device} is kept: its LID address when known, after moving a session still held
     * under its phone-number address there.
     */
    SignalAddress address(Jid device) {
        if (!device.isUser() || !device.server().equals(Jid.USER_SERVER) && !device.server().equals(Jid.LID_SERVER)) {
            return MessageSender.address(device);
        }
        Optional<Jid> phone = device.isLid() ? phoneOf(device) : Optional.of(device.toNonAd());
        Optional<Jid> lid = device.isLid() ? Optional.of(device.toNonAd()) : lidOf(device);
        if (lid.isEmpty()) {
            return MessageSender.address(device);
        }
        SignalAddress lidAddress = MessageSender.address(lid.get().withDevice(device.device()));
        // the session may still be under the number: opened before the pairing was known, by either side
        phone.ifPresent(pn -> migrate(MessageSender.address(pn.withDevice(device.device())), lidAddress));
        return lidAddress;
    }

    /**
     * Where the sender key of {@code device} in group {@code groupId} is kept: under the device's LID address when
     * known, after moving a key received while only its phone-number address was known (a PN-addressed group, a
     * pairing learned later), as whatsmeow's {@code MigratePNToLID} moves sender keys with the sessions.
     */
    SenderKeyName senderKeyName(String groupId, Jid device) {
        SignalAddress keyed = address(device);
        SenderKeyName name = new SenderKeyName(groupId, keyed);
        Optional<Jid> phone = device.isLid() ? phoneOf(device) : Optional.of(device.toNonAd());
        if (phone.isEmpty()) {
            return name;
        }
        SenderKeyName byNumber = new SenderKeyName(groupId, MessageSender.address(phone.get().withDevice(
                device.device())));
        if (!byNumber.equals(name) && checkedSenderKeys.add(byNumber)) {
            // once per (group, device) and process: the lookup would otherwise cost every group message a read
            if (checkedSenderKeys.size() > CHECKED_SENDER_KEYS) {
                checkedSenderKeys.clear();
            }
            migrate(byNumber, name);
        }
        return name;
    }

    /** Moves a sender key from {@code from} to {@code to} unless {@code to} holds one already; as {@link #migrate}. */
    private void migrate(SenderKeyName from, SenderKeyName to) {
        SenderKeyStore keys = store.signalStores().senderKeys();
        Optional<SenderKeyRecord> moved;
        try (var held = locks.hold(from)) {
            moved = keys.loadSenderKey(from);
        }
        if (moved.isEmpty()) {
            return;
        }
        boolean stored;
        try (var held = locks.hold(to)) {
            stored = keys.loadSenderKey(to).isEmpty();
            if (stored) {
                keys.storeSenderKey(to, moved.get());
            }
        }
        try (var held = locks.hold(from)) {
            keys.deleteSenderKey(from);
        }
        if (stored) {
            log.debug("moved the sender key of {} to {}", from, to);
        }
    }

    /**
     * Moves the session and identity of {@code from} to {@code to} when {@code to} has no session yet. The two
     * addresses are locked one after the other, never together, so no lock order can deadlock.
     */
    private void migrate(SignalAddress from, SignalAddress to) {
        SignalStores stores = store.signalStores();
        // Every send asks this for each recipient device, and almost always nothing is left under the number. Looked
        // at without the lock first (the stores are safe to read concurrently): the number's stripe can be one that
        // another send of this device holds across its whole ratchet commit (SessionCipher.encryptAll), and waiting
        // for that only to find nothing made a device's concurrent sends queue behind each other's commits (JFR:
        // docs/benchmarks.md, branch gwprofile). A session stored under the number after this look is moved by the
        // next call, as one stored just after the locked look always was.
        if (stores.sessions().loadSession(from).isEmpty()) {
            return;
        }
        Optional<SessionRecord> moved;
        Optional<IdentityKey> identity;
        try (var held = locks.hold(from)) {
            moved = stores.sessions().loadSession(from);
            identity = stores.identities().identity(from);
        }
        if (moved.isEmpty()) {
            return;
        }
        boolean stored;
        try (var held = locks.hold(to)) {
            stored = stores.sessions().loadSession(to).isEmpty();
            if (stored) {
                stores.sessions().storeSession(to, moved.get());
                identity.ifPresent(key -> stores.identities().saveIdentity(to, key));
            }
        }
        try (var held = locks.hold(from)) {
            stores.sessions().deleteSession(from);
        }
        if (stored) {
            log.debug("moved the Signal session of {} to {}", from, to);
        }
    }
}
