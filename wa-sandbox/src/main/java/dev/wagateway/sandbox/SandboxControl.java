package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.signal.SignalProtocolException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's control surface, for tests in-process and behind the HTTP control API: phones, linking, what
 * phones send and receive, and faults. Every refusal is a {@link SandboxException} carrying an HTTP status.
 */
public final class SandboxControl {

    private final Directory directory;
    private final PairingCoordinator pairing;
    private final MessageRouter router;
    private final FaultInjector faults;
    private final DeviceListNotifier deviceLists;
    private final PresenceService presence;

    SandboxControl(Directory directory, PairingCoordinator pairing, MessageRouter router, FaultInjector faults,
                   DeviceListNotifier deviceLists, PresenceService presence) {
        this.presence = presence;
        this.deviceLists = deviceLists;
        this.directory = directory;
        this.pairing = pairing;
        this.router = router;
        this.faults = faults;
    }

    /** A new simulated phone; 409 when the number exists, 400 when it is not 6–15 digits. */
    public String createPhone(String phone, String name) {
        String number = validPhone(phone);
        directory.create(number, name == null || name.isBlank() ? "Phone " + number : name)
                .orElseThrow(() -> new SandboxException(409, "phone " + number + " exists already"));
        return number + "@" + Jid.USER_SERVER;
    }

    /** The account's LID user JID ({@code <digits>@lid}), stable for the account's life; 404 for unknown phones. */
    public String phoneLid(String phone) {
        return account(phone).lid().toString();
    }

    /** The phone scans a companion's QR text. */
    public void linkQr(String phone, String qrText) {
        if (qrText == null || qrText.isBlank()) {
            throw new SandboxException(400, "qr is required");
        }
        pairing.linkQr(account(phone), qrText);
    }

    /** The phone enters a companion's pairing code. */
    public void linkCode(String phone, String code) {
        pairing.linkCode(account(phone), code);
    }

    /** The phone sends a text to a user; returns the message id. */
    public String phoneSendText(String phone, String to, String text) {
        if (text == null || text.isEmpty()) {
            throw new SandboxException(400, "text is required");
        }
        return phoneSend(phone, to, new PhoneContent.Text(text));
    }

    /**
     * The phone sends any content (text, file, location, contact, poll) to a user, or votes on a poll it knows (in
     * the poll's chat; {@code to} is not needed); returns the message id.
     */
    public String phoneSend(String phone, String to, PhoneContent content) {
        if (content instanceof PhoneContent.Vote vote) {
            Account voter = account(phone);
            try {
                return voter.phone().vote(vote, router);
            } catch (SignalProtocolException e) {
                throw new SandboxException(500, "phone could not encrypt: " + e.getMessage());
            }
        }
        Jid target = Jid.tryParse(to == null ? "" : to.contains("@") ? to : to + "@" + Jid.USER_SERVER)
                .filter(Jid::isUser)
                .orElseThrow(() -> new SandboxException(400, "to must be a user JID or phone number: " + to));
        if (directory.account(target).isEmpty()) {
            throw new SandboxException(404, "unknown recipient " + target);
        }
        Account sender = account(phone);
        // the phone trusts whom it writes to: the token reaches the recipient's companions before the message
        router.issueToken(sender.jid(), target, true);
        try {
            if (content instanceof PhoneContent.Poll poll) {
                return sender.phone().sendPoll(target, poll, router);
            }
            return sender.phone().send(target, PhoneContentMessages.toMessage(content, router.media()), router);
        } catch (SignalProtocolException e) {
            throw new SandboxException(500, "phone could not encrypt: " + e.getMessage());
        }
    }

    /** The decrypted bytes of the media the phone received in message {@code id}; 404 when there are none. */
    public byte[] phoneMedia(String phone, String id) {
        return account(phone).phone().receivedMedia(id, router.media())
                .orElseThrow(() -> new SandboxException(404, "phone " + phone + " has no media for message " + id));
    }

    /**
     * Fault: the media host loses every file it holds, as when WhatsApp's copies expired; a download then answers
     * 404 and the receiver asks the sender's phone to upload the file again. Returns how many files were dropped.
     */
    public int expireMedia() {
        return router.media().expireAll();
    }

