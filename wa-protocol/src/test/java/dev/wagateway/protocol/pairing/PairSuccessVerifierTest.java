package dev.wagateway.protocol.pairing;

import dev.wagateway.protocol.crypto.ByteArrays;
import com.google.protobuf.ByteString;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.proto.ADVDeviceIdentity;
import dev.wagateway.protocol.proto.ADVEncryptionType;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentity;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairSuccessVerifierTest {

    private final SecureRandom random = SecureRandoms.create();
    private final IdentityKeyPair companion = IdentityKeyPair.generate(random);
    private final KeyPair phone = Curve25519.generateKeyPair(random);
    private final byte[] advSecret = bytes(32);

    @Test
    void acceptsWhatThePhoneSignedAndSignsItAsTheDevice() throws Exception {
        PairSuccessVerifier.Verified verified = PairSuccessVerifier.verify(pairSuccess(false, false, false),
                advSecret, companion, random);

        ADVSignedDeviceIdentity stored = ADVSignedDeviceIdentity.parseFrom(verified.accountIdentity());
        ADVSignedDeviceIdentity reply = ADVSignedDeviceIdentity.parseFrom(verified.reply());
        assertThat(stored.getAccountSignatureKey().toByteArray()).isEqualTo(phone.publicKey());
        assertThat(reply.hasAccountSignatureKey()).isFalse();
        assertThat(reply.getDeviceSignature()).isEqualTo(stored.getDeviceSignature());
        assertThat(verified.keyIndex()).isEqualTo(7);
        assertThat(verified.accountSignatureKey()).isEqualTo(phone.publicKey());
        byte[] signed = ByteArrays.concat(new byte[]{6, 1}, stored.getDetails().toByteArray(),
                companion.publicKey().publicKey(), phone.publicKey());
        assertThat(Curve25519.verify(companion.publicKey().publicKey(), signed,
                stored.getDeviceSignature().toByteArray())).isTrue();
    }

    @Test
    void acceptsHostedPrefixes() throws Exception {
        assertThat(PairSuccessVerifier.verify(pairSuccess(true, true, false), advSecret, companion, random).keyIndex())
                .isEqualTo(7);
    }

    @Test
    void refusesAnHmacMadeWithAnotherSecret() {
        assertThatThrownBy(() -> PairSuccessVerifier.verify(pairSuccess(false, false, false), bytes(32), companion,
                random)).isInstanceOfSatisfying(PairingRefusal.class, e -> {
                    assertThat(e.code()).isEqualTo(401);
                    assertThat(e.text()).isEqualTo("hmac-mismatch");
                });
    }

    @Test
    void refusesAnAccountSignatureOverAnotherIdentity() {
        assertThatThrownBy(() -> PairSuccessVerifier.verify(pairSuccess(false, false, true), advSecret, companion,
                random)).isInstanceOfSatisfying(PairingRefusal.class, e -> {
                    assertThat(e.code()).isEqualTo(401);
                    assertThat(e.text()).isEqualTo("signature-mismatch");
                });
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> PairSuccessVerifier.verify(new byte[]{1, 2, 3}, advSecret, companion, random))
                .isInstanceOfSatisfying(PairingRefusal.class, e -> assertThat(e.code()).isEqualTo(500));
    }

    /** What a phone sends: the account-signed identity of the companion, HMACed with the adv secret. */
    private byte[] pairSuccess(boolean hostedAccount, boolean hostedDevice, boolean signOtherIdentity) {
        byte[] details = ADVDeviceIdentity.newBuilder().setRawId(42).setTimestamp(1_700_000_000L).setKeyIndex(7)
                .setDeviceType(hostedDevice ? ADVEncryptionType.HOSTED : ADVEncryptionType.E2EE)
                .build().toByteArray();
        byte[] signedIdentity = signOtherIdentity ? bytes(32) : companion.publicKey().publicKey();
        byte[] prefix = hostedDevice ? new byte[]{6, 5} : new byte[]{6, 0};
        byte[] signature = Curve25519.sign(phone.privateKey(), ByteArrays.concat(prefix, details, signedIdentity), random);
        byte[] account = ADVSignedDeviceIdentity.newBuilder().setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(phone.publicKey()))
                .setAccountSignature(ByteString.copyFrom(signature)).build().toByteArray();
        byte[] hmac = hostedAccount ? Hmac.sha256(advSecret, new byte[]{6, 5}, account) : Hmac.sha256(advSecret, account);
        return ADVSignedDeviceIdentityHMAC.newBuilder().setDetails(ByteString.copyFrom(account))
                .setHmac(ByteString.copyFrom(hmac))
                .setAccountType(hostedAccount ? ADVEncryptionType.HOSTED : ADVEncryptionType.E2EE)
                .build().toByteArray();
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

}
