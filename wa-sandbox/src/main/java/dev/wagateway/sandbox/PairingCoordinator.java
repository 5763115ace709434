package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.ByteArrays;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.pairing.LinkCodeCrypto;
import dev.wagateway.protocol.pairing.LinkingCode;
import dev.wagateway.protocol.pairing.PairingQr;
import dev.wagateway.protocol.proto.ADVDeviceIdentity;
import dev.wagateway.protocol.proto.ADVEncryptionType;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentity;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.protocol.proto.ClientPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linking companions to simulated phones (protocol §4): the refs of a registering connection, the phone scanning a
 * QR or entering a code, the signed device identity in {@code pair-success}, and the companion's
 * {@code pair-device-sign} answer that completes the link.
 */
final class PairingCoordinator {

    private static final Logger log = LoggerFactory.getLogger(PairingCoordinator.class);
    private static final int REF_COUNT = 6;
    private static final byte[] ACCOUNT_SIGNATURE_PREFIX = {6, 0};
    private static final byte[] DEVICE_SIGNATURE_PREFIX = {6, 1};

    private final ConcurrentHashMap<String, PendingCompanion> byRef = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ChatConnection, PendingCompanion> byConnection = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final IdGenerator ids;
    private final DeviceListNotifier deviceLists;

    PairingCoordinator(SecureRandom random, IdGenerator ids, DeviceListNotifier deviceLists) {
        this.random = random;
        this.ids = ids;
        this.deviceLists = deviceLists;
    }