    /**
     * Fault: every phone deleted the files it sent, so it answers a re-upload request with "no longer on the phone"
     * (error code 2).
     */
    public void forgetSentMedia() {
        router.media().forgetSent();
    }

    /**
     * Fault: the media host serves every file with one byte flipped (so every download fails its MAC check), until
     * called with {@code false}.
     */
    public void corruptMediaDownloads(boolean on) {
        router.media().corruptDownloads(on);
    }

    /**
     * The phone sends a text, a quoted reply, a reaction, an edit, a revoke or a forward (exactly one kind); returns
     * the id of the message it sent. The message an action names must be one the phone knows (404 otherwise); a
     * phone edits and revokes only its own messages, as WhatsApp's apps allow in a 1:1 chat; a forward goes to
     * {@code to} marked as forwarded (its score grown by one unless the phone wrote it).
     */
    public String phoneSend(String phone, PhoneSend send) {
        Account account = account(phone);
        int kinds = (send.reaction() != null ? 1 : 0) + (send.edit() != null ? 1 : 0)
                + (send.revokeId() != null ? 1 : 0) + (send.forwardId() != null ? 1 : 0);
        if (kinds > 1 || (kinds == 1 && send.replyTo() != null)) {
            throw new SandboxException(400, "send one of text, reply_to with text, reaction, edit, revoke or forward");
        }
        if (kinds == 0 && send.replyTo() == null) {
            return phoneSendText(phone, send.to(), send.text());
        }
        String targetId = send.reaction() != null ? send.reaction().id() : send.edit() != null ? send.edit().id()
                : send.revokeId() != null ? send.revokeId() : send.forwardId() != null ? send.forwardId()
                : send.replyTo();
        if (targetId == null || targetId.isBlank()) {
            throw new SandboxException(400, "the id of the message is required");
        }
        PhoneInbox.Known target = account.phone().messages().find(targetId)
                .orElseThrow(() -> new SandboxException(404, "the phone has no message " + targetId));
        Jid chat = send.to() == null || send.to().isBlank() ? target.chat() : recipient(send.to());
        if (!chat.isUser() || directory.account(chat).isEmpty()) {
            throw new SandboxException(400, "phones send actions only in 1:1 chats with known accounts: " + chat);
        }
        Jid own = account.jid();
        dev.wagateway.protocol.proto.MessageKey key = MessageActionStanzas.key(chat, target.author(), targetId, own);
        dev.wagateway.protocol.proto.Message message;
        java.time.Instant now = java.time.Instant.now();
        if (send.forwardId() != null) {
            try {
                message = dev.wagateway.protocol.message.Forwards.forward(target.content(),
                        target.author().user().equals(own.user()));
            } catch (IllegalArgumentException e) {
                throw new SandboxException(400, "message " + targetId + " cannot be forwarded");
            }
        } else if (send.reaction() != null) {
            message = MessageActionStanzas.reaction(key, send.reaction().value() == null ? ""
                    : send.reaction().value(), now);
        } else if (send.edit() != null || send.revokeId() != null) {
            if (!key.getFromMe()) {
                throw new SandboxException(400, "a phone edits and deletes only its own messages in a 1:1 chat");
            }
            if (send.edit() != null) {
                if (send.edit().value() == null || send.edit().value().isEmpty()) {
                    throw new SandboxException(400, "edit.text is required");
                }
                message = MessageActionStanzas.edit(chat, targetId, dev.wagateway.protocol.proto.Message.newBuilder()
                        .setConversation(send.edit().value()).build(), now);
            } else {
                message = MessageActionStanzas.revoke(key);
            }
        } else {
            if (send.text() == null || send.text().isEmpty()) {
                throw new SandboxException(400, "text is required");
            }
            dev.wagateway.protocol.proto.Message quoted = PhoneInbox.text(target.content())
                    .map(text -> dev.wagateway.protocol.proto.Message.newBuilder().setConversation(text).build())
                    .orElse(dev.wagateway.protocol.proto.Message.getDefaultInstance());
            message = MessageActionStanzas.replyText(send.text(), new MessageActionStanzas.Quote(targetId,
                    target.author(), quoted, java.util.Optional.empty()), List.of());
        }
        try {
            return account.phone().send(chat, message, router);
        } catch (SignalProtocolException e) {
            throw new SandboxException(500, "phone could not encrypt: " + e.getMessage());
        }
    }

