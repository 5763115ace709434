package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.BigEndian;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fetching the pre-key bundles of devices we have no session with (protocol §6.7). */
final class PreKeyBundles {

    private final ServerChannel channel;

    PreKeyBundles(ServerChannel channel) {
        this.channel = channel;
    }

    /** The bundles of {@code devices} the server has; devices it answers with an error are left out. Blocks. */
    Map<Jid, PreKeyBundle> fetch(List<Jid> devices) {
        if (devices.isEmpty()) {
            return Map.of();
        }
        List<Node> users = devices.stream()
                .map(d -> Node.builder("user").attribute("jid", d).attribute("reason", "identity").build()).toList();
        Node answer = channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get")
                .attribute("xmlns", "encrypt").children(Node.builder("key").children(users).build()).build()).join();
        return parse(answer);
    }

    /** Reads an answer: every well-formed {@code <user>} becomes a bundle; malformed or error entries are skipped. */
    static Map<Jid, PreKeyBundle> parse(Node answer) {
        Map<Jid, PreKeyBundle> bundles = new LinkedHashMap<>();
        for (Node user : answer.child("list").map(l -> l.children("user")).orElse(List.of())) {
            Optional<Jid> jid = user.jidAttribute("jid");
            if (jid.isEmpty() || user.child("error").isPresent()) {
                continue;
            }
            Node keys = user.child("keys").orElse(user);
            try {
                bundles.put(jid.get(), bundle(keys));
            } catch (IllegalArgumentException e) {
                // a malformed bundle: that device is skipped, as if the server had none
            }
        }
        return bundles;
    }

    /**
     * The keys a retry receipt carries (protocol §6.10; whatsmeow {@code nodeToPreKeyBundle}): {@code <registration>}
     * beside {@code <keys>} with the identity, one pre-key and the signed pre-key. Empty when the receipt has no
     * {@code <keys>} or they are malformed (the sender then fetches a bundle as without keys).
     */
    static Optional<PreKeyBundle> fromRetryReceipt(Node receipt) {
        Optional<Node> keys = receipt.child("keys");
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(bundle(bytes(receipt, "registration"), keys.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PreKeyBundle bundle(Node keys) {
        return bundle(bytes(keys, "registration"), keys);
    }

    private static PreKeyBundle bundle(byte[] registration, Node keys) {
        int registrationId = BigEndian.readUnsigned(registration, 4, "registration id");
        byte[] identity = bytes(keys, "identity");
        if (identity.length != 32) {
            throw new IllegalArgumentException("identity key must have 32 bytes");
        }
        Node skey = keys.child("skey").orElseThrow(() -> new IllegalArgumentException("no signed pre-key"));
        byte[] signedValue = bytes(skey, "value");
        byte[] signature = bytes(skey, "signature");
        if (signedValue.length != 32 || signature.length != 64) {
            throw new IllegalArgumentException("signed pre-key must have a 32-byte key and a 64-byte signature");
        }
        PreKeyBundle.SignedPreKeyPublic signed = new PreKeyBundle.SignedPreKeyPublic(
                BigEndian.readUnsigned(bytes(skey, "id"), 3, "signed pre-key id"), signedValue, signature);
        Optional<PreKeyBundle.PreKeyPublic> oneTime = Optional.empty();
        Optional<Node> key = keys.child("key");
        if (key.isPresent()) {
            byte[] value = bytes(key.get(), "value");
            if (value.length != 32) {
                throw new IllegalArgumentException("pre-key must have 32 bytes");
            }
            oneTime = Optional.of(new PreKeyBundle.PreKeyPublic(
                    BigEndian.readUnsigned(bytes(key.get(), "id"), 3, "pre-key id"), value));
        }
        return new PreKeyBundle(registrationId, new IdentityKey(identity), signed, oneTime);
    }

    private static byte[] bytes(Node parent, String child) {
        return parent.child(child).flatMap(Node::bytes)
                .orElseThrow(() -> new IllegalArgumentException("bundle lacks <" + child + ">"));
    }
}
