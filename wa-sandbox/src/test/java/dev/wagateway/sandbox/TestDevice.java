package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.ByteArrays;
import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.pairing.LinkCodeCrypto;
import dev.wagateway.protocol.pairing.LinkingCode;
import dev.wagateway.protocol.pairing.PairingQr;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentity;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
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

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A companion's long-lived keys and Signal state for the sandbox tests, with every step spelled out in raw stanzas:
 * QR pairing (checking what the server signs), login, pre-keys, bundles, encryption. No client engine involved.
 */
final class TestDevice {

    private final SandboxEndpoint sandbox;
    private final HttpClient http;
    private final SecureRandom random;
    final KeyPair noiseKey;
    final SignalKeyGenerator generator;
    final IdentityKeyPair identity;
    final int registrationId;
    final SignedPreKey signedPreKey;
    final byte[] advSecret = new byte[32];
    final SignalStores stores;
    final SessionCipher sessions;
    final SessionBuilder sessionBuilder;
    final GroupCipher groupCipher;
    final GroupSessionBuilder groupSessions;
    private int nextPreKeyId = 1;
    Jid jid;

    TestDevice(SandboxServer sandbox, HttpClient http, SecureRandom random) {
        this(SandboxEndpoint.of(sandbox), http, random);
    }

    TestDevice(SandboxEndpoint sandbox, HttpClient http, SecureRandom random) {
        this.sandbox = sandbox;
        this.http = http;
        this.random = random;
        this.noiseKey = Curve25519.generateKeyPair(random);
        this.generator = new SignalKeyGenerator(random);
        this.identity = generator.identityKeyPair();
        this.registrationId = generator.registrationId();
        this.signedPreKey = generator.signedPreKey(identity, 1, System.currentTimeMillis());
        random.nextBytes(advSecret);
        this.stores = SignalStores.inMemory(identity, registrationId);
        stores.signedPreKeys().storeSignedPreKey(signedPreKey);
        SignalLocks locks = new SignalLocks();
        this.sessions = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);
        this.sessionBuilder = new SessionBuilder(stores, locks, random, IdentityChangeListener.IGNORE);
        this.groupCipher = new GroupCipher(stores.senderKeys(), locks, random);
        this.groupSessions = new GroupSessionBuilder(stores.senderKeys(), locks, random);
    }

    /** Registration → refs → the phone scans → pair-success verified → pair-device-sign → 515. */
    Jid pairWith(String phone) throws Exception {
        ClientPayload registration = registrationPayload();
        try (RawCompanion companion = RawCompanion.connect(sandbox, noiseKey, registration, http, random)) {
            Node pairDevice = companion.next("iq");
            List<Node> refs = pairDevice.child("pair-device").orElseThrow().children("ref");
            assertThat(refs).isNotEmpty();
            companion.send(Node.builder("iq").attribute("to", "s.whatsapp.net").attribute("type", "result")
                    .attribute("id", pairDevice.attribute("id", "")).build());

            String qr = new PairingQr(refs.get(0).text().orElseThrow(), noiseKey.publicKey(),
                    identity.publicKey().publicKey(), advSecret, '1').text();
            sandbox.linkQr(phone, qr);
            jid = completePairing(companion, companion.next("iq"), advSecret, phone);
            return jid;
        }
    }

    private ClientPayload registrationPayload() {
        return ClientPayload.newBuilder().setPassive(false)
                .setDevicePairingData(ClientPayload.DevicePairingRegistrationData.newBuilder()
                        .setERegid(ByteString.copyFrom(u32(registrationId)))
                        .setEKeytype(ByteString.copyFrom(new byte[]{5}))
                        .setEIdent(ByteString.copyFrom(identity.publicKey().publicKey()))
                        .setESkeyId(ByteString.copyFrom(u24(1)))
                        .setESkeyVal(ByteString.copyFrom(signedPreKey.keyPair().publicKey()))
                        .setESkeySig(ByteString.copyFrom(signedPreKey.signature())))
                .build();
    }

    /** Pairing by code (protocol §4.4): companion_hello, the phone enters the code, companion_finish. */
    Jid pairByCode(String phone) throws Exception {
        try (RawCompanion companion = RawCompanion.connect(sandbox, noiseKey, registrationPayload(), http, random)) {
            Node pairDevice = companion.next("iq");
            companion.send(Node.builder("iq").attribute("to", "s.whatsapp.net").attribute("type", "result")
                    .attribute("id", pairDevice.attribute("id", "")).build());
            String code = LinkingCode.generate(random);
            KeyPair ephemeral = Curve25519.generateKeyPair(random);
            companion.send(Node.builder("iq").attribute("to", "s.whatsapp.net").attribute("type", "set")
                    .attribute("xmlns", "md").attribute("id", "hello").children(Node.builder("link_code_companion_reg")
                            .attribute("jid", Jid.user(phone)).attribute("stage", "companion_hello")
                            .attribute("should_show_push_notification", "true").children(
                                    Node.builder("link_code_pairing_wrapped_companion_ephemeral_pub")
                                            .bytes(LinkCodeCrypto.wrapEphemeralKey(code, ephemeral.publicKey(), random)).build(),
                                    Node.builder("companion_server_auth_key_pub").bytes(noiseKey.publicKey()).build(),
                                    Node.builder("companion_platform_id").text("1").build(),
                                    Node.builder("companion_platform_display").text("Chrome (Linux)").build(),
                                    Node.builder("link_code_pairing_nonce").text("0").build()).build()).build());
            Node hello = companion.next("iq");
            String ref = hello.child("link_code_companion_reg").flatMap(r -> r.child("link_code_pairing_ref"))
                    .flatMap(Node::text).orElseThrow();

            sandbox.linkCode(phone, LinkingCode.display(code));
            Node primary = companion.next("notification").child("link_code_companion_reg").orElseThrow();
            assertThat(primary.child("link_code_pairing_ref").flatMap(Node::text)).contains(ref);
            byte[] primaryIdentity = primary.child("primary_identity_pub").flatMap(Node::bytes).orElseThrow();
            byte[] primaryEphemeral = LinkCodeCrypto.unwrapEphemeralKey(code,
                    primary.child("link_code_pairing_wrapped_primary_ephemeral_pub").flatMap(Node::bytes).orElseThrow());
            byte[] ephemeralShared = Curve25519.sharedSecret(ephemeral.privateKey(), primaryEphemeral);
            byte[] advRandom = new byte[32];
            byte[] salt = new byte[32];
            byte[] nonce = new byte[12];
            random.nextBytes(advRandom);
            random.nextBytes(salt);
            random.nextBytes(nonce);
            byte[] bundle = LinkCodeCrypto.wrapKeyBundle(ephemeralShared, identity.publicKey().publicKey(),
                    primaryIdentity, advRandom, salt, nonce);
            byte[] derivedAdvSecret = LinkCodeCrypto.advSecret(ephemeralShared,
                    Curve25519.sharedSecret(identity.privateKey(), primaryIdentity), advRandom);
            companion.send(Node.builder("iq").attribute("to", "s.whatsapp.net").attribute("type", "set")
                    .attribute("xmlns", "md").attribute("id", "finish").children(Node.builder("link_code_companion_reg")
                            .attribute("jid", Jid.user(phone)).attribute("stage", "companion_finish").children(
                                    Node.builder("link_code_pairing_wrapped_key_bundle").bytes(bundle).build(),
                                    Node.builder("companion_identity_public").bytes(identity.publicKey().publicKey()).build(),
                                    Node.builder("link_code_pairing_ref").text(ref).build()).build()).build());
            assertThat(companion.next("iq").attribute("type")).contains("result");
            jid = completePairing(companion, companion.next("iq"), derivedAdvSecret, phone);
            return jid;
        }
    }

    /** Checks {@code pair-success} (HMAC with {@code secret}, account signature), signs, expects the 515. */
    private Jid completePairing(RawCompanion companion, Node pairSuccess, byte[] secret, String phone) throws Exception {
        Node success = pairSuccess.child("pair-success").orElseThrow();
        ADVSignedDeviceIdentityHMAC wrapped = ADVSignedDeviceIdentityHMAC.parseFrom(
                success.child("device-identity").flatMap(Node::bytes).orElseThrow());
        assertThat(ConstantTime.equals(Hmac.sha256(secret, wrapped.getDetails().toByteArray()),
                wrapped.getHmac().toByteArray())).as("HMAC with our adv secret").isTrue();
        ADVSignedDeviceIdentity account = ADVSignedDeviceIdentity.parseFrom(wrapped.getDetails());
        byte[] accountKey = account.getAccountSignatureKey().toByteArray();
        assertThat(Curve25519.verify(accountKey, ByteArrays.concat(new byte[]{6, 0}, account.getDetails().toByteArray(),
                identity.publicKey().publicKey()), account.getAccountSignature().toByteArray()))
                .as("account signature").isTrue();
        Jid device = success.child("device").flatMap(d -> d.jidAttribute("jid")).orElseThrow();
        assertThat(device.user()).isEqualTo(phone);
        assertThat(device.device()).isPositive();

        byte[] deviceSignature = Curve25519.sign(identity.privateKey(), ByteArrays.concat(new byte[]{6, 1},
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
        return device;
    }

    /** Logs in and expects {@code <success>} first. */
    RawCompanion login() throws Exception {
        return login(http);
    }

    /** Logs in over {@code client}'s connection (one the test may shut down to make the device vanish). */
    RawCompanion login(HttpClient client) throws Exception {
        ClientPayload login = ClientPayload.newBuilder().setUsername(Long.parseLong(jid.user()))
                .setDevice(jid.device()).setPassive(true).setPull(true).build();
        RawCompanion companion = RawCompanion.connect(sandbox, noiseKey, login, client, random);
        Node success = companion.next();
        assertThat(success.tag()).as("first node after login").isEqualTo("success");
        return companion;
    }

    void uploadPreKeys(RawCompanion companion, int count) throws Exception {
        List<Node> keys = new ArrayList<>();
        for (PreKey preKey : generator.preKeys(nextPreKeyId, count)) {
            stores.preKeys().storePreKey(preKey);
            keys.add(Node.builder("key").children(Node.builder("id").bytes(u24(preKey.id())).build(),
                    Node.builder("value").bytes(preKey.keyPair().publicKey()).build()).build());
        }
        nextPreKeyId += count;
        companion.send(Node.builder("iq").attribute("id", "up" + nextPreKeyId).attribute("xmlns", "encrypt")
                .attribute("type", "set").attribute("to", "s.whatsapp.net").children(
                        Node.builder("registration").bytes(u32(registrationId)).build(),
                        Node.builder("type").bytes(new byte[]{5}).build(),
                        Node.builder("identity").bytes(identity.publicKey().publicKey()).build(),
                        Node.builder("list").children(keys).build(),
                        Node.builder("skey").children(Node.builder("id").bytes(u24(1)).build(),
                                Node.builder("value").bytes(signedPreKey.keyPair().publicKey()).build(),
                                Node.builder("signature").bytes(signedPreKey.signature()).build()).build())
                .build());
        // the IQ's result, and (first time) the phone's key share, which may come before or after it
        boolean resultSeen = false;
        for (int i = 0; i < 50 && !(resultSeen && keyShareTaken); i++) {
            Node node = companion.next();
            if (node.tag().equals("iq")) {
                assertThat(node.attribute("type")).contains("result");
                resultSeen = true;
            } else if (node.tag().equals("message") && !keyShareTaken) {
                takeKeyShare(companion, node);
            }
        }
        assertThat(resultSeen && keyShareTaken).as("the upload's result and the phone's key share").isTrue();
    }

    /** Whether this device got its phone's app-state key share already (it comes once, after the first upload). */
    private boolean keyShareTaken;

    /**
     * The phone's app-state key share, which it sends a new companion once its pre-keys are published (protocol
     * §10.2, as WhatsApp's phones do; it takes one of those pre-keys): decrypted, checked and acknowledged, so the
     * tests' next messages are the ones they expect.
     */
    private void takeKeyShare(RawCompanion companion, Node message) throws Exception {
        Message content = decrypt(message);
        Message.ProtocolMessage protocol = content.hasDeviceSentMessage()
                ? content.getDeviceSentMessage().getMessage().getProtocolMessage() : content.getProtocolMessage();
        assertThat(protocol.getType()).isEqualTo(Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE);
        companion.send(Node.builder("ack").attribute("class", "message").attribute("id", message.attribute("id", ""))
                .attribute("to", message.attribute("from", "")).build());
        keyShareTaken = true;
    }

    /** Fetches the bundle of {@code device} and starts a session with it. */
    void startSession(RawCompanion companion, Jid device) throws Exception {
        companion.send(Node.builder("iq").attribute("id", "k" + random.nextInt(1_000_000)).attribute("xmlns", "encrypt")
                .attribute("type", "get").attribute("to", "s.whatsapp.net")
                .children(Node.builder("key").children(Node.builder("user").attribute("jid", device).build()).build())
                .build());
        Node user = companion.next("iq").child("list").orElseThrow().child("user").orElseThrow();
        sessionBuilder.process(new SignalAddress(device.signalUser(), device.device()), new PreKeyBundle(
                readInt(user.child("registration").flatMap(Node::bytes).orElseThrow()),
                IdentityKey.decode(Curve25519.withTypePrefix(user.child("identity").flatMap(Node::bytes).orElseThrow())),
                new PreKeyBundle.SignedPreKeyPublic(
                        readInt(user.child("skey").flatMap(s -> s.child("id")).flatMap(Node::bytes).orElseThrow()),
                        user.child("skey").flatMap(s -> s.child("value")).flatMap(Node::bytes).orElseThrow(),
                        user.child("skey").flatMap(s -> s.child("signature")).flatMap(Node::bytes).orElseThrow()),
                user.child("key").map(k -> new PreKeyBundle.PreKeyPublic(
                        readInt(k.child("id").flatMap(Node::bytes).orElseThrow()),
                        k.child("value").flatMap(Node::bytes).orElseThrow()))));
    }

    /** A pairwise {@code <enc>} of {@code message} for {@code device} (a session must exist). */
    Node encFor(Jid device, Message message) throws Exception {
        PairwiseMessage encrypted = sessions.encrypt(new SignalAddress(device.signalUser(), device.device()),
                new WhatsAppPadding(random).pad(message.toByteArray()));
        return Node.builder("enc").attribute("v", "2").attribute("type", encrypted.encType())
                .bytes(encrypted.serialized()).build();
    }

    /** The text of a received message: pairwise and sender-key encs, sender key distributions processed first. */
    String decryptText(Node message) throws Exception {
        Jid chat = message.jidAttribute("from").orElseThrow();
        Jid sender = message.jidAttribute("participant").orElse(chat);
        SignalAddress address = new SignalAddress(sender.signalUser(), sender.device());
        String text = "";
        for (Node enc : message.children("enc")) {
            String type = enc.attribute("type", "");
            byte[] padded = type.equals("skmsg")
                    ? groupCipher.decrypt(new SenderKeyName(chat.toString(), address), enc.bytes().orElseThrow())
                    : sessions.decrypt(address, type, enc.bytes().orElseThrow());
            Message content = Message.parseFrom(WhatsAppPadding.unpad(padded));
            if (content.hasSenderKeyDistributionMessage()) {
                groupSessions.process(new SenderKeyName(content.getSenderKeyDistributionMessage().getGroupId(), address),
                        SenderKeyDistributionMessage.parse(content.getSenderKeyDistributionMessage()
                                .getAxolotlSenderKeyDistributionMessage().toByteArray()));
            }
            if (content.hasConversation()) {
                text = content.getConversation();
            }
        }
        return text;
    }

    /** The content of a received pairwise message (the last {@code enc} that carries content). */
    Message decrypt(Node message) throws Exception {
        Jid sender = message.jidAttribute("participant").orElse(message.jidAttribute("from").orElseThrow());
        SignalAddress address = new SignalAddress(sender.signalUser(), sender.device());
        Message content = Message.getDefaultInstance();
        for (Node enc : message.children("enc")) {
            content = Message.parseFrom(WhatsAppPadding.unpad(sessions.decrypt(address, enc.attribute("type", ""),
                    enc.bytes().orElseThrow())));
        }
        return content;
    }

    String newMessageId() {
        return "3EB0" + Long.toHexString(random.nextLong()).toUpperCase(Locale.ROOT);
    }

    static int readInt(byte[] bytes) {
        int value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xff);
        }
        return value;
    }

    static byte[] u32(int value) {
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] u24(int value) {
        return new byte[]{(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

}
