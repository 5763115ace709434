package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Moves stanzas between devices as the server does: a companion's {@code <message>} is split per recipient device
 * (its {@code participants}), each device gets only its own ciphertext, the sender gets the server ack; receipts
 * go back to the sender's devices. Phones (device 0) are simulated in-process.
 */
final class MessageRouter implements PhoneNetwork {

    private static final Logger log = LoggerFactory.getLogger(MessageRouter.class);

    /** Below this many one-time pre-keys a companion is told to upload more, as the real server does. */
    static final int LOW_PRE_KEYS = 5;

    /**
     * The {@code edit} kinds a message may carry (protocol §7.3): edit, pin, admin edit, sender revoke, admin
     * revoke.
     */
    private static final Set<String> EDIT_ATTRIBUTES = Set.of("1", "2", "3", "7", "8");

    private final Directory directory;
    private final GroupDirectory groups;
    private final FaultInjector faults;
    private final IdGenerator ids;
    private final PhoneMedia media;
    private final Strictness strictness;
    private final ReceiptRouter receipts;
    /** 1:1 messages of companions taken, by the addressing of their destination ({@code pn}, {@code lid}). */
    private final Map<String, AtomicLong> directByAddressing = new ConcurrentHashMap<>();

    MessageRouter(Directory directory, GroupDirectory groups, FaultInjector faults, IdGenerator ids, PhoneMedia media,
                  Strictness strictness, MediaReuploadRequests reuploads) {
        this.receipts = new ReceiptRouter(directory, groups, reuploads, this);
        this.media = media;
        this.strictness = strictness;
        this.directory = directory;
        this.groups = groups;
        this.faults = faults;
        this.ids = ids;
    }

    @Override
    public List<Jid> devicesOf(Jid user) {
        return directory.devicesOf(user);
    }

    @Override
    public Optional<Jid> lidDevice(Jid device) {
        return directory.lidDevice(device);
    }

    @Override
    public Optional<Jid> phoneDevice(Jid device) {
        return directory.phoneDevice(device);
    }

    @Override
    public Optional<PublishedKeys.Bundle> bundle(Jid device) {
        Optional<PublishedKeys> keys = publishedKeys(device);
        Optional<PublishedKeys.Bundle> bundle = keys.flatMap(PublishedKeys::takeBundle);
        if (bundle.isPresent() && device.device() != 0 && keys.get().preKeyCount() == LOW_PRE_KEYS - 1) {
            // Just went below the threshold: tell the companion to top up (protocol §5.3), once per crossing.
            notifyPreKeyCount(device, LOW_PRE_KEYS - 1);
        }
        return bundle;
    }

    /** The server's pre-key count notification to a companion (protocol §5.3): it uploads more when it reads it. */
    void notifyPreKeyCount(Jid device, int count) {
        deliver(device, Node.builder("notification").attribute("from", Stanzas.SERVER).attribute("type", "encrypt")
                .attribute("id", ids.next()).attribute("t", Stanzas.now())
                .children(Node.builder("count").attribute("value", count).build()).build());
    }

    Optional<PublishedKeys> publishedKeys(Jid device) {
        Optional<Account> account = directory.account(device);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        if (device.device() == 0) {
            return Optional.of(account.get().phone().published());
        }
        return account.get().companion(device.device()).map(CompanionDevice::keys);
    }

    /** What answers phones' peer requests: the phone's account, the asking companion, the request and its id. */
    @FunctionalInterface
    interface PeerRequests {
        void received(Account account, Jid device, String id,
                      dev.wagateway.protocol.proto.Message.ProtocolMessage request);
    }

    /** Each feature of the phones that answers a kind of peer request (history on demand, placeholder resends). */
    private final List<PeerRequests> peerRequests = new CopyOnWriteArrayList<>();
    private final PhoneLanes phoneLanes = new PhoneLanes();

    /** Adds a feature answering peer requests (the phones' history sync, placeholder resends). */
    void onPeerRequest(PeerRequests handler) {
        peerRequests.add(handler);
    }

    /** Who takes {@code hist_sync} receipts (the phones' history sync). */
    void onHistoryReceipt(BiConsumer<CompanionDevice, String> handler) {
        receipts.onHistoryReceipt(handler);
    }