    /** A user for the control API: a user JID or a phone number; 400 otherwise. */
    static Jid recipient(String to) {
        return Jid.tryParse(to.contains("@") ? to : to + "@" + Jid.USER_SERVER).map(Jid::toNonAd)
                .orElseThrow(() -> new SandboxException(400, "to must be a user JID or phone number: " + to));
    }

    /** The phone's profile as the server holds it (including what its companions set). */
    public java.util.Map<String, Object> profile(String phone) {
        return SandboxUsers.view(account(phone), directory.accounts());
    }

    /** Changes the phone's profile; a bad value is refused whole (400), an unknown blocked user is 404. */
    public java.util.Map<String, Object> updateProfile(String phone, ProfileUpdate update) {
        new ProfileChanges(directory).apply(account(phone), update);
        return profile(phone);
    }

    /** The phone reads the message {@code id} it received: a read receipt goes to the sender; 404 if unknown. */
    public void phoneRead(String phone, String id) {
        if (id == null || id.isBlank()) {
            throw new SandboxException(400, "id is required");
        }
        account(phone).phone().markRead(id, router);
    }

    /**
     * The phone plays the voice note (or opens the view-once message) {@code id} it received: a played receipt goes
     * to the sender; 404 if unknown, 409 for any other kind of message.
     */
    public void phonePlayed(String phone, String id) {
        if (id == null || id.isBlank()) {
            throw new SandboxException(400, "id is required");
        }
        account(phone).phone().markPlayed(id, router);
    }

    /**
     * The phone's presence (control API): {@code available} or {@code unavailable} for the account;
     * {@code composing}, {@code recording} or {@code paused} in the chat with {@code to} (a user or a group the phone
     * is in); {@code subscribe} to {@code to}'s presence, as opening their chat does. Answers what happened:
     * {@code delivered} is false for a chat state WhatsApp drops (a user who blocked the phone, a group it is not
     * in).
     */
    public java.util.Map<String, Object> phonePresence(String phone, String state, String to) {
        Account account = account(phone);
        String wanted = state == null ? "" : state.strip();
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("state", wanted);
        switch (wanted) {
            case "available", "unavailable" -> presence.phoneAvailability(account, wanted.equals("available"));
            case "subscribe" -> {
                Account target = directory.account(chat(to)).orElseThrow(() ->
                        new SandboxException(404, "unknown user " + to));
                presence.phoneSubscribe(account, target);
                answer.put("to", target.jid().toString());
            }
            case "composing", "recording", "paused" -> {
                Jid chat = chat(to);
                answer.put("to", chat.toString());
                answer.put("delivered", presence.phoneChatState(account, chat, wanted));
            }
            default -> throw new SandboxException(400, "state must be available, unavailable, composing, "
                    + "recording, paused or subscribe");
        }
        return answer;
    }

    /** What the phone was shown of others' presence and chat states, and its own presence. */
    public java.util.Map<String, Object> phonePresenceView(String phone) {
        return presence.phonePresenceViewOf(account(phone));
    }

    /** A chat for the control API: a group JID, a user JID or a phone number; 400 otherwise. */
    private static Jid chat(String to) {
        if (to == null || to.isBlank()) {
            throw new SandboxException(400, "to is required");
        }
        String value = to.strip();
        return Jid.tryParse(value.contains("@") ? value : value + "@" + Jid.USER_SERVER)
                .filter(jid -> jid.isUser() || jid.isGroup()).map(Jid::toNonAd)
                .orElseThrow(() -> new SandboxException(400, "to must be a user or group JID or a phone number: "
                        + to));
    }

    /** What the phone received and decrypted, oldest first. */
    public List<ReceivedMessage> phoneMessages(String phone) {
        return account(phone).phone().inbox();
    }

