package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.crypto.SecureRandoms;
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
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic {@code signal}: our Bob decrypts transcripts produced by libsignal (npm) and Baileys' sender keys.
 *
 * <ul>
 *   <li>{@code session}: Bob's keys go into in-memory stores; the {@code pkmsg}s are decrypted in delivery order,
 *   each to its padded plaintext; unpadding gives the encoded {@code Message}, whose field 1 ({@code conversation})
 *   is the text. The one-time pre-key must be consumed and Alice's identity saved.</li>
 *   <li>{@code group}: Bob processes the sender key distribution message, then decrypts the {@code skmsg}s in
 *   delivery order.</li>
 * </ul>
 */
final class SignalVectors {

    private final SecureRandom random = SecureRandoms.create();

    void check(JsonNode c) throws Exception {
        String kind = c.path("kind").asText();
        switch (kind) {
            case "session" -> checkSession(c);
            case "group" -> checkGroup(c);
            default -> throw new AssertionError("unknown signal case kind: " + kind);
        }
    }

    private void checkSession(JsonNode c) throws Exception {
        JsonNode bob = c.path("bob");
        IdentityKeyPair identity = IdentityKeyPair.fromPrivate(b(bob, "identityPrivate"));
        assertThat(Hex.encode(identity.publicKey().serialize())).isEqualTo(bob.path("identityPublic").asText());
        SignalStores stores = SignalStores.inMemory(identity, bob.path("registrationId").asInt());

        JsonNode spk = bob.path("signedPreKey");
        KeyPair spkPair = keyPair(spk);
        byte[] spkSignature = b(spk, "signature");
        assertThat(Curve25519.verify(identity.publicKey().publicKey(), Curve25519.withTypePrefix(spkPair.publicKey()),
                spkSignature)).as("signed pre-key signature").isTrue();
        stores.signedPreKeys().storeSignedPreKey(new SignedPreKey(spk.path("id").asInt(), spkPair, spkSignature, 0));
        JsonNode opk = bob.path("preKey");
        int preKeyId = opk.path("id").asInt();
        stores.preKeys().storePreKey(new PreKey(preKeyId, keyPair(opk)));

        SessionCipher cipher = new SessionCipher(stores, new SignalLocks(), random, IdentityChangeListener.IGNORE);
        SignalAddress alice = new SignalAddress("alice", 0);
        JsonNode messages = c.path("messages");
        boolean anyPreKeyMessage = false;
        for (JsonNode index : c.path("deliveryOrder")) {
            JsonNode m = messages.get(index.asInt());
            String type = m.path("type").asText();
            anyPreKeyMessage |= type.equals("pkmsg");
            byte[] padded = cipher.decrypt(alice, type, b(m, "ciphertext"));
            assertThat(Hex.encode(padded)).as("message %s", index).isEqualTo(m.path("paddedPlaintext").asText());
            byte[] unpadded = WhatsAppPadding.unpad(padded);
            assertThat(Hex.encode(unpadded)).as("unpadded message %s", index).isEqualTo(m.path("message").asText());
            if (m.hasNonNull("text")) {
                assertThat(Message.parseFrom(unpadded).getConversation()).as("conversation of message %s", index)
                        .isEqualTo(m.path("text").asText());
            }
        }
        if (anyPreKeyMessage) {
            assertThat(stores.preKeys().containsPreKey(preKeyId)).as("one-time pre-key consumed").isFalse();
            IdentityKey aliceIdentity = new IdentityKey(b(c.path("alice"), "identityPublic"));
            assertThat(stores.identities().identity(alice)).contains(aliceIdentity);
        }
        // Bob can answer on the session the transcript built; his answer is a plain msg.
        assertThat(cipher.encrypt(alice, new byte[]{1}).encType()).isEqualTo("msg");
    }

    private void checkGroup(JsonNode c) throws Exception {
        SignalStores stores = SignalStores.inMemory(IdentityKeyPair.generate(random), 1);
        SignalLocks locks = new SignalLocks();
        SenderKeyName name = new SenderKeyName(c.path("groupId").asText(),
                SignalAddress.parse(c.path("sender").asText()));
        new GroupSessionBuilder(stores.senderKeys(), locks, random)
                .process(name, SenderKeyDistributionMessage.parse(b(c, "senderKeyDistributionMessage")));
        GroupCipher cipher = new GroupCipher(stores.senderKeys(), locks, random);
        JsonNode messages = c.path("messages");
        for (JsonNode index : c.path("deliveryOrder")) {
            JsonNode m = messages.get(index.asInt());
            assertThat(m.path("type").asText()).isEqualTo("skmsg");
            byte[] padded = cipher.decrypt(name, b(m, "ciphertext"));
            assertThat(Hex.encode(padded)).as("message %s", index).isEqualTo(m.path("paddedPlaintext").asText());
            if (m.hasNonNull("message")) {
                assertThat(Hex.encode(WhatsAppPadding.unpad(padded))).as("unpadded message %s", index)
                        .isEqualTo(m.path("message").asText());
            }
        }
    }

    private static KeyPair keyPair(JsonNode key) {
        KeyPair pair = Curve25519.keyPairFromPrivate(b(key, "private"));
        assertThat(Hex.encode(Curve25519.withTypePrefix(pair.publicKey()))).as("public key of %s", key.path("id"))
                .isEqualTo(key.path("public").asText());
        return pair;
    }

    private static byte[] b(JsonNode c, String field) {
        return Hex.decode(c.path(field).asText());
    }
}
