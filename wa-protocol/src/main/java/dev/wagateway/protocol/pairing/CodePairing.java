package dev.wagateway.protocol.pairing;

import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.EventSink;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pairing with an 8-character code typed on the phone (protocol §4.4): {@code companion_hello}, the primary's
 * answer in a notification, the new adv secret, {@code companion_finish}. Then the usual {@code pair-success}.
 */
public final class CodePairing {

    private static final Logger log = LoggerFactory.getLogger(CodePairing.class);

    private record Pending(String phone, String code, KeyPair ephemeral, byte[] ref) {
    }

    private final ServerChannel channel;
    private final DeviceStore store;
    private final EventSink events;
    private final char platformId;
    private final String platformDisplay;
    private final SecureRandom random;
    private final AtomicReference<Pending> pending = new AtomicReference<>();

    /**
     * Made by the client; registers for the phone's {@code link_code_companion_reg} notification.
     *
     * @param platformId      the companion platform digit this client registers with
     * @param platformDisplay the browser and OS name the phone shows
     */
    public CodePairing(ClientContext context, char platformId, String platformDisplay) {
        this.channel = context.channel();
        this.store = context.store();
        this.events = context.events();
        this.random = context.random();
        this.platformId = platformId;
        this.platformDisplay = platformDisplay;
        context.routes().on(NodeRoute.notification("link_code_companion_reg"),
                notification -> Thread.ofVirtual().start(() -> finish(notification)));
    }

    private void finish(Node notification) {
        try {
            onPrimaryHello(notification);
        } catch (CryptoException | RuntimeException e) {
            String why = Causes.root(e).getMessage();
            log.warn("code pairing failed: {}", why);
            events.emit(new WaEvent.PairFailure("code pairing failed: " + why));
        }
    }

    /** Sends {@code companion_hello} for {@code phone} and returns the code to type; blocks on the answer. */
    public String request(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() <= 6 || digits.startsWith("0")) {
            throw new IllegalArgumentException("a phone number in international format is needed: " + phone);
        }
        DeviceCredentials credentials = store.credentials().orElseThrow(() -> new NotConnectedException("no credentials"));
        String code = LinkingCode.generate(random);
        KeyPair ephemeral = Curve25519.generateKeyPair(random);
        byte[] wrapped = LinkCodeCrypto.wrapEphemeralKey(code, ephemeral.publicKey(), random);
        Node answer = channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set")
                .attribute("xmlns", "md").children(Node.builder("link_code_companion_reg")
                        .attribute("jid", Jid.user(digits)).attribute("stage", "companion_hello")
                        .attribute("should_show_push_notification", "true").children(
                                Node.builder("link_code_pairing_wrapped_companion_ephemeral_pub").bytes(wrapped).build(),
                                Node.builder("companion_server_auth_key_pub")
                                        .bytes(credentials.noiseKeyPair().publicKey()).build(),
                                Node.builder("companion_platform_id").text(String.valueOf(platformId)).build(),
                                Node.builder("companion_platform_display").text(platformDisplay).build(),
                                Node.builder("link_code_pairing_nonce").bytes(new byte[]{0}).build())
                        .build()).build()).join();
        byte[] ref = answer.child("link_code_companion_reg").flatMap(r -> r.child("link_code_pairing_ref"))
                .flatMap(Node::bytes).orElseThrow(() -> new IllegalStateException("companion_hello answer lacks a ref"));
        pending.set(new Pending(digits, code, ephemeral, ref));
        return code;
    }

    /** Whether a code was requested on this connection. */
    public boolean active() {
        return pending.get() != null;
    }

    /** Forgets the pending code (the connection ended). */
    public void reset() {
        pending.set(null);
    }

    /**
     * Handles the primary's {@code link_code_companion_reg} notification: derives and stores the new adv secret and
     * sends {@code companion_finish}; blocks on its answer.
     *
     * @throws IllegalStateException when nothing is pending, the ref differs or the primary's data is malformed
     */
    void onPrimaryHello(Node notification) throws CryptoException {
        Pending current = pending.get();
        if (current == null) {
            throw new IllegalStateException("no pairing code was requested");
        }
        Node registration = notification.child("link_code_companion_reg")
                .orElseThrow(() -> new IllegalStateException("notification lacks link_code_companion_reg"));
        byte[] ref = child(registration, "link_code_pairing_ref");
        if (!Arrays.equals(ref, current.ref())) {
            throw new IllegalStateException("pairing ref does not match ours");
        }
        byte[] primaryIdentity = child(registration, "primary_identity_pub");
        if (primaryIdentity.length != 32) {
            throw new IllegalStateException("primary identity must have 32 bytes");
        }
        byte[] primaryEphemeral = LinkCodeCrypto.unwrapEphemeralKey(current.code(),
                child(registration, "link_code_pairing_wrapped_primary_ephemeral_pub"));
        byte[] ephemeralShared = Curve25519.sharedSecret(current.ephemeral().privateKey(), primaryEphemeral);
        byte[] bundleSalt = randomBytes(32);
        byte[] nonce = randomBytes(12);
        byte[] advRandom = randomBytes(32);
        DeviceCredentials credentials = store.credentials().orElseThrow(() -> new IllegalStateException("no credentials"));
        byte[] ownIdentity = credentials.identityKeyPair().publicKey().publicKey();
        byte[] wrappedBundle = LinkCodeCrypto.wrapKeyBundle(ephemeralShared, ownIdentity, primaryIdentity, advRandom,
                bundleSalt, nonce);
        byte[] identityShared = Curve25519.sharedSecret(credentials.identityKeyPair().privateKey(), primaryIdentity);
        store.saveCredentials(credentials.withAdvSecret(
                LinkCodeCrypto.advSecret(ephemeralShared, identityShared, advRandom)));
        channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", "md")
                .children(Node.builder("link_code_companion_reg").attribute("jid", Jid.user(current.phone()))
                        .attribute("stage", "companion_finish").children(
                                Node.builder("link_code_pairing_wrapped_key_bundle").bytes(wrappedBundle).build(),
                                Node.builder("companion_identity_public").bytes(ownIdentity).build(),
                                Node.builder("link_code_pairing_ref").bytes(current.ref()).build())
                        .build()).build()).join();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] child(Node parent, String tag) {
        Optional<byte[]> bytes = parent.child(tag).flatMap(Node::bytes);
        return bytes.orElseThrow(() -> new IllegalStateException("notification lacks " + tag));
    }
}