    /**
     * When each message the phone received landed, in milliseconds since the epoch, by message id, oldest first
     * (this run only): the wire's {@code t} counts seconds, too coarse to see a send pace.
     */
    public java.util.Map<String, Long> phoneArrivals(String phone) {
        return account(phone).phone().arrivals();
    }

    /** The companions linked to the phone. */
    public List<LinkedDeviceInfo> devices(String phone) {
        return account(phone).companions().stream()
                .map(device -> new LinkedDeviceInfo(device.jid().toString(), device.lid().toString(),
                        device.isOnline(), device.queuedCount()))
                .toList();
    }

    /** Companions linked to any phone. */
    public long linkedDeviceCount() {
        return directory.accounts().stream().mapToLong(account -> account.companions().size()).sum();
    }

    /**
     * How many logins replaced a live connection of the same device (closing it with a {@code conflict} stream
     * error): two processes running one companion at once. Zero when every device runs on exactly one node.
     */
    public long replacedConnections() {
        return directory.accounts().stream().flatMap(account -> account.companions().stream())
                .mapToLong(CompanionDevice::replacements).sum();
    }

    /** Linked companions with a live connection. */
    public long onlineDeviceCount() {
        return directory.accounts().stream().flatMap(account -> account.companions().stream())
                .filter(CompanionDevice::isOnline).count();
    }

    /** Stanzas queued for companions that they have not acknowledged yet (redelivered at their next login). */
    public long unackedCount() {
        return directory.accounts().stream().flatMap(account -> account.companions().stream())
                .mapToLong(CompanionDevice::queuedCount).sum();
    }

    /**
     * The server sends {@code stanza} to a companion as it sends any stanza that needs an ack ({@code <appdata>},
     * {@code <status>}, notifications...): queued until acknowledged, redelivered at each login until then.
     */
    public void deliver(String deviceJid, Node stanza) {
        companion(deviceJid).deliver(stanza);
    }

