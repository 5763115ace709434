package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.signal.SignalProtocolException;

import java.time.Duration;
import java.util.List;

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

    SandboxControl(Directory directory, PairingCoordinator pairing, MessageRouter router, FaultInjector faults,
                   DeviceListNotifier deviceLists) {
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

    /** The phone sends any content (text, file, location, contact) to a user; returns the message id. */
    public String phoneSend(String phone, String to, PhoneContent content) {
        Jid target = Jid.tryParse(to == null ? "" : to.contains("@") ? to : to + "@" + Jid.USER_SERVER)
                .filter(Jid::isUser)
                .orElseThrow(() -> new SandboxException(400, "to must be a user JID or phone number: " + to));
        if (directory.account(target).isEmpty()) {
            throw new SandboxException(404, "unknown recipient " + target);
        }
        SimulatedPhone sender = account(phone).phone();
        try {
            return sender.send(target, PhoneContentMessages.toMessage(content, router.media()), router);
        } catch (SignalProtocolException e) {
            throw new SandboxException(500, "phone could not encrypt: " + e.getMessage());
        }
    }

    /** The decrypted bytes of the media the phone received in message {@code id}; 404 when there are none. */
    public byte[] phoneMedia(String phone, String id) {
        return account(phone).phone().receivedMedia(id)
                .orElseThrow(() -> new SandboxException(404, "phone " + phone + " has no media for message " + id));
    }

    /**
     * Fault: the media host serves every file with one byte flipped (so every download fails its MAC check), until
     * called with {@code false}.
     */
    public void corruptMediaDownloads(boolean on) {
        router.media().corruptDownloads(on);
    }

    /** What the phone received and decrypted, oldest first. */
    public List<ReceivedMessage> phoneMessages(String phone) {
        return account(phone).phone().inbox();
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

    /** Linked companions with a live connection. */
    public long onlineDeviceCount() {
        return directory.accounts().stream().flatMap(account -> account.companions().stream())
                .filter(CompanionDevice::isOnline).count();
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

    /** While on, a companion's acks and receipts are lost: what it received stays queued for its next login. */
    public void ignoreAcks(String deviceJid, boolean ignored) {
        faults.ignoreAcks(companion(deviceJid).jid(), ignored);
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
