package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.pairing.PairingQr;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox as a companion meets it, step by step with raw stanzas: QR pairing with a verifiable signed identity,
 * the 515 restart, login, pre-keys, bundles, messages both ways with a phone, the offline queue, faults, refusals.
 */
class SandboxContractTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";

    @RegisterExtension
    final LoopbackSandbox world = new LoopbackSandbox().phone(ALICE, "Alice").phone(BOB, "Bob");

    // the running test's, from the fixture: this class's many stanza-level steps name them often
    private SecureRandom random;
    private HttpClient http;
    private SandboxServer sandbox;
    private TestDevice alice;

    @BeforeEach
    void start() {
        random = world.random();
        http = world.http();
        sandbox = world.sandbox();
        alice = world.device();
    }

    @Test
    @ExpectsRefusals({463})
    void aCompanionPairsByQrLogsInAndExchangesTextsWithAPhone() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            alice.uploadPreKeys(companion, 20);
            companion.send(Node.builder("iq").attribute("id", "c1").attribute("xmlns", "encrypt")
                    .attribute("type", "get").attribute("to", "s.whatsapp.net").children(Node.of("count")).build());
            // 20 uploaded, one taken by the phone for its app-state key share
            assertThat(companion.next("iq").child("count").flatMap(n -> n.attribute("value"))).contains("19");

            // Bob's phone writes to Alice: the companion gets a pkmsg it can decrypt with its own keys.
            sandbox.control().phoneSendText(BOB, ALICE, "hello companion");
            // first the phone's trusted-contact token for Alice's account, then the message
            Node token = companion.next("notification");
            assertThat(token.attribute("type")).contains("privacy_token");
            assertThat(token.attribute("from")).contains(BOB + "@s.whatsapp.net");
            byte[] tokenBytes = token.child("tokens").flatMap(t -> t.child("token")).flatMap(Node::bytes).orElseThrow();
            ack(companion, token);
            Node incoming = companion.next("message");
            // WhatsApp delivers a phone's message from its LID, the number beside it (whatsmeow parseMessageSource)
            assertThat(incoming.attribute("from")).contains(sandbox.control().phoneLid(BOB));
            assertThat(incoming.attribute("sender_pn")).contains(BOB + "@s.whatsapp.net");
            assertThat(alice.decryptText(incoming)).isEqualTo("hello companion");
            ack(companion, incoming);

            // Without the token Bob's phone issued, WhatsApp refuses the answer (463).
            String refused = sendText(companion, Jid.user(BOB), "no token", Optional.empty());
            Node refusal = companion.next("ack");
            assertThat(refusal.attribute("id")).contains(refused);
            assertThat(refusal.attribute("error")).contains("463");

            // The companion answers Bob: bundle, session, encryption, fan-out, server ack, phone decrypts.
            String id = sendText(companion, Jid.user(BOB), "hello phone", Optional.of(tokenBytes));
            Node ack = companion.next("ack");
            assertThat(ack.attribute("id")).contains(id);
            assertThat(ack.attribute("class")).contains("message");
            assertThat(awaitPhoneText(BOB, "hello phone")).isTrue();
        }
    }

    /**
     * The phone's first message and our send cross on the wire: until the companion acknowledges the token's
     * notification it could not have presented it, so a send without it passes; once acknowledged, the token is
     * required. A companion linked after the token was issued never had one in flight, and is refused at once (the
     * test above).
     */
    @Test
    @ExpectsRefusals({463})
    void aSendCrossingTheTokenPassesUntilTheTokenIsAcknowledged() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            alice.uploadPreKeys(companion, 20);
            sandbox.control().phoneSendText(BOB, ALICE, "first contact");
            Node token = companion.next("notification");
            assertThat(token.attribute("type")).contains("privacy_token");

            String crossing = sendText(companion, Jid.user(BOB), "crossing the token");
            Node accepted = companion.next("ack");
            assertThat(accepted.attribute("id")).contains(crossing);
            assertThat(accepted.attribute("error")).isEmpty();
            assertThat(awaitPhoneText(BOB, "crossing the token")).isTrue();

            companion.send(Node.builder("ack").attribute("class", "notification")
                    .attribute("id", token.attribute("id", "")).attribute("to", token.attribute("from", ""))
                    .attribute("type", "privacy_token").build());
            String late = sendText(companion, Jid.user(BOB), "token known, not sent");
            Node refused = companion.next("ack");
            assertThat(refused.attribute("id")).contains(late);
            assertThat(refused.attribute("error")).contains("463");
        }
        assertThat(sandbox.stats().get("refusals")).isEqualTo(java.util.Map.of("463", 1L));
    }

    @Test
    @ExpectsRefusals({479})
    void aStanzaMixingPhoneNumberAndLidAddressingIsRefusedWith479() throws Exception {
        Jid device = alice.pairWith(ALICE);
        Jid bobLid = Jid.parse(sandbox.control().phoneLid(BOB));
        try (RawCompanion companion = alice.login()) {
            // to Bob's LID, but his device named by number: the mix whatsmeow and Baileys never send
            String mixed = sendTo(companion, bobLid, List.of(Jid.user(BOB)), "mixed");
            Node refusal = companion.next("ack");
            assertThat(refusal.attribute("id")).contains(mixed);
            assertThat(refusal.attribute("error")).contains("479");
            // a copy addressed to the sending device itself is not refused (Baileys sends one in LID groups), only
            // never delivered back to it
            String self = sendTo(companion, Jid.user(BOB), List.of(Jid.user(BOB), device), "to myself");
            Node again = companion.next("ack");
            assertThat(again.attribute("id")).contains(self);
            assertThat(again.attribute("error")).isEmpty();
            // the same text by LID throughout passes
            String clean = sendTo(companion, bobLid, List.of(bobLid), "by LID");
            Node accepted = companion.next("ack");
            assertThat(accepted.attribute("id")).contains(clean);
            assertThat(accepted.attribute("error")).isEmpty();
            assertThat(awaitPhoneText(BOB, "by LID")).isTrue();
        }
        assertThat(sandbox.stats().get("refusals")).isEqualTo(java.util.Map.of("479", 1L));
        assertThat(sandbox.control().phoneMessages(BOB)).noneMatch(m -> m.text().equals("mixed"));
    }

    @Test
    void aCompanionPairsByCodeAndLogsIn() throws Exception {
        Jid device = alice.pairByCode(ALICE);
        assertThat(device.user()).isEqualTo(ALICE);
        try (RawCompanion companion = alice.login()) {
            alice.uploadPreKeys(companion, 3);
            sandbox.control().phoneSendText(BOB, ALICE, "linked by code");
            assertThat(alice.decryptText(companion.next("message"))).isEqualTo("linked by code");
        }
        assertThatThrownBy(() -> sandbox.control().linkCode(BOB, "ABCD-EFGH"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> sandbox.control().linkCode(BOB, "0000"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void messagesForAnOfflineDeviceWaitInItsQueueUntilAcknowledged() throws Exception {
        Jid device = alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            alice.uploadPreKeys(companion, 10); // enough that one bundle taken leaves no low-count notification queued
        }
        awaitOnline(device, false);
        sandbox.control().phoneSendText(BOB, ALICE, "while you were away");
        // the message and Bob's privacy token for Alice's account
        assertThat(sandbox.control().devices(ALICE).get(0).queued()).isEqualTo(2);

        String id;
        try (RawCompanion companion = alice.login()) {
            Node queued = companion.next("message");
            id = queued.attribute("id", "");
            assertThat(alice.decryptText(queued)).isEqualTo("while you were away");
            // no ack this time: it must come again
        }
        awaitOnline(device, false);
        try (RawCompanion companion = alice.login()) {
            ack(companion, companion.next("notification")); // the token, redelivered too until acknowledged
            Node again = companion.next("message");
            assertThat(again.attribute("id")).contains(id);
            ack(companion, again);
            Thread.sleep(200);
            assertThat(sandbox.control().devices(ALICE).get(0).queued()).isZero();
        }
    }

    @Test
    void aLoginWithAnotherNoiseKeyIsRefused() throws Exception {
        Jid device = alice.pairWith(ALICE);
        ClientPayload login = ClientPayload.newBuilder().setUsername(Long.parseLong(ALICE)).setDevice(device.device())
                .setPassive(true).build();
        try (RawCompanion impostor = RawCompanion.connect(sandbox, Curve25519.generateKeyPair(random), login, http, random)) {
            Node failure = impostor.next();
            assertThat(failure.tag()).isEqualTo("failure");
            assertThat(failure.attribute("reason")).contains("401");
        }
    }

    @Test
    void aSecondConnectionReplacesTheFirst() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion first = alice.login(); RawCompanion second = alice.login()) {
            Node error = first.next("stream:error");
            assertThat(error.child("conflict").flatMap(c -> c.attribute("type"))).contains("replaced");
            second.send(Node.builder("iq").attribute("id", "p").attribute("xmlns", "w:p").attribute("type", "get")
                    .attribute("to", "s.whatsapp.net").build());
            assertThat(second.next("iq").attribute("type")).contains("result");
        }
    }

    @Test
    void faultsReachTheCompanionAsTheRealServerWouldSendThem() throws Exception {
        Jid device = alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            sandbox.control().streamError(device.toString(), "515");
            assertThat(companion.next("stream:error").attribute("code")).contains("515");
            companion.awaitClose();
        }
        try (RawCompanion companion = alice.login()) {
            sandbox.control().dropConnection(device.toString());
            companion.awaitClose();
        }
        try (RawCompanion companion = alice.login()) {
            alice.uploadPreKeys(companion, 2);
            sandbox.control().dropAcks(device.toString(), 1);
            String dropped = sendText(companion, Jid.user(BOB), "ack dropped");
            sandbox.control().delayAcks(device.toString(), Duration.ofMillis(300));
            String delayed = sendText(companion, Jid.user(BOB), "ack delayed");
            Node ack = companion.next("ack");
            assertThat(ack.attribute("id")).contains(delayed).isNotEqualTo(Optional.of(dropped));
            sandbox.control().streamError(device.toString(), "401");
            Node removed = companion.next("stream:error");
            assertThat(removed.attribute("code")).contains("401");
            assertThat(removed.child("conflict").flatMap(c -> c.attribute("type"))).contains("device_removed");
        }
        assertThat(sandbox.control().devices(ALICE)).isEmpty();
    }

    @Test
    void garbageFromAClientNeverTakesTheServerDown() throws Exception {
        alice.pairWith(ALICE);
        java.util.Random seeded = new java.util.Random(11);
        try (RawCompanion companion = alice.login()) {
            for (int i = 0; i < 200; i++) {
                // Well-formed nodes with odd content, and raw random bytes sealed as frames.
                Node odd = Node.builder(i % 2 == 0 ? "iq" : "message").attribute("id", "x" + i)
                        .attribute("xmlns", i % 3 == 0 ? "encrypt" : "w:g2").attribute("type", "set")
                        .attribute("to", i % 5 == 0 ? "@g.us" : "nobody@s.whatsapp.net")
                        .children(Node.builder(i % 4 == 0 ? "key" : "create").bytes(new byte[]{(byte) i}).build()).build();
                companion.send(odd);
            }
            companion.send(Node.builder("iq").attribute("id", "alive").attribute("xmlns", "w:p").attribute("type", "get")
                    .attribute("to", "s.whatsapp.net").build());
            boolean answered = false;
            for (int i = 0; i < 400 && !answered; i++) {
                Node next = companion.next();
                answered = next.attribute("id").filter("alive"::equals).isPresent();
            }
            assertThat(answered).as("the server still answers a ping").isTrue();
        }
        // Raw garbage before any handshake: the connection is dropped, the server lives on.
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1 + seeded.nextInt(300)];
            seeded.nextBytes(junk);
            java.net.http.WebSocket socket = http.newWebSocketBuilder()
                    .buildAsync(sandbox.webSocketUrl(), new java.net.http.WebSocket.Listener() { }).join();
            socket.sendBinary(java.nio.ByteBuffer.wrap(junk), true).join();
            socket.abort();
        }
        try (RawCompanion companion = alice.login()) {
            companion.send(Node.builder("iq").attribute("id", "p2").attribute("xmlns", "w:p").attribute("type", "get")
                    .attribute("to", "s.whatsapp.net").build());
            assertThat(companion.next("iq").attribute("type")).contains("result");
        }
    }

    @Test
    void controlRefusesBadInputClearly() {
        SandboxControl control = sandbox.control();
        assertThatThrownBy(() -> control.createPhone("0123", "x")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> control.createPhone(ALICE, "again")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> control.linkQr(ALICE, "not a qr")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        String unknownRef = new PairingQr("2@gone", new byte[32], new byte[32], new byte[32], '1').text();
        assertThatThrownBy(() -> control.linkQr(ALICE, unknownRef)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.status()).isEqualTo(410));
        assertThatThrownBy(() -> control.phoneMessages("15559999999")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> control.phoneSendText(ALICE, "not a jid@", "x"))
                .isInstanceOf(SandboxException.class);
        assertThatThrownBy(() -> control.streamError("15550001111:9@s.whatsapp.net", "515"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    private String sendText(RawCompanion companion, Jid to, String text) throws Exception {
        return sendText(companion, to, text, Optional.empty());
    }

    private String sendText(RawCompanion companion, Jid to, String text, Optional<byte[]> token) throws Exception {
        alice.startSession(companion, to);
        String id = alice.newMessageId();
        List<Node> children = new ArrayList<>();
        children.add(Node.builder("participants").children(Node.builder("to").attribute("jid", to)
                .children(alice.encFor(to, Message.newBuilder().setConversation(text).build())).build()).build());
        token.ifPresent(bytes -> children.add(Node.builder("tctoken").bytes(bytes).build()));
        companion.send(Node.builder("message").attribute("to", to).attribute("id", id).attribute("type", "text")
                .children(children).build());
        return id;
    }

    /** A text to {@code to}, one {@code <to>} per device in {@code devices} (each encrypted for it). */
    private String sendTo(RawCompanion companion, Jid to, List<Jid> devices, String text) throws Exception {
        String id = alice.newMessageId();
        List<Node> targets = new ArrayList<>();
        for (Jid device : devices) {
            alice.startSession(companion, device);
            targets.add(Node.builder("to").attribute("jid", device)
                    .children(alice.encFor(device, Message.newBuilder().setConversation(text).build())).build());
        }
        companion.send(Node.builder("message").attribute("to", to).attribute("id", id).attribute("type", "text")
                .children(Node.builder("participants").children(targets).build()).build());
        return id;
    }

    private static void ack(RawCompanion companion, Node message) throws Exception {
        companion.send(Node.builder("ack").attribute("class", "message").attribute("id", message.attribute("id", ""))
                .attribute("to", message.attribute("from", "")).build());
    }

    private boolean awaitPhoneText(String phone, String text) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (sandbox.control().phoneMessages(phone).stream().anyMatch(m -> m.text().equals(text))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void awaitOnline(Jid device, boolean online) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Optional<LinkedDeviceInfo> info = sandbox.control().devices(device.user()).stream()
                    .filter(d -> d.jid().equals(device.toString())).findFirst();
            if (info.isPresent() && info.get().online() == online) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(device + " online is not " + online);
    }
}