    /** Drops a companion's connection without a goodbye, as a network failure would. */
    public void dropConnection(String deviceJid) {
        ChatConnection connection = companion(deviceJid).connection();
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * Sends a stream error to a companion and closes it: {@code 515} (restart), {@code 401} (device removed: the
     * device is unlinked), or {@code conflict} (replaced).
     */
    public void streamError(String deviceJid, String code) {
        CompanionDevice device = companion(deviceJid);
        ChatConnection connection = device.connection();
        Node error = switch (code == null ? "" : code) {
            case "515" -> Stanzas.streamError("515");
            case "401" -> {
                device.remove();
                directory.account(device.jid()).ifPresent(account -> deviceLists.unlinked(account, device.jid()));
                yield Stanzas.conflict("device_removed", "401");
            }
            case "conflict" -> Stanzas.conflict("replaced", null);
            default -> throw new SandboxException(400, "stream error must be 515, 401 or conflict");
        };
        if (connection != null) {
            connection.closeWith(error);
        }
    }

    /** Holds back the server's acks to a companion's messages ({@code 0} ends the fault). */
    public void delayAcks(String deviceJid, Duration delay) {
        faults.delayAcks(companion(deviceJid).jid(), delay);
    }

    /** Stops (or resumes) answering a companion's keepalive pings. */
    public void mutePings(String deviceJid, boolean muted) {
        faults.mutePings(companion(deviceJid).jid(), muted);
    }

    /** Answers a companion's keepalive pings only after {@code delay} ({@code 0} ends the fault). */
    public void slowPings(String deviceJid, Duration delay) {
        faults.slowPings(companion(deviceJid).jid(), delay);
    }

    /**
     * The phone {@code phone} registers again with a new identity (the {@code identity_change} fault): its keys,
     * sessions and sender keys are new or gone, and the companions of other accounts that know it are told by an
     * {@code encrypt} notification with {@code <identity>}.
     */
    public void identityChange(String phone) {
        Account account = account(phone);
        directory.reRegister(account);
        deviceLists.identityChanged(account);
    }

    /**
     * Refuses every login of a companion with {@code <failure reason="N">} until {@code reason} 0 ends the fault, as
     * WhatsApp refuses a banned, locked or unknown device; {@code banCode} and {@code expireSeconds} go with 402.
     */
    public void refuseLogins(String deviceJid, int reason, String message, int banCode, long expireSeconds) {
        if (reason != 0 && (reason < 400 || reason > 599)) {
            throw new SandboxException(400, "reason must be a failure code from 400 to 599, or 0 to end the fault");
        }
        faults.refuseLogins(companion(deviceJid).jid(), reason == 0 ? Optional.empty()
                : Optional.of(new FaultInjector.LoginRefusal(reason, message == null ? "" : message, banCode,
                Math.max(0, expireSeconds))));
    }

    /** The companions' "is on WhatsApp" queries: what each asked, and faults on their answers. */
    public ContactQueries contactQueries() {
        return faults.contactQueries();
    }

    /** How many keepalive pings a companion sent (answered or not, muted ones excepted). */
    public int pingsReceived(String deviceJid) {
        return faults.pings(companion(deviceJid).jid());
    }

    /** While on, a companion's acks and receipts are lost: what it received stays queued for its next login. */
    public void ignoreAcks(String deviceJid, boolean ignored) {
        faults.ignoreAcks(companion(deviceJid).jid(), ignored);
    }

    /** The next {@code count} messages of other accounts reach a companion as {@code <unavailable>} placeholders. */
    public void placeholders(String deviceJid, int count) {
        faults.placeholders(companion(deviceJid).jid(), count);
    }

    /**
     * The {@code keys_unavailable} fault: the server has no keys to hand out for {@code deviceJid} (a companion, or a
     * phone as {@code <phone>@s.whatsapp.net}). Its one-time pre-keys are gone and a pre-key fetch naming it is
     * answered, for that device alone, with {@code <error code="404" text="item-not-found">} as WhatsApp answers a
     * device whose keys it cannot serve (whatsmeow {@code nodeToPreKeyBundle}); the rest of the fetch is answered
     * as usual. A companion is told its count is 0 (the low-count notification, queued while it is offline) and
     * ends the fault by uploading pre-keys; {@code unavailable=false} ends it for any device (a phone's upload).
     *
     * @throws SandboxException 400 for a malformed JID, 404 for a device the server does not know
     */
    public void keysUnavailable(String deviceJid, boolean unavailable) {
        Jid jid = Jid.tryParse(deviceJid == null ? "" : deviceJid)
                .orElseThrow(() -> new SandboxException(400, "invalid device JID: " + deviceJid));
        PublishedKeys keys = router.publishedKeys(jid)
                .orElseThrow(() -> new SandboxException(404, "unknown device " + jid));
        if (!unavailable) {
            keys.release();
            return;
        }
        keys.withhold();
        directory.companion(jid).ifPresent(companion -> router.notifyPreKeyCount(companion.jid(), 0));
    }

    /** Whether the server withholds the keys of {@code deviceJid} ({@link #keysUnavailable}). */
    public boolean keysWithheld(String deviceJid) {
        Jid jid = Jid.tryParse(deviceJid == null ? "" : deviceJid)
                .orElseThrow(() -> new SandboxException(400, "invalid device JID: " + deviceJid));
        return router.publishedKeys(jid).map(PublishedKeys::withheld)
                .orElseThrow(() -> new SandboxException(404, "unknown device " + jid));
    }

    /** Drops the next {@code count} acks to a companion's messages. */
    public void dropAcks(String deviceJid, int count) {
        faults.dropAcks(companion(deviceJid).jid(), count);
    }

    private CompanionDevice companion(String deviceJid) {
        Jid jid = Jid.tryParse(deviceJid == null ? "" : deviceJid)
                .orElseThrow(() -> new SandboxException(400, "invalid device JID: " + deviceJid));
        return directory.companion(jid).orElseThrow(() -> new SandboxException(404, "unknown device " + jid));
    }

    private Account account(String phone) {
        return directory.account(validPhone(phone))
                .orElseThrow(() -> new SandboxException(404, "unknown phone " + phone));
    }

    private static String validPhone(String phone) {
        if (phone == null || !phone.matches("[1-9][0-9]{5,14}")) {
            throw new SandboxException(400, "phone must be 6 to 15 digits without a leading 0: " + phone);
        }
        return phone;
    }
}
