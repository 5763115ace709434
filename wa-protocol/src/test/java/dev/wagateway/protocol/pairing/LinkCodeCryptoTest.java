package dev.wagateway.protocol.pairing;

import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Code pairing against the computed vectors of protocol.md Appendix A.4 (checked there against Baileys). */
class LinkCodeCryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void codesUseWhatsAppsBase32() {
        assertThat(LinkingCode.encode(HEX.parseHex("0102030405"))).isEqualTo("15217216");
        assertThat(LinkingCode.encode(HEX.parseHex("ffffffffff"))).isEqualTo("ZZZZZZZZ");
        assertThat(LinkingCode.encode(HEX.parseHex("0000000000"))).isEqualTo("11111111");
        assertThat(LinkingCode.encode(HEX.parseHex("deadbeef42"))).isEqualTo("VTPVXVT3");
        assertThat(LinkingCode.normalize("vtpv-xvt3")).isEqualTo("VTPVXVT3");
        assertThat(LinkingCode.display("VTPVXVT3")).isEqualTo("VTPV-XVT3");
        assertThatThrownBy(() -> LinkingCode.normalize("VTPVXVT0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkingCode.normalize("SHORT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reproducesTheAppendixTranscript() throws CryptoException {
        String code = "VTPVXVT3";
        byte[] salt = range(0x00, 32);
        byte[] iv = range(0x20, 16);
        assertThat(HEX.formatHex(LinkCodeCrypto.codeKey(code, salt)))
                .isEqualTo("7e7675fe8b9b3cf6927bb25df667f6579dfffd9915a3891430b0dd92570f8737");

        byte[] companionEphemeral = Curve25519.publicKey(filled(0x11, 32));
        byte[] wrapped = LinkCodeCrypto.wrapEphemeralKey(code, companionEphemeral, salt, iv);
        assertThat(HEX.formatHex(wrapped)).isEqualTo(
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
                        + "a27580a01cbf7610fe25fc1301acd9ecc5d83ad5c434085b2aa696fd952cbd9d");
        assertThat(LinkCodeCrypto.unwrapEphemeralKey(code, wrapped)).isEqualTo(companionEphemeral);

        byte[] primaryEphemeralPrivate = filled(0x22, 32);
        byte[] primaryIdentityPublic = Curve25519.publicKey(filled(0x33, 32));
        byte[] companionIdentityPrivate = filled(0x44, 32);
        byte[] companionIdentityPublic = Curve25519.publicKey(companionIdentityPrivate);
        byte[] ephemeralShared = Curve25519.sharedSecret(filled(0x11, 32), Curve25519.publicKey(primaryEphemeralPrivate));
        assertThat(HEX.formatHex(ephemeralShared))
                .isEqualTo("9e004098efc091d4ec2663b4e9f5cfd4d7064571690b4bea97ab146ab9f35056");

        byte[] bundle = LinkCodeCrypto.wrapKeyBundle(ephemeralShared, companionIdentityPublic, primaryIdentityPublic,
                filled(0x77, 32), filled(0x55, 32), filled(0x66, 12));
        assertThat(HEX.formatHex(bundle)).isEqualTo(
                "5555555555555555555555555555555555555555555555555555555555555555666666666666666666666666"
                        + "e24216a030edd90b21a3f4b3a9a9f492379c295bf3cde646926ec77067d19480320827fceec1f7d04bd43cd6f14fde95"
                        + "9a4dcee4c86f1de85c2334391d08dc89b7b7acf53ca0528a10b02e70ce0cb58c9475e0ef339db54efd7b822d415e4b82"
                        + "1ce4f25b9231d7f44b2f446b651a787f");

        LinkCodeCrypto.KeyBundle opened = LinkCodeCrypto.openKeyBundle(ephemeralShared, bundle);
        assertThat(opened.companionIdentity()).isEqualTo(companionIdentityPublic);
        assertThat(opened.primaryIdentity()).isEqualTo(primaryIdentityPublic);

        byte[] identityShared = Curve25519.sharedSecret(companionIdentityPrivate, primaryIdentityPublic);
        assertThat(HEX.formatHex(identityShared))
                .isEqualTo("3c528e9fd39731b15d10de8feb5f71d3f65b73c993581dedb03315a9ed177730");
        assertThat(HEX.formatHex(LinkCodeCrypto.advSecret(ephemeralShared, identityShared, filled(0x77, 32))))
                .isEqualTo("6121566fd64e8ec223ca3a6976e72f3b6e403f7465fb8ac66a1edd1fb285f3d5");
    }

    @Test
    void aTamperedBundleOrShortWrappingIsRefused() {
        byte[] shared = filled(0x01, 32);
        byte[] bundle = LinkCodeCrypto.wrapKeyBundle(shared, filled(1, 32), filled(2, 32), filled(3, 32),
                filled(4, 32), filled(5, 12));
        bundle[100] ^= 1;
        assertThatThrownBy(() -> LinkCodeCrypto.openKeyBundle(shared, bundle)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> LinkCodeCrypto.openKeyBundle(shared, new byte[10])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> LinkCodeCrypto.unwrapEphemeralKey("VTPVXVT3", new byte[79]))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void qrTextRoundTripsAndRejectsGarbage() {
        PairingQr qr = new PairingQr("2@abc/def+==", filled(1, 32), filled(2, 32), filled(3, 32), '1');
        assertThat(qr.text()).startsWith("https://wa.me/settings/linked_devices#2@abc/def+==,AQEB");
        assertThat(PairingQr.parse(qr.text())).isEqualTo(qr);
        assertThatThrownBy(() -> PairingQr.parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairingQr.parse(PairingQr.PREFIX + "ref,AAAA,BBBB,CCCC,1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairingQr.parse(PairingQr.PREFIX + "ref,%%%,BBBB,CCCC,1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int value, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] range(int start, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (start + i);
        }
        return bytes;
    }
}
