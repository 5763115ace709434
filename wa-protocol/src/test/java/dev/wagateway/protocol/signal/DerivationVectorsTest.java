package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.signal.groups.SenderMessageKey;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.ratchet.ChainKey;
import dev.wagateway.protocol.signal.ratchet.MessageKeys;
import dev.wagateway.protocol.signal.ratchet.SessionState;
import dev.wagateway.protocol.signal.ratchet.X3dh;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Signal derivations of the protocol facts, appendix A.5 (computed with npm libsignal). */
class DerivationVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void chainStepsAndMessageKeyExpansions() {
        ChainKey chain = new ChainKey(HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), 0);

        assertThat(HEX.formatHex(chain.messageKeySeed()))
                .isEqualTo("9b4c8120a4823a95f47cde17a244f4507244ee6e3957d1fab9fa29b44d3829b7");
        assertThat(HEX.formatHex(chain.next().key()))
                .isEqualTo("4304c22c84a53755ab08ead8d97a8d429be5efa480682d7ad1da27f73e1fbe1d");
        assertThat(chain.next().index()).isEqualTo(1);

        SenderMessageKey group = SenderMessageKey.fromSeed(chain.messageKeySeed(), 0);
        assertThat(HEX.formatHex(group.iv())).isEqualTo("ed1f5e26325b1399f6a34c76e47ff047");
        assertThat(HEX.formatHex(group.cipherKey()))
                .isEqualTo("d89f10a08215e845ceb4df3fc59c052ad09e01cd499650025ff83df48ed656e6");

        MessageKeys keys = chain.messageKeys();
        assertThat(HEX.formatHex(keys.cipherKey()))
                .isEqualTo("86268814b41f5fd154659f26873660e3dbc8b205155c3b59b8570b015d773c0c");
        assertThat(HEX.formatHex(keys.macKey()))
                .isEqualTo("dea51fa5beca2618971c4292647b81e83f2b4edd03e0d292a87ec66e0163abdb");
        assertThat(HEX.formatHex(keys.iv())).isEqualTo("21cfd5b9956a1631f6b7b5b5bdf7b791");
    }

    @Test
    void x3dhAndTheFirstSendingRatchetFromBothSides() {
        IdentityKeyPair aliceIdentity = IdentityKeyPair.fromPrivate(filled(1));
        KeyPair aliceBase = Curve25519.keyPairFromPrivate(filled(2));
        IdentityKeyPair bobIdentity = IdentityKeyPair.fromPrivate(filled(3));
        KeyPair bobSignedPreKey = Curve25519.keyPairFromPrivate(filled(4));
        KeyPair bobOneTimePreKey = Curve25519.keyPairFromPrivate(filled(5));
        KeyPair aliceRatchet = Curve25519.keyPairFromPrivate(filled(6));
        assertThat(HEX.formatHex(aliceIdentity.publicKey().publicKey()))
                .isEqualTo("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209");
        assertThat(HEX.formatHex(bobOneTimePreKey.publicKey()))
                .isEqualTo("50a61409b1ddd0325e9b16b700e719e9772c07000b1bd7786e907c653d20495d");
        assertThat(HEX.formatHex(aliceRatchet.publicKey()))
                .isEqualTo("f5b2d6e60f9477e310c2982daaa6c9136c108a1777c5947e448fa37d68174557");

        SessionState alice = X3dh.initiator(aliceIdentity, aliceBase, aliceRatchet, bobIdentity.publicKey(),
                bobSignedPreKey.publicKey(), 1,
                Optional.of(new PreKeyBundle.PreKeyPublic(7, bobOneTimePreKey.publicKey())), 11, 22);
        SessionState bob = X3dh.responder(bobIdentity, bobSignedPreKey, Optional.of(bobOneTimePreKey),
                aliceIdentity.publicKey(), aliceBase.publicKey(), 22, 11);

        String x3dhRoot = "10abc14f84853fd4df5a561677129eda40ce9ba6ad2b33d4fbe6e54136d4a472";
        String x3dhChain = "e1e0edf2b5f229928e3ee3aaa9d8499fc3dc04ca5b812432a4f1ba62757387ef";
        assertThat(HEX.formatHex(bob.rootKey().key())).isEqualTo(x3dhRoot);
        assertThat(HEX.formatHex(bob.senderChain().chainKey().key())).isEqualTo(x3dhChain);
        assertThat(HEX.formatHex(alice.receiverChains().getFirst().chainKey().key())).isEqualTo(x3dhChain);
        assertThat(alice.receiverChains().getFirst().ratchetKey()).isEqualTo(bobSignedPreKey.publicKey());

        assertThat(HEX.formatHex(alice.rootKey().key()))
                .isEqualTo("828a4adce2edaa2c37767ed400603bb738ad48ec55fc1ff9196edc8b1dd2cc58");
        assertThat(HEX.formatHex(alice.senderChain().chainKey().key()))
                .isEqualTo("e5b2cab1c082959cec209c910981765dee8830f998539e0086f91676cb558b2c");
        assertThat(alice.pendingPreKey()).hasValueSatisfying(pending -> {
            assertThat(pending.preKeyId()).hasValue(7);
            assertThat(pending.baseKey()).isEqualTo(aliceBase.publicKey());
        });
        assertThat(bob.baseKey()).isEqualTo(alice.baseKey());
        assertThat(bob.remoteIdentity()).isEqualTo(new IdentityKey(aliceIdentity.publicKey().serialize()));
    }

    @Test
    void signedPreKeySignatureOfTheAppendixVerifies() {
        byte[] identityPublic = HEX.parseHex("0513be4feaeaf204c7fd3358fc9c00721881d174278128227ec674f37f7fe97b6d");
        assertThat(IdentityKeyPair.fromPrivate(filled(7)).publicKey().serialize()).isEqualTo(identityPublic);
        byte[] signedPreKey = HEX.parseHex("0531d4ab6aceec961137917037936e60716fac573afe94d9da84a8020448dfc112");
        byte[] signature = HEX.parseHex("d72cfe4eb136982a4a26888704485111294f6577a236cc57dcfb9f0f73952d9e"
                + "f9995e715e150ffba5b5c4952b6807f95c2a6e3be095ae92702766c13d9ae007");
        assertThat(Curve25519.verify(identityPublic, signedPreKey, signature)).isTrue();
        signedPreKey[5] ^= 1;
        assertThat(Curve25519.verify(identityPublic, signedPreKey, signature)).isFalse();
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