    /** A registration handshake: remember the companion's keys and send it refs to show as QR codes. */
    void register(ChatConnection connection, ClientPayload.DevicePairingRegistrationData data, byte[] noiseKey) {
        int registrationId = Stanzas.readInt(data.getERegid().toByteArray());
        PublishedKeys.SignedPreKey signedPreKey = new PublishedKeys.SignedPreKey(
                Stanzas.readInt(data.getESkeyId().toByteArray()), data.getESkeyVal().toByteArray(),
                data.getESkeySig().toByteArray());
        List<String> refs = new ArrayList<>();
        List<Node> refNodes = new ArrayList<>();
        for (int i = 0; i < REF_COUNT; i++) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            String ref = "2@" + Base64.getEncoder().encodeToString(bytes);
            refs.add(ref);
            refNodes.add(Node.builder("ref").text(ref).build());
        }
        PendingCompanion pending = new PendingCompanion(connection, noiseKey, data.getEIdent().toByteArray(),
                registrationId, signedPreKey, refs);
        refs.forEach(ref -> byRef.put(ref, pending));
        byConnection.put(connection, pending);
        connection.owner(pending);
        connection.send(Node.builder("iq").attribute("from", Stanzas.SERVER).attribute("type", "set")
                .attribute("id", ids.next())
                .children(Node.builder("pair-device").children(refNodes).build()).build());
    }

    /** The phone of {@code account} scanned {@code qrText}. */
    void linkQr(Account account, String qrText) {
        PairingQr qr;
        try {
            qr = PairingQr.parse(qrText);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(400, "malformed QR: " + e.getMessage());
        }
        PendingCompanion pending = byRef.get(qr.ref());
        if (pending == null || pending.connection.isClosed()) {
            throw new SandboxException(410, "QR ref is unknown or expired: the companion is no longer waiting");
        }
        if (!ConstantTime.equals(pending.noiseKey, qr.noisePublic())
                || !ConstantTime.equals(pending.identityKey, qr.identityPublic())) {
            throw new SandboxException(400, "QR keys do not match the companion that was given this ref");
        }
        sendPairSuccess(account, pending, qr.advSecret());
    }

    /** The companion asked to link by code to {@code phone} (stage companion_hello). */
    void companionHello(ChatConnection connection, Node iq, Node registration) {
        PendingCompanion pending = byConnection.get(connection);
        if (pending == null) {
            connection.send(Stanzas.error(iq, 400, "bad-request"));
            return;
        }
        pending.codePhone = registration.jidAttribute("jid").map(Jid::user).orElse("");
        pending.wrappedCompanionEphemeral = registration.child("link_code_pairing_wrapped_companion_ephemeral_pub")
                .flatMap(Node::bytes).orElse(new byte[0]);
        byte[] refBytes = new byte[16];
        random.nextBytes(refBytes);
        pending.linkCodeRef = Base64.getEncoder().encodeToString(refBytes);
        connection.send(Stanzas.result(iq, Node.builder("link_code_companion_reg")
                .children(Node.builder("link_code_pairing_ref").text(pending.linkCodeRef).build()).build()));
    }

    /** The phone of {@code account} entered {@code code}: answer the waiting companion with our wrapped key. */
    void linkCode(Account account, String typedCode) {
        String code;
        try {
            code = LinkingCode.normalize(typedCode);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(400, "malformed pairing code: " + e.getMessage());
        }
        PendingCompanion pending = byConnection.values().stream()
                .filter(candidate -> account.jid().user().equals(candidate.codePhone) && !candidate.connection.isClosed())
                .findFirst()
                .orElseThrow(() -> new SandboxException(404, "no companion is waiting for a code for this phone"));
        KeyPair primaryEphemeral = Curve25519.generateKeyPair(random);
        pending.primaryEphemeral = primaryEphemeral;
        pending.codeAccount = account;
        pending.code = code;
        try {
            LinkCodeCrypto.unwrapEphemeralKey(code, pending.wrappedCompanionEphemeral);
        } catch (CryptoException e) {
            throw new SandboxException(400, "the companion's wrapped key is malformed");
        }
        byte[] wrappedPrimary = LinkCodeCrypto.wrapEphemeralKey(code, primaryEphemeral.publicKey(), random);
        pending.connection.send(Node.builder("notification").attribute("from", Stanzas.SERVER)
                .attribute("type", "link_code_companion_reg").attribute("id", ids.next())
                .attribute("t", Stanzas.now())
                .children(Node.builder("link_code_companion_reg").attribute("stage", "primary_hello")
                        .children(Node.builder("link_code_pairing_ref").text(pending.linkCodeRef).build(),
                                Node.builder("primary_identity_pub")
                                        .bytes(account.phone().identityKeyPair().publicKey()).build(),
                                Node.builder("link_code_pairing_wrapped_primary_ephemeral_pub")
                                        .bytes(wrappedPrimary).build())
                        .build())
                .build());
    }

    /** Stage companion_finish: open the key bundle, derive the adv secret both sides share, and link. */
    void companionFinish(ChatConnection connection, Node iq, Node registration) {
        PendingCompanion pending = byConnection.get(connection);
        if (pending == null || pending.codeAccount == null) {
            connection.send(Stanzas.error(iq, 400, "bad-request"));
            return;
        }
        try {
            byte[] companionEphemeral = LinkCodeCrypto.unwrapEphemeralKey(pending.code, pending.wrappedCompanionEphemeral);
            byte[] ephemeralShared = Curve25519.sharedSecret(pending.primaryEphemeral.privateKey(), companionEphemeral);
            LinkCodeCrypto.KeyBundle bundle = LinkCodeCrypto.openKeyBundle(ephemeralShared,
                    registration.child("link_code_pairing_wrapped_key_bundle").flatMap(Node::bytes).orElse(new byte[0]));
            KeyPair primaryIdentity = pending.codeAccount.phone().identityKeyPair();
            if (!ConstantTime.equals(bundle.companionIdentity(), pending.identityKey)
                    || !ConstantTime.equals(bundle.primaryIdentity(), primaryIdentity.publicKey())) {
                throw new CryptoException("key bundle names other identities");
            }
            byte[] identityShared = Curve25519.sharedSecret(primaryIdentity.privateKey(), pending.identityKey);
            byte[] advSecret = LinkCodeCrypto.advSecret(ephemeralShared, identityShared, bundle.advRandom());
            connection.send(Stanzas.result(iq));
            sendPairSuccess(pending.codeAccount, pending, advSecret);
        } catch (CryptoException | IllegalArgumentException e) {
            log.debug("code pairing failed: {}", e.getMessage());
            connection.send(Stanzas.error(iq, 400, "bad-request"));
        }
    }

    private void sendPairSuccess(Account account, PendingCompanion pending, byte[] advSecret) {
        int device = account.allocateDevice();
        int keyIndex = account.allocateKeyIndex();
        ADVDeviceIdentity identity = ADVDeviceIdentity.newBuilder().setRawId(random.nextInt() & 0x7fffffff)
                .setTimestamp(Stanzas.now()).setKeyIndex(keyIndex)
                .setAccountType(ADVEncryptionType.E2EE).setDeviceType(ADVEncryptionType.E2EE).build();
        byte[] details = identity.toByteArray();
        KeyPair phoneIdentity = account.phone().identityKeyPair();
        byte[] accountSignature = Curve25519.sign(phoneIdentity.privateKey(),
                ByteArrays.concat(ACCOUNT_SIGNATURE_PREFIX, details, pending.identityKey), random);
        byte[] signedIdentity = ADVSignedDeviceIdentity.newBuilder().setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(phoneIdentity.publicKey()))
                .setAccountSignature(ByteString.copyFrom(accountSignature)).build().toByteArray();
        byte[] hmac = Hmac.sha256(advSecret, signedIdentity);
        byte[] wrapped = ADVSignedDeviceIdentityHMAC.newBuilder().setDetails(ByteString.copyFrom(signedIdentity))
                .setHmac(ByteString.copyFrom(hmac)).setAccountType(ADVEncryptionType.E2EE).build().toByteArray();
        pending.linkingAccount = account;
        pending.assignedDevice = account.jid().withDevice(device);
        pending.keyIndex = keyIndex;
        pending.pairSuccessId = ids.next();
        pending.connection.send(Node.builder("iq").attribute("from", Stanzas.SERVER).attribute("type", "set")
                .attribute("id", pending.pairSuccessId).attribute("t", Stanzas.now())
                .children(Node.builder("pair-success").children(
                        Node.builder("device-identity").bytes(wrapped).build(),
                        Node.builder("device").attribute("jid", pending.assignedDevice)
                                .attribute("lid", account.lid().withDevice(device)).build(),
                        Node.builder("platform").attribute("name", "android").build()).build())
                .build());
    }

    /**
     * The companion answered {@code pair-success}: check its device signature, link it, and restart its stream
     * (515) so it logs in. Returns the new device, or empty when the answer is not acceptable.
     */
    Optional<CompanionDevice> pairDeviceSign(ChatConnection connection, Node iq) {
        PendingCompanion pending = byConnection.get(connection);
        if (pending == null || pending.linkingAccount == null) {
            return Optional.empty();
        }
        Optional<Node> identityNode = iq.child("pair-device-sign").flatMap(sign -> sign.child("device-identity"));
        try {
            ADVSignedDeviceIdentity signed = ADVSignedDeviceIdentity.parseFrom(
                    identityNode.flatMap(Node::bytes).orElse(new byte[0]));
            byte[] accountKey = pending.linkingAccount.phone().identityKeyPair().publicKey();
            byte[] signedData = ByteArrays.concat(DEVICE_SIGNATURE_PREFIX, signed.getDetails().toByteArray(), pending.identityKey,
                    accountKey);
            if (!Curve25519.verify(pending.identityKey, signedData, signed.getDeviceSignature().toByteArray())) {
                log.debug("companion's device signature does not verify");
                return Optional.empty();
            }
            byte[] fullIdentity = signed.toBuilder().setAccountSignatureKey(ByteString.copyFrom(accountKey)).build()
                    .toByteArray();
            PublishedKeys keys = new PublishedKeys(pending.registrationId, pending.identityKey, pending.signedPreKey);
            Account account = pending.linkingAccount;
            CompanionDevice device = new CompanionDevice(pending.assignedDevice,
                    account.lid().withDevice(pending.assignedDevice.device()), pending.noiseKey, keys, fullIdentity,
                    pending.keyIndex);
            account.link(device);
            deviceLists.linked(account, device.jid());
            forget(pending);
            connection.closeWith(Stanzas.streamError("515"));
            return Optional.of(device);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    void onClosed(ChatConnection connection) {
        PendingCompanion pending = byConnection.get(connection);
        if (pending != null) {
            forget(pending);
        }
    }

    private void forget(PendingCompanion pending) {
        byConnection.remove(pending.connection);
        pending.refs.forEach(byRef::remove);
    }

}
