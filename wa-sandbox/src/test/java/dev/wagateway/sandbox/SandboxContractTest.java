package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.pairing.PairingQr;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentity;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox as a companion meets it, step by step with raw stanzas: QR pairing with a verifiable signed identity,
 * the 515 restart, login, pre-keys, bundles, messages both ways with a phone, the offline queue, refusals.
 */
class SandboxContractTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";

    private final SecureRandom random = SecureRandoms.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer sandbox;

    /** A companion's long-lived keys, as its store would keep them. */
    private final KeyPair noiseKey = Curve25519.generateKeyPair(random);
    private final SignalKeyGenerator generator = new SignalKeyGenerator(random);
    private final IdentityKeyPair identity = generator.identityKeyPair();
    private final int registrationId = generator.registrationId();
    private final SignedPreKey signedPreKey = generator.signedPreKey(identity, 1, System.currentTimeMillis());
    private final byte[] advSecret = new byte[32];
    private SignalStores stores;
    private SessionCipher sessions;
    private SessionBuilder sessionBuilder;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(SandboxSettings.loopback(Curve25519.generateKeyPair(random)));
        sandbox.control().createPhone(ALICE, "Alice");
        sandbox.control().createPhone(BOB, "Bob");
        random.nextBytes(advSecret);
        stores = SignalStores.inMemory(identity, registrationId);
        stores.signedPreKeys().storeSignedPreKey(signedPreKey);
        SignalLocks locks = new SignalLocks();
        sessions = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);
        sessionBuilder = new SessionBuilder(stores, locks, random, IdentityChangeListener.IGNORE);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aCompanionPairsByQrLogsInAndExchangesTextsWithAPhone() throws Exception {
        Jid device = pairWithAlice();

        try (RawCompanion companion = login(device)) {
            uploadPreKeys(companion, 1, 20);
            companion.send(Node.builder("iq").attribute("id", "c1").attribute("xmlns", "encrypt")
                    .attribute("type", "get").attribute("to", "s.whatsapp.net").children(Node.of("count")).build());
            assertThat(companion.next("iq").child("count").flatMap(n -> n.attribute("value"))).contains("20");

            // Bob's phone writes to Alice: the companion gets a pkmsg it can decrypt with its own keys.
            sandbox.control().phoneSendText(BOB, ALICE, "hello companion");
            Node incoming = companion.next("message");
            assertThat(incoming.attribute("from")).contains(BOB + "@s.whatsapp.net");
            assertThat(decryptText(incoming)).isEqualTo("hello companion");
            companion.send(Node.builder("ack").attribute("class", "message").attribute("id", incoming.attribute("id", ""))
                    .attribute("to", incoming.attribute("from", "")).build());

            // The companion answers Bob: bundle, session, encryption, fan-out, server ack, phone decrypts.
            String id = sendText(companion, Jid.user(BOB), "hello phone");
            Node ack = companion.next("ack");
            assertThat(ack.attribute("id")).contains(id);
            assertThat(ack.attribute("class")).contains("message");
            assertThat(awaitPhoneText(BOB, "hello phone")).isTrue();
        }
    }

    @Test
    void messagesForAnOfflineDeviceWaitInItsQueueUntilAcknowledged() throws Exception {
        Jid device = pairWithAlice();
        try (RawCompanion companion = login(device)) {
            uploadPreKeys(companion, 1, 5);
        }
        awaitOffline(device);
        sandbox.control().phoneSendText(BOB, ALICE, "while you were away");
        assertThat(sandbox.control().devices(ALICE).get(0).queued()).isEqualTo(1);

        String id;
        try (RawCompanion companion = login(device)) {
            Node queued = companion.next("message");
            id = queued.attribute("id", "");
            assertThat(decryptText(queued)).isEqualTo("while you were away");
            // no ack this time: it must come again
        }
        awaitOffline(device);
        try (RawCompanion companion = login(device)) {
            Node again = companion.next("message");
            assertThat(again.attribute("id")).contains(id);
            companion.send(Node.builder("ack").attribute("class", "message").attribute("id", id)
                    .attribute("to", again.attribute("from", "")).build());
            Thread.sleep(200);
            assertThat(sandbox.control().devices(ALICE).get(0).queued()).isZero();
        }
    }

    @Test
    void aLoginWithAnotherNoiseKeyIsRefused() throws Exception {
        Jid device = pairWithAlice();
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
        Jid device = pairWithAlice();
        try (RawCompanion first = login(device); RawCompanion second = login(device)) {
            Node error = first.next("stream:error");
            assertThat(error.child("conflict").flatMap(c -> c.attribute("type"))).contains("replaced");
            second.send(Node.builder("iq").attribute("id", "p").attribute("xmlns", "w:p").attribute("type", "get")
                    .attribute("to", "s.whatsapp.net").build());
            assertThat(second.next("iq").attribute("type")).contains("result");
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
    }

    /** Registration → refs → the phone scans → pair-success verified → pair-device-sign → 515. */
    private Jid pairWithAlice() throws Exception {
        ClientPayload registration = ClientPayload.newBuilder().setPassive(false)
                .setDevicePairingData(ClientPayload.DevicePairingRegistrationData.newBuilder()
                        .setERegid(ByteString.copyFrom(u32(registrationId)))
                        .setEKeytype(ByteString.copyFrom(new byte[]{5}))
                        .setEIdent(ByteString.copyFrom(identity.publicKey().publicKey()))
                        .setESkeyId(ByteString.copyFrom(new byte[]{0, 0, 1}))
                        .setESkeyVal(ByteString.copyFrom(signedPreKey.keyPair().publicKey()))
                        .setESkeySig(ByteString.copyFrom(signedPreKey.signature())))
                .build();
        try (RawCompanion companion = RawCompanion.connect(sandbox, noiseKey, registration, http, random)) {
            Node pairDevice = companion.next("iq");
            List<Node> refs = pairDevice.child("pair-device").orElseThrow().children("ref");
            assertThat(refs).hasSizeGreaterThanOrEqualTo(1);
            companion.send(Node.builder("iq").attribute("to", "s.whatsapp.net").attribute("type", "result")
                    .attribute("id", pairDevice.attribute("id", "")).build());

            String qr = new PairingQr(refs.get(0).text().orElseThrow(), noiseKey.publicKey(),
                    identity.publicKey().publicKey(), advSecret, '1').text();
            sandbox.control().linkQr(ALICE, qr);

            Node pairSuccess = companion.next("iq");
            Node success = pairSuccess.child("pair-success").orElseThrow();
            ADVSignedDeviceIdentityHMAC wrapped = ADVSignedDeviceIdentityHMAC.parseFrom(
                    success.child("device-identity").flatMap(Node::bytes).orElseThrow());
            assertThat(ConstantTime.equals(Hmac.sha256(advSecret, wrapped.getDetails().toByteArray()),
                    wrapped.getHmac().toByteArray())).as("HMAC with our adv secret").isTrue();
            ADVSignedDeviceIdentity account = ADVSignedDeviceIdentity.parseFrom(wrapped.getDetails());
            byte[] accountKey = account.getAccountSignatureKey().toByteArray();
            assertThat(Curve25519.verify(accountKey, concat(new byte[]{6, 0}, account.getDetails().toByteArray(),
                    identity.publicKey().publicKey()), account.getAccountSignature().toByteArray()))
                    .as("account signature").isTrue();
            Jid device = success.child("device").flatMap(d -> d.jidAttribute("jid")).orElseThrow();
            assertThat(device.user()).isEqualTo(ALICE);
            assertThat(device.device()).isPositive();

            byte[] deviceSignature = Curve25519.sign(identity.privateKey(), concat(new byte[]{6, 1},
                    account.getDetails().toByteArray(), identity.publicKey().publicKey(), accountKey), random);
            byte[] reply = account.toBuilder().clearAccountSignatureKey()
                    .setDeviceSignature(ByteString.copyFrom(deviceSignature)).build().toByteArray();
            companion.send(Node.builder("iq").attribute("to", "s.whatsapp.net").attribute("type", "result")
                    .attribute("id", pairSuccess.attribute("id", ""))
                    .children(Node.builder("pair-device-sign").children(Node.builder("device-identity")
                            .attribute("key-index", "1").bytes(reply).build()).build()).build());
            Node restart = companion.next("stream:error");
            assertThat(restart.attribute("code")).contains("515");
            companion.awaitClose();
            assertThat(sandbox.control().devices(ALICE)).extracting(LinkedDeviceInfo::jid).contains(device.toString());
            return device;
        }
    }

    private RawCompanion login(Jid device) throws Exception {
        ClientPayload login = ClientPayload.newBuilder().setUsername(Long.parseLong(device.user()))
                .setDevice(device.device()).setPassive(true).setPull(true).build();
        RawCompanion companion = RawCompanion.connect(sandbox, noiseKey, login, http, random);
        Node success = companion.next();
        assertThat(success.tag()).as("first node after login").isEqualTo("success");
        return companion;
    }

    private void uploadPreKeys(RawCompanion companion, int firstId, int count) throws Exception {
        List<Node> keys = new ArrayList<>();
        for (PreKey preKey : generator.preKeys(firstId, count)) {
            stores.preKeys().storePreKey(preKey);
            keys.add(Node.builder("key").children(Node.builder("id").bytes(u24(preKey.id())).build(),
                    Node.builder("value").bytes(preKey.keyPair().publicKey()).build()).build());
        }
        companion.send(Node.builder("iq").attribute("id", "up" + firstId).attribute("xmlns", "encrypt")
                .attribute("type", "set").attribute("to", "s.whatsapp.net").children(
                        Node.builder("registration").bytes(u32(registrationId)).build(),
                        Node.builder("type").bytes(new byte[]{5}).build(),
                        Node.builder("identity").bytes(identity.publicKey().publicKey()).build(),
                        Node.builder("list").children(keys).build(),
                        Node.builder("skey").children(Node.builder("id").bytes(u24(1)).build(),
                                Node.builder("value").bytes(signedPreKey.keyPair().publicKey()).build(),
                                Node.builder("signature").bytes(signedPreKey.signature()).build()).build())
                .build());
        assertThat(companion.next("iq").attribute("type")).contains("result");
    }

    private String decryptText(Node message) throws Exception {
        Jid from = message.jidAttribute("from").orElseThrow();
        Node enc = message.child("enc").orElseThrow();
        byte[] padded = sessions.decrypt(new SignalAddress(from.signalUser(), from.device()),
                enc.attribute("type", ""), enc.bytes().orElseThrow());
        return Message.parseFrom(WhatsAppPadding.unpad(padded)).getConversation();
    }

    private String sendText(RawCompanion companion, Jid to, String text) throws Exception {
        companion.send(Node.builder("iq").attribute("id", "k1").attribute("xmlns", "encrypt").attribute("type", "get")
                .attribute("to", "s.whatsapp.net")
                .children(Node.builder("key").children(Node.builder("user").attribute("jid", to).build()).build())
                .build());
        Node bundles = companion.next("iq");
        Node user = bundles.child("list").orElseThrow().child("user").orElseThrow();
        SignalAddress address = new SignalAddress(to.signalUser(), 0);
        sessionBuilder.process(address, new dev.wagateway.protocol.signal.keys.PreKeyBundle(
                readInt(user.child("registration").flatMap(Node::bytes).orElseThrow()),
                dev.wagateway.protocol.signal.keys.IdentityKey.decode(Curve25519.withTypePrefix(
                        user.child("identity").flatMap(Node::bytes).orElseThrow())),
                new dev.wagateway.protocol.signal.keys.PreKeyBundle.SignedPreKeyPublic(
                        readInt(user.child("skey").flatMap(s -> s.child("id")).flatMap(Node::bytes).orElseThrow()),
                        user.child("skey").flatMap(s -> s.child("value")).flatMap(Node::bytes).orElseThrow(),
                        user.child("skey").flatMap(s -> s.child("signature")).flatMap(Node::bytes).orElseThrow()),
                user.child("key").map(k -> new dev.wagateway.protocol.signal.keys.PreKeyBundle.PreKeyPublic(
                        readInt(k.child("id").flatMap(Node::bytes).orElseThrow()),
                        k.child("value").flatMap(Node::bytes).orElseThrow()))));
        PairwiseMessage encrypted = sessions.encrypt(address, new WhatsAppPadding(random)
                .pad(Message.newBuilder().setConversation(text).build().toByteArray()));
        String id = "3EB0" + Long.toHexString(random.nextLong()).toUpperCase();
        companion.send(Node.builder("message").attribute("to", to).attribute("id", id).attribute("type", "text")
                .children(Node.builder("participants").children(Node.builder("to").attribute("jid", to)
                        .children(Node.builder("enc").attribute("v", "2").attribute("type", encrypted.encType())
                                .bytes(encrypted.serialized()).build()).build()).build()).build());
        return id;
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

    private void awaitOffline(Jid device) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Optional<LinkedDeviceInfo> info = sandbox.control().devices(device.user()).stream()
                    .filter(d -> d.jid().equals(device.toString())).findFirst();
            if (info.isPresent() && !info.get().online()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(device + " still online");
    }

    private static int readInt(byte[] bytes) {
        int value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xff);
        }
        return value;
    }

    private static byte[] u32(int value) {
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] u24(int value) {
        return new byte[]{(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
