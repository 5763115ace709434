package dev.wagateway.protocol.pairing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The text of a pairing QR code (protocol §4.2): {@code https://wa.me/settings/linked_devices#ref,noise,identity,adv,platform}
 * with the three keys in standard base64. The companion builds it; a phone (the sandbox's) parses it.
 *
 * @param ref            one server ref, as the ASCII text it arrived as
 * @param noisePublic    the companion's 32-byte noise public key
 * @param identityPublic the companion's 32-byte Signal identity public key
 * @param advSecret      the companion's 32-byte adv secret
 * @param platformId     one character naming the companion's platform ({@code 1} Chrome ... {@code 9} other web)
 */
public record PairingQr(String ref, byte[] noisePublic, byte[] identityPublic, byte[] advSecret, char platformId) {

    public static final String PREFIX = "https://wa.me/settings/linked_devices#";
    private static final int MAX_LENGTH = 4096;

    public PairingQr {
        if (ref == null || ref.isEmpty() || ref.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a QR ref is non-empty and has no comma");
        }
        noisePublic = key("noise public key", noisePublic);
        identityPublic = key("identity public key", identityPublic);
        advSecret = key("adv secret", advSecret);
        if (!Character.isLetterOrDigit(platformId)) {
            throw new IllegalArgumentException("platform id is one letter or digit");
        }
    }

    /** The string to render as a QR code. */
    public String text() {
        Base64.Encoder base64 = Base64.getEncoder();
        return PREFIX + ref + "," + base64.encodeToString(noisePublic) + "," + base64.encodeToString(identityPublic)
                + "," + base64.encodeToString(advSecret) + "," + platformId;
    }

    /** Parses a scanned QR string; throws {@link IllegalArgumentException} with the reason when it is not one. */
    public static PairingQr parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a WhatsApp pairing QR: missing or too long");
        }
        String body = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        String[] parts = body.split(",", -1);
        if (parts.length != 5 || parts[4].length() != 1) {
            throw new IllegalArgumentException("not a WhatsApp pairing QR: expected ref,noise,identity,adv,platform");
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            return new PairingQr(parts[0], base64.decode(parts[1]), base64.decode(parts[2]), base64.decode(parts[3]),
                    parts[4].charAt(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a WhatsApp pairing QR: " + e.getMessage(), e);
        }
    }

    /** The ref as the bytes the server sent. */
    public byte[] refBytes() {
        return ref.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(String what, byte[] value) {
        if (value == null || value.length != 32) {
            throw new IllegalArgumentException(what + " must have 32 bytes");
        }
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PairingQr qr && ref.equals(qr.ref) && Arrays.equals(noisePublic, qr.noisePublic)
                && Arrays.equals(identityPublic, qr.identityPublic) && Arrays.equals(advSecret, qr.advSecret)
                && platformId == qr.platformId;
    }

    @Override
    public int hashCode() {
        return ref.hashCode() * 31 + Arrays.hashCode(noisePublic);
    }

    @Override
    public String toString() {
        return "PairingQr[ref=" + ref + ", platform=" + platformId + "]";
    }
}
