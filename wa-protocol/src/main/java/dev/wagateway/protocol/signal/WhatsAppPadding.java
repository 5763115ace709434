package dev.wagateway.protocol.signal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The random padding WhatsApp puts around every Signal plaintext of a {@code v="2"} payload (1:1 messages, own-device
 * copies, SKDM carriers, group bodies): {@code n} bytes each equal to {@code n} are appended.
 *
 * <p>We send {@code n} in 1..15, which both reference readers accept; we accept 1..16 (Baileys sends up to 16) and
 * check that all {@code n} bytes equal {@code n}, as whatsmeow does.
 */
public final class WhatsAppPadding {

    /** Largest pad length we write. */
    public static final int MAX_SENT = 15;
    /** Largest pad length we accept. */
    public static final int MAX_ACCEPTED = 16;

    private final SecureRandom random;

    /** Uses {@code random} to choose each pad length. */
    public WhatsAppPadding(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@code message} followed by {@code n} bytes of value {@code n}, {@code n} random in 1..15. */
    public byte[] pad(byte[] message) {
        Objects.requireNonNull(message, "message");
        int n = random.nextInt(MAX_SENT) + 1;
        byte[] padded = Arrays.copyOf(message, message.length + n);
        Arrays.fill(padded, message.length, padded.length, (byte) n);
        return padded;
    }

    /**
     * Removes the padding.
     *
     * @throws SignalProtocolException ({@link SignalError.InvalidPadding}) if the input is empty, the pad length is
     *                                 0 or above 16, longer than the input, or the pad bytes differ
     */
    public static byte[] unpad(byte[] padded) throws SignalProtocolException {
        Objects.requireNonNull(padded, "padded");
        if (padded.length == 0) {
            throw new SignalProtocolException(new SignalError.InvalidPadding("empty plaintext"));
        }
        int n = padded[padded.length - 1] & 0xFF;
        if (n == 0 || n > MAX_ACCEPTED) {
            throw new SignalProtocolException(new SignalError.InvalidPadding("pad length " + n));
        }
        if (n > padded.length) {
            throw new SignalProtocolException(
                    new SignalError.InvalidPadding("pad length " + n + " exceeds plaintext length " + padded.length));
        }
        for (int i = padded.length - n; i < padded.length; i++) {
            if ((padded[i] & 0xFF) != n) {
                throw new SignalProtocolException(new SignalError.InvalidPadding("pad bytes differ from pad length"));
            }
        }
        return Arrays.copyOf(padded, padded.length - n);
    }
}
