package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
    private static final java.util.Set<String> EDIT_ATTRIBUTES = java.util.Set.of("1", "2", "3", "7", "8");

    private final Directory directory;
    private final GroupDirectory groups;
    private final FaultInjector faults;
    private final IdGenerator ids;
    private final PhoneMedia media;
    private final Strictness strictness;
    private final MediaReuploadRequests reuploads;

    MessageRouter(Directory directory, GroupDirectory groups, FaultInjector faults, IdGenerator ids, PhoneMedia media,
                  Strictness strictness, MediaReuploadRequests reuploads) {
        this.reuploads = reuploads;
        this.media = media;
        this.strictness = strictness;
        this.directory = directory;
        this.groups = groups;
        this.faults = faults;
        this.ids = ids;
    }

    @Override
    public List<Jid> devicesOf(String user) {
        return directory.devicesOf(Jid.user(user));
    }

    @Override
    public Optional<PublishedKeys.Bundle> bundle(Jid device) {
        Optional<PublishedKeys> keys = publishedKeys(device);
        Optional<PublishedKeys.Bundle> bundle = keys.map(PublishedKeys::takeBundle);
        if (bundle.isPresent() && device.device() != 0 && keys.get().preKeyCount() == LOW_PRE_KEYS - 1) {
            // Just went below the threshold: tell the companion to top up (protocol §5.3), once per crossing.
            deliver(device, Node.builder("notification").attribute("from", Stanzas.SERVER).attribute("type", "encrypt")
                    .attribute("id", ids.next()).attribute("t", Stanzas.now())
                    .children(Node.builder("count").attribute("value", LOW_PRE_KEYS - 1).build()).build());
        }
        return bundle;
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
                Thread.ofVirtual().name("phone-" + device.user())
                        .start(() -> account.get().phone().receive(stanza, this));
            }
            return;
        }
        account.get().companion(device.device()).ifPresent(companion -> companion.deliver(stanza));
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
        if (!tokenAccepted(sender, message, chat)) {
            strictness.refusals().count(463);
            sendAck(sender, message, chat, "463");
            return;
        }
        Optional<Node> participants = message.child("participants");
        if (participants.isPresent()) {
            for (Node target : participants.get().children("to")) {
                Optional<Jid> device = target.jidAttribute("jid");
                if (device.isEmpty()) {
                    continue;
                }
                boolean ownDevice = device.get().user().equals(sender.jid().user());
                Node.Builder copy = Node.builder("message").attribute("from", sender.jid()).attribute("id", id)
                        .attribute("t", timestamp).attribute("type", message.attribute("type", "text"))
                        .attribute("edit", edit.orElse(null));
                if (!pushName.isEmpty()) {
                    copy.attribute("notify", pushName);
                }
                if (ownDevice) {
                    copy.attribute("recipient", chat);
                }
                List<Node> children = new java.util.ArrayList<>(target.children("enc"));
                deviceIdentity.ifPresent(children::add);
                copy.children(children);
                deliver(device.get(), copy.build());
            }
        } else {
            List<Node> encs = message.children("enc");
            if (!encs.isEmpty() && chat.isUser()) {
                Node.Builder copy = Node.builder("message").attribute("from", sender.jid()).attribute("id", id)
                        .attribute("t", timestamp).attribute("type", message.attribute("type", "text"));
                copy.children(encs);
                deliver(chat, copy.build());
            }
        }
        sendAck(sender, message, chat, null);
    }

    /**
     * A 1:1 message to an account that issued the sender a trusted-contact token must carry it; retries to one
     * device ({@code device_fanout="false"}) and messages to the sender's own account carry none, as in the
     * references.
     */
    private boolean tokenAccepted(CompanionDevice sender, Node message, Jid chat) {
        if (!chat.isUser() || chat.device() != 0 || chat.user().equals(sender.jid().user())
                || message.attribute("device_fanout", "").equals("false")) {
            return true;
        }
        return strictness.tokens().accepts(chat, sender.jid(), message.child("tctoken").flatMap(Node::bytes),
                java.time.Instant.now());
    }

    /**
     * {@code issuer} issues a trusted-contact token to {@code holder}: kept by the server and delivered to the
     * holder's companions as a {@code privacy_token} notification. With {@code onlyIfDue}, nothing happens when one
     * was issued in the current 7-day bucket (a phone issues once per bucket, as clients do).
     */
    void issueToken(Jid issuer, Jid holder, boolean onlyIfDue) {
        java.time.Instant now = java.time.Instant.now();
        Jid issuerUser = issuer.toNonAd();
        Jid holderUser = holder.toNonAd();
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
        java.util.Map<String, List<Node>> pairwise = new java.util.HashMap<>();
        message.child("participants").ifPresent(participants -> {
            for (Node target : participants.children("to")) {
                target.jidAttribute("jid").ifPresent(jid -> pairwise.put(jid.toString(), target.children("enc")));
            }
        });
        List<Node> groupEncs = message.children("enc");
        String id = message.attribute("id", "");
        for (Jid member : found.get().members()) {
            for (Jid device : directory.devicesOf(member)) {
                if (device.equals(sender.jid())) {
                    continue;
                }
                List<Node> children = new java.util.ArrayList<>(pairwise.getOrDefault(device.toString(), List.of()));
                children.addAll(groupEncs);
                if (pairwise.containsKey(device.toString())) {
                    deviceIdentity.ifPresent(children::add);
                }
                Node.Builder copy = Node.builder("message").attribute("from", group)
                        .attribute("participant", sender.jid()).attribute("id", id).attribute("t", timestamp)
                        .attribute("type", message.attribute("type", "text"))
                        .attribute("edit", message.attribute("edit").orElse(null));
                if (!pushName.isEmpty()) {
                    copy.attribute("notify", pushName);
                }
                deliver(device, copy.children(children).build());
            }
        }
        sendAck(sender, message, group, null);
    }

    /** A companion acknowledged reading or receiving: forward to the sender's devices. */
    void routeReceipt(CompanionDevice from, Node receipt) {
        Node.Builder ack = Node.builder("ack").attribute("class", "receipt").attribute("id", receipt.attribute("id", ""))
                .attribute("from", receipt.attribute("to", Stanzas.SERVER));
        receipt.attribute("type").ifPresent(type -> ack.attribute("type", type));
        from.deliverNow(ack.build());
        if (receipt.attribute("type", "").equals("server-error")) {
            // a media re-upload request: the sender's phone answers it, not the receipt's addressee
            Thread.ofVirtual().name("sandbox-media-reupload").start(() ->
                    reuploads.answer(from, receipt).ifPresent(answer -> deliver(from.jid(), answer)));
            return;
        }
        Optional<Jid> to = receipt.jidAttribute("to");
        if (to.isEmpty() || !to.get().isUser()) {
            return;
        }
        String receiptType = receipt.attribute("type", "");
        if (receiptType.equals("read-self") || receiptType.equals("played-self")) {
            // read with read receipts off: the sender is never told, only the reader's own other devices, from the
            // reading device with the chat as recipient (WM parseMessageSource)
            Node.Builder own = Node.builder("receipt").attribute("from", from.jid())
                    .attribute("id", receipt.attribute("id", "")).attribute("t", Stanzas.now())
                    .attribute("type", receiptType).attribute("recipient", to.get().toNonAd());
            if (!receipt.children().isEmpty()) {
                own.children(receipt.children());
            }
            Node built = own.build();
            for (Jid device : directory.devicesOf(from.jid().toNonAd())) {
                if (device.device() != 0 && !device.equals(from.jid())) {
                    deliver(device, built);
                }
            }
            return;
        }
        // A retry receipt keeps its children (registration id, keys): the sender needs them to rebuild the session.
        Node.Builder forwarded = Node.builder("receipt").attribute("from", from.jid())
                .attribute("id", receipt.attribute("id", "")).attribute("t", Stanzas.now());
        receipt.attribute("type").ifPresent(type -> forwarded.attribute("type", type));
        receipt.attribute("participant").ifPresent(participant -> forwarded.attribute("participant", participant));
        if (!receipt.children().isEmpty()) {
            forwarded.children(receipt.children());
        }
        Node built = forwarded.build();
        for (Jid device : directory.devicesOf(to.get().toNonAd())) {
            // never back to the device that sent it (a receipt for our phone's peer message, to our own account)
            if (device.device() != 0 && !device.equals(from.jid())) {
                deliver(device, built);
            }
        }
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