    @Override
    public void peerRequest(Jid phone, Jid device, String id,
                            dev.wagateway.protocol.proto.Message.ProtocolMessage request) {
        directory.account(phone).ifPresent(account -> peerRequests.forEach(handler -> handler.received(account,
                device, id, request)));
    }

    @Override
    public PhoneMedia media() {
        return media;
    }

    @Override
    public void deliver(Jid device, Node stanza) {
        Optional<Account> account = directory.account(device);
        if (account.isEmpty()) {
            return;
        }
        if (stanza.tag().equals("message") && stanza.jidAttribute("from").filter(Jid::isUser)
                .filter(from -> !from.user().equals(device.user()))
                .filter(from -> account.get().profile().isBlocked(from)).isPresent()) {
            return; // the recipient blocked the sender: WhatsApp accepts the message and never delivers it
        }
        if (device.device() == 0) {
            if (stanza.tag().equals("message")) {
                // a phone handles its messages one at a time, in the order they reached it, as a real phone does: a
                // companion's request about a message then finds it already received
                phoneLanes.run(account.get().jid().user(), () -> account.get().phone().receive(stanza, this));
            }
            return;
        }
        Node delivered = stanza;
        if (stanza.tag().equals("message") && !stanza.children("enc").isEmpty()
                && stanza.jidAttribute("from").filter(from -> !directory.phoneUser(from).equals(
                        directory.phoneUser(device.toNonAd()))).isPresent()
                && faults.takePlaceholder(device)) {
            // the sender could not encrypt for this device: the server holds no ciphertext for it, only the fact
            delivered = stanza.toBuilder().children(Node.builder("unavailable").build()).build();
        }
        Node toCompanion = delivered;
        account.get().companion(device.device()).ifPresent(companion -> companion.deliver(toCompanion));
    }

