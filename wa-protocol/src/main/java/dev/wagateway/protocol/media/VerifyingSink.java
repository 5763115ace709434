package dev.wagateway.protocol.media;

import dev.wagateway.protocol.crypto.ConstantTime;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Receives {@code ciphertext ‖ mac} as it is downloaded, passes it on to {@code target} (a temporary file) and checks
 * it in the same pass, in whatsmeow's order ({@code download.go — downloadAndDecrypt}): longer than the MAC, {@code
 * SHA256(body) == fileEncSha256}, then {@code HMAC-SHA256(macKey, iv ‖ ciphertext)[0:10] == mac}. The last 10 bytes
 * are held back from the HMAC until the end, so nothing is read twice. Nothing in {@code target} may be used
 * before {@link #verify()} returned.
 */
final class VerifyingSink extends OutputStream {

    private final OutputStream target;
    private final long maxBytes;
    private final Mac mac;
    private final MessageDigest hash;
    private final byte[] tail = new byte[MediaCipher.MAC_LENGTH];
    private int tailLength;
    private long length;

    VerifyingSink(OutputStream target, MediaKeys keys, long maxBytes) {
        this.target = target;
        this.maxBytes = maxBytes;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
            mac.update(keys.iv());
            this.hash = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int count) throws IOException {
        if (count <= 0) {
            return;
        }
        length += count;
        if (length > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        hash.update(data, offset, count);
        target.write(data, offset, count);
        // Everything but the last MAC_LENGTH bytes seen so far goes into the HMAC.
        int total = tailLength + count;
        int release = total - MediaCipher.MAC_LENGTH;
        if (release <= 0) {
            System.arraycopy(data, offset, tail, tailLength, count);
            tailLength += count;
            return;
        }
        int fromTail = Math.min(release, tailLength);
        mac.update(tail, 0, fromTail);
        mac.update(data, offset, release - fromTail);
        byte[] keep = new byte[MediaCipher.MAC_LENGTH];
        int keptFromTail = tailLength - fromTail;
        System.arraycopy(tail, fromTail, keep, 0, keptFromTail);
        System.arraycopy(data, offset + count - (MediaCipher.MAC_LENGTH - keptFromTail), keep, keptFromTail,
                MediaCipher.MAC_LENGTH - keptFromTail);
        System.arraycopy(keep, 0, tail, 0, MediaCipher.MAC_LENGTH);
        tailLength = MediaCipher.MAC_LENGTH;
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    /** How many bytes were received. */
    long length() {
        return length;
    }

    /**
     * Checks what was received against the message.
     *
     * @throws MediaException {@link MediaException.Reason#INTEGRITY} when too short, the enc hash or the MAC differs
     */
    void verify(byte[] expectedFileEncSha256) throws MediaException {
        if (length < MediaCipher.MAC_LENGTH + 16 || (length - MediaCipher.MAC_LENGTH) % 16 != 0) {
            throw new MediaException(MediaException.Reason.INTEGRITY,
                    "encrypted media is truncated (" + length + " bytes)");
        }
        if (!ConstantTime.equals(hash.digest(), expectedFileEncSha256)) {
            throw new MediaException(MediaException.Reason.INTEGRITY,
                    "encrypted media does not match its fileEncSha256");
        }
        byte[] expectedMac = Arrays.copyOf(mac.doFinal(), MediaCipher.MAC_LENGTH);
        if (!ConstantTime.equals(expectedMac, Arrays.copyOf(tail, tailLength))) {
            throw new MediaException(MediaException.Reason.INTEGRITY, "media MAC mismatch");
        }
    }

    /** Thrown from {@link #write} when the body passes the limit; unwrapped by the downloader. */
    static final class TooLargeException extends IOException {
        TooLargeException(long maxBytes) {
            super("encrypted media is larger than " + maxBytes + " bytes");
        }
    }
}