    /** A companion sent a message: fan it out and acknowledge it. */
    void routeMessage(CompanionDevice sender, Node message) {
        Optional<Jid> to = message.jidAttribute("to");
        String id = message.attribute("id", "");
        if (to.isEmpty() || id.isEmpty()) {
            sendAck(sender, message, to.orElse(Jid.SERVER), "400");
            return;
        }
        Optional<String> edit = message.attribute("edit");
        if (edit.isPresent() && (!EDIT_ATTRIBUTES.contains(edit.get()) || (edit.get().equals("8") && !to.get().isGroup()))) {
            // an unknown edit kind, or an admin revoke outside a group: a stanza WhatsApp does not take (479)
            strictness.refusals().count(479, describe(sender, message) + " edit=" + edit.get());
            sendAck(sender, message, to.get(), "479");
            return;
        }
        if (message.attribute("category", "").equals("peer")
                && (!to.get().user().equals(sender.jid().user()) || to.get().device() != 0 || to.get().isLid())) {
            // a peer message goes to the sender's own phone only (whatsmeow sends it to its own PN JID)
            strictness.refusals().count(479, describe(sender, message) + " category=peer");
            sendAck(sender, message, to.get(), "479");
            return;
        }
        long timestamp = Stanzas.now();
        Optional<Node> deviceIdentity = message.child("device-identity");
        String pushName = message.attribute("notify", "");
        Jid chat = to.get();
        if (chat.isGroup()) {
            routeGroupMessage(sender, message, chat, timestamp, deviceIdentity, pushName);
            return;
        }
        Optional<Node> participants = message.child("participants");
        if (mixesAddressing(chat.isLid(), participants)) {
            log.info("refusing {} from {} to {} with 479: devices {}", id, sender.jid(), chat, targets(message));
            strictness.refusals().count(479, describe(sender, message));
            sendAck(sender, message, chat, "479");
            return;
        }
        if (!tokenAccepted(sender, message, chat)) {
            strictness.refusals().count(463, describe(sender, message));
            sendAck(sender, message, chat, "463");
            return;
        }
        if (!message.attribute("category", "").equals("peer")) {
            directByAddressing.computeIfAbsent(chat.isLid() ? "lid" : "pn",
                    k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }
        // a message to a LID goes out from the sender's LID, its phone number alongside (whatsmeow
        // parseMessageSource: sender_pn; peer_recipient_pn on the sender's own devices' copies)
        Jid from = chat.isLid() ? directory.lidDevice(sender.jid()).orElse(sender.jid()) : sender.jid();
        Jid senderPn = chat.isLid() ? sender.jid().toNonAd() : null;
        if (participants.isPresent()) {
            for (Node target : participants.get().children("to")) {
                Optional<Jid> device = target.jidAttribute("jid");
                if (device.isEmpty() || isSender(device.get(), sender)) {
                    continue;
                }
                boolean ownDevice = directory.phoneUser(device.get()).equals(sender.jid().toNonAd());
                Node.Builder copy = Node.builder("message").attribute("from", from).attribute("id", id)
                        .attribute("t", timestamp).attribute("type", message.attribute("type", "text"))
                        .attribute("edit", edit.orElse(null)).attribute("sender_pn", senderPn);
                if (!pushName.isEmpty()) {
                    copy.attribute("notify", pushName);
                }
                if (ownDevice) {
                    copy.attribute("recipient", chat)
                            .attribute("peer_recipient_pn", message.attribute("peer_recipient_pn").orElse(null));
                }
                List<Node> children = new ArrayList<>(target.children("enc"));
                deviceIdentity.ifPresent(children::add);
                copy.children(children);
                deliver(device.get(), copy.build());
            }
        } else {
            List<Node> encs = message.children("enc");
            if (!encs.isEmpty() && chat.isUser()) {
                Node.Builder copy = Node.builder("message").attribute("from", from).attribute("id", id)
                        .attribute("t", timestamp).attribute("type", message.attribute("type", "text"))
                        .attribute("sender_pn", senderPn);
                copy.children(encs);
                deliver(chat, copy.build());
            }
        }
        sendAck(sender, message, chat, null);
    }

    /** A refused stanza in the refusal log: its id, who sent it, where to, with its addressing. */
    private static String describe(CompanionDevice sender, Node message) {
        return "message " + message.attribute("id", "") + " from " + sender.jid() + " to "
                + message.attribute("to", "?") + " addressing_mode=" + message.attribute("addressing_mode", "-")
                + " devices " + targets(message);
    }

    private static String id(Node message) {
        return message.attribute("id", "");
    }

    /** The {@code <to jid>} of a stanza, for the log of a refusal. */
    private static List<String> targets(Node message) {
        return message.child("participants").map(p -> p.children("to").stream()
                .map(to -> to.attribute("jid", "?")).toList()).orElse(List.of());
    }

    /**
     * Whether a stanza's recipient devices mix phone-number and LID addressing: WhatsApp refuses such a stanza with
     * 479. whatsmeow and Baileys address every device of one message (the peer's and the sender's own) in the
     * addressing of its destination (whatsmeow {@code sendDM}, Baileys {@code relayMessage}). A copy for the sending
     * device itself is not refused, only never delivered: Baileys 7.0.0-rc14 lists its own LID device in LID groups
     * ({@code extractDeviceJids} compares its full LID JID with a user), and works against WhatsApp.
     */
    private boolean mixesAddressing(boolean lid, Optional<Node> participants) {
        if (participants.isEmpty()) {
            return false;
        }
        for (Node target : participants.get().children("to")) {
            Optional<Jid> device = target.jidAttribute("jid");
            if (device.isPresent() && device.get().isLid() != lid) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code device} (in either addressing) is the companion that sent the stanza. */
    private boolean isSender(Jid device, CompanionDevice sender) {
        return directory.phoneDevice(device).orElse(device).equals(sender.jid());
    }

    /**
     * A 1:1 message to an account that issued the sender a trusted-contact token must carry it; retries to one
     * device ({@code device_fanout="false"}) and messages to the sender's own account carry none, as in the
     * references. A token is required of a device only once it could hold it: while the {@code privacy_token}
     * notification that carries one from the recipient waits for the sending device's ack, a message without it
     * crossed the token on the wire (the recipient's first message and our send at the same moment) and passes. A
     * device linked after the token was issued never had one in flight, so it must present it (from the history
     * sync) at once; an acknowledged token is required from then on.
     */
    private boolean tokenAccepted(CompanionDevice sender, Node message, Jid chat) {
        if (!chat.isUser() || chat.device() != 0 || chat.user().equals(sender.jid().user())
                || message.attribute("device_fanout", "").equals("false")) {
            return true;
        }
        Jid holder = chat.isLid() ? directory.phoneUser(chat) : chat;
        return strictness.tokens().accepts(holder, sender.jid(), message.child("tctoken").flatMap(Node::bytes),
                java.time.Instant.now()) || sender.awaitsAcknowledgement(stanza -> tokenFrom(holder, stanza));
    }

    /** Whether {@code stanza} is a {@code privacy_token} notification {@code issuer} sent (as {@link #issueToken}). */
    private static boolean tokenFrom(Jid issuer, Node stanza) {
        return stanza.tag().equals("notification") && stanza.attribute("type", "").equals("privacy_token")
                && stanza.jidAttribute("from").filter(from -> from.user().equals(issuer.user())).isPresent();
    }

    /**
     * {@code issuer} issues a trusted-contact token to {@code holder}: kept by the server and delivered to the
     * holder's companions as a {@code privacy_token} notification. With {@code onlyIfDue}, nothing happens when one
     * was issued in the current 7-day bucket (a phone issues once per bucket, as clients do).
     */
    void issueToken(Jid issuer, Jid holder, boolean onlyIfDue) {
        java.time.Instant now = java.time.Instant.now();
        Jid issuerUser = directory.phoneUser(issuer);
        Jid holderUser = directory.phoneUser(holder); // a client may name the holder by LID (whatsmeow does)
        if (onlyIfDue && strictness.tokens().issuedThisBucket(issuerUser, holderUser, now)) {
            return;
        }
        TrustedContactTokens.Issued token = strictness.tokens().issue(issuerUser, holderUser, now);
        Node notification = Node.builder("notification").attribute("from", issuerUser)
                .attribute("type", "privacy_token").attribute("id", ids.next()).attribute("t", token.timestamp())
                .children(Node.builder("tokens").children(Node.builder("token").attribute("jid", holderUser)
                        .attribute("t", token.timestamp()).attribute("type", "trusted_contact")
                        .bytes(token.token()).build()).build())
                .build();
        for (Jid device : directory.devicesOf(holderUser)) {
            if (device.device() != 0) {
                deliver(device, notification);
            }
        }
    }

    /**
     * A group message: the sender-key ciphertext goes to every member device but the sender's, each with the
     * pairwise {@code enc} (a sender key distribution) the sender addressed to it, if any.
     */
    private void routeGroupMessage(CompanionDevice sender, Node message, Jid group, long timestamp,
                                   Optional<Node> deviceIdentity, String pushName) {
        Optional<Group> found = groups.group(group);
        if (found.isEmpty() || !found.get().isMember(sender.jid())) {
            sendAck(sender, message, group, found.isEmpty() ? "404" : "403");
            return;
        }
        boolean adminRevoke = message.attribute("edit").filter("8"::equals).isPresent();
        if ((found.get().announcementOnly() || adminRevoke) && !found.get().isAdmin(sender.jid())) {
            sendAck(sender, message, group, "403");
            return;
        }
        Optional<Jid> onlyDevice = message.jidAttribute("participant");
        if (onlyDevice.isPresent()) {
            // a message sent again for one member device after its retry receipt (whatsmeow handleRetryReceipt):
            // pairwise, to that device alone, which must be a device of a member
            routeGroupRetry(sender, message, found.get(), onlyDevice.get(), timestamp, deviceIdentity, pushName);
            return;
        }
        boolean lid = found.get().lidAddressed();
        boolean modeMismatch = lid != message.attribute("addressing_mode", "pn").equals("lid");
        if (modeMismatch || mixesAddressing(lid, message.child("participants"))) {
            // a LID group's messages say addressing_mode="lid" and name devices by LID; a PN group's by number
            log.info("refusing {} from {} to the {} group {} with 479: addressing_mode={}, devices {}", id(message),
                    sender.jid(), lid ? "LID" : "PN", group, message.attribute("addressing_mode", "(none)"),
                    targets(message));
            strictness.refusals().count(479, describe(sender, message));
            sendAck(sender, message, group, "479");
            return;
        }
        Map<String, List<Node>> pairwise = new HashMap<>();
        message.child("participants").ifPresent(participants -> {
            for (Node target : participants.children("to")) {
                target.jidAttribute("jid").ifPresent(jid -> pairwise.put(jid.toString(), target.children("enc")));
            }
        });
        List<Node> groupEncs = message.children("enc");
        String id = message.attribute("id", "");
        Jid senderLid = directory.lidDevice(sender.jid()).orElse(sender.jid());
        for (Jid member : found.get().members()) {
            Jid addressed = lid ? directory.account(member).map(Account::lid).orElse(member) : member;
            for (Jid device : directory.devicesOf(addressed)) {
                if (isSender(device, sender)) {
                    continue;
                }
                List<Node> children = new ArrayList<>(pairwise.getOrDefault(device.toString(), List.of()));
                children.addAll(groupEncs);
                if (pairwise.containsKey(device.toString())) {
                    deviceIdentity.ifPresent(children::add);
                }
                // the sender as the group names it, the other identity alongside (whatsmeow parseMessageSource)
                Node.Builder copy = Node.builder("message").attribute("from", group)
                        .attribute("participant", lid ? senderLid : sender.jid())
                        .attribute(lid ? "participant_pn" : "participant_lid",
                                lid ? sender.jid().toNonAd() : senderLid.toNonAd())
                        .attribute("addressing_mode", lid ? "lid" : "pn").attribute("id", id)
                        .attribute("t", timestamp).attribute("type", message.attribute("type", "text"))
                        .attribute("edit", message.attribute("edit").orElse(null));
                if (!pushName.isEmpty()) {
                    copy.attribute("notify", pushName);
                }
                deliver(device, copy.children(children).build());
            }
        }
        sendAck(sender, message, group, null);
    }

    private void routeGroupRetry(CompanionDevice sender, Node message, Group group, Jid device, long timestamp,
                                 Optional<Node> deviceIdentity, String pushName) {
        // the device as the retry names it: by number, or by LID in a LID group
        boolean memberDevice = group.members().stream().anyMatch(member -> directory.devicesOf(member).contains(device)
                || directory.account(member).map(Account::lid)
                        .map(memberLid -> directory.devicesOf(memberLid).contains(device)).orElse(false));
        List<Node> encs = message.children("enc");
        if (!memberDevice || encs.isEmpty() || encs.stream().anyMatch(enc -> enc.attribute("type", "").equals("skmsg"))) {
            sendAck(sender, message, group.jid(), memberDevice ? "400" : "403");
            return;
        }
        List<Node> children = new ArrayList<>(encs);
        deviceIdentity.ifPresent(children::add);
        Node.Builder copy = Node.builder("message").attribute("from", group.jid())
                .attribute("participant", sender.jid()).attribute("id", message.attribute("id", ""))
                .attribute("t", timestamp).attribute("type", message.attribute("type", "text"))
                .attribute("edit", message.attribute("edit").orElse(null));
        if (!pushName.isEmpty()) {
            copy.attribute("notify", pushName);
        }
        deliver(device, copy.children(children).build());
        sendAck(sender, message, group.jid(), null);
    }

    /** Stanzas delivered to simulated phones and not yet handled by them (a load harness waits for 0). */
    long phoneBacklog() {
        return phoneLanes.backlog();
    }

    /** The 1:1 messages companions sent, by their destination's addressing: {@code pn} and {@code lid}. */
    Map<String, Long> directMessages() {
        Map<String, Long> counts = new TreeMap<>();
        directByAddressing.forEach((addressing, count) -> counts.put(addressing, count.get()));
        return counts;
    }

    /** A companion acknowledged reading or receiving: forward to the sender's devices. */
    void routeReceipt(CompanionDevice from, Node receipt) {
        receipts.route(from, receipt);
    }

    private void sendAck(CompanionDevice sender, Node message, Jid chat, String error) {
        if (faults.dropAck(sender.jid())) {
            log.debug("dropping the ack of {} for {}", message.attribute("id", ""), sender.jid());
            return;
        }
        Node.Builder ack = Node.builder("ack").attribute("class", "message").attribute("id", message.attribute("id", ""))
                .attribute("from", chat).attribute("t", Stanzas.now());
        if (error != null) {
            ack.attribute("error", error);
        }
        Node built = ack.build();
        Optional<Duration> delay = faults.ackDelay(sender.jid());
        if (delay.isPresent()) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(delay.get());
                    sender.deliverNow(built);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } else {
            sender.deliverNow(built);
        }
    }
}
