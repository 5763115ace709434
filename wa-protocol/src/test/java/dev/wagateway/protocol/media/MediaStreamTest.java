package dev.wagateway.protocol.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streaming encryption, verification and decryption: same bytes as {@link MediaCipher}, every refusal. */
class MediaStreamTest {

    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path folder;

    @Test
    void streamingEncryptionMatchesTheInMemoryCipherAtEverySizeAroundABlock() throws Exception {
        byte[] mediaKey = bytes(32);
        for (int length = 1; length <= 40; length++) {
            byte[] plaintext = bytes(length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MediaHashes hashes = MediaEncryptor.encrypt(new ByteArrayInputStream(plaintext), out, mediaKey,
                    MediaType.DOCUMENT, Long.MAX_VALUE);
            EncryptedMedia expected = MediaCipher.encrypt(plaintext, mediaKey, MediaType.DOCUMENT);
            assertThat(out.toByteArray()).isEqualTo(expected.encrypted());
            assertThat(hashes.fileEncSha256()).isEqualTo(expected.fileEncSha256());
            assertThat(hashes.fileSha256()).isEqualTo(expected.fileSha256());
            assertThat(hashes.fileLength()).isEqualTo(length);
            assertThat(hashes.encryptedLength()).isEqualTo(expected.encrypted().length);
        }
    }

    @Test
    void verificationAcceptsEveryWriteSplit() throws Exception {
        byte[] mediaKey = bytes(32);
        EncryptedMedia media = MediaCipher.encrypt(bytes(70), mediaKey, MediaType.IMAGE);
        byte[] encrypted = media.encrypted();
        for (int split = 1; split < encrypted.length; split++) {
            VerifyingSink sink = new VerifyingSink(OutputStream.nullOutputStream(),
                    MediaKeys.expand(mediaKey, MediaType.IMAGE), Long.MAX_VALUE);
            for (int at = 0; at < encrypted.length; at += split) {
                sink.write(encrypted, at, Math.min(split, encrypted.length - at));
            }
            sink.verify(media.fileEncSha256());
        }
    }

    @Test
    void aTamperedMacIsRefused() throws Exception {
        byte[] mediaKey = bytes(32);
        EncryptedMedia media = MediaCipher.encrypt(bytes(1000), mediaKey, MediaType.VIDEO);
        byte[] tampered = media.encrypted().clone();
        tampered[tampered.length - 1] ^= 1;
        Path file = write(tampered);
        // The enc hash of the tampered bytes is what a lying host would announce: the MAC still catches it.
        byte[] tamperedHash = MessageDigest.getInstance("SHA-256").digest(tampered);
        assertThatThrownBy(() -> MediaDecryptor.verify(file, mediaKey, MediaType.VIDEO, tamperedHash))
                .isInstanceOf(MediaException.class).hasMessageContaining("MAC")
                .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.INTEGRITY);
    }

    @Test
    void aTamperedCiphertextIsRefusedOnItsEncHash() throws Exception {
        byte[] mediaKey = bytes(32);
        EncryptedMedia media = MediaCipher.encrypt(bytes(1000), mediaKey, MediaType.AUDIO);
        byte[] tampered = media.encrypted().clone();
        tampered[5] ^= 0x40;
        Path file = write(tampered);
        assertThatThrownBy(() -> MediaDecryptor.verify(file, mediaKey, MediaType.AUDIO, media.fileEncSha256()))
                .isInstanceOf(MediaException.class).hasMessageContaining("fileEncSha256");
    }

    @Test
    void aTruncatedStreamIsRefused() throws Exception {
        byte[] mediaKey = bytes(32);
        EncryptedMedia media = MediaCipher.encrypt(bytes(1000), mediaKey, MediaType.DOCUMENT);
        for (int cut : new int[]{1, 10, 16, media.encrypted().length - 5}) {
            Path file = write(Arrays.copyOf(media.encrypted(), media.encrypted().length - cut));
            assertThatThrownBy(() -> MediaDecryptor.verify(file, mediaKey, MediaType.DOCUMENT, media.fileEncSha256()))
                    .isInstanceOf(MediaException.class)
                    .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.INTEGRITY);
        }
    }

    @Test
    void aWrongPlaintextHashIsRefusedAfterDecryption() throws Exception {
        byte[] mediaKey = bytes(32);
        EncryptedMedia media = MediaCipher.encrypt(bytes(300), mediaKey, MediaType.IMAGE);
        Path file = write(media.encrypted());
        MediaDecryptor.verify(file, mediaKey, MediaType.IMAGE, media.fileEncSha256());
        byte[] wrong = media.fileSha256().clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> MediaDecryptor.decrypt(file, OutputStream.nullOutputStream(), mediaKey,
                MediaType.IMAGE, wrong)).isInstanceOf(MediaException.class).hasMessageContaining("fileSha256");
    }

    @Test
    void emptyAndOversizedInputsAreRefused() {
        byte[] mediaKey = bytes(32);
        assertThatThrownBy(() -> MediaEncryptor.encrypt(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                mediaKey, MediaType.IMAGE, 100)).isInstanceOf(MediaException.class)
                .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.EMPTY);
        assertThatThrownBy(() -> MediaEncryptor.encrypt(new ByteArrayInputStream(bytes(101)),
                OutputStream.nullOutputStream(), mediaKey, MediaType.IMAGE, 100)).isInstanceOf(MediaException.class)
                .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.TOO_LARGE);
    }

    /**
     * 50 MB generated on the fly, encrypted to a file, verified and decrypted into a digest: no step holds the file
     * (the plaintext never exists as an array), and the plaintext hash comes out equal.
     */
    @Test
    void aFiftyMegabyteStreamRoundTripsThroughFiles() throws Exception {
        long size = 50L * 1024 * 1024 + 7;
        byte[] mediaKey = bytes(32);
        MessageDigest sourceHash = MessageDigest.getInstance("SHA-256");
        Path encrypted = folder.resolve("big.enc");
        MediaHashes hashes;
        try (OutputStream out = Files.newOutputStream(encrypted);
             InputStream in = new java.security.DigestInputStream(new GeneratedStream(size, 42), sourceHash)) {
            hashes = MediaEncryptor.encrypt(in, out, mediaKey, MediaType.VIDEO, size);
        }
        assertThat(hashes.fileLength()).isEqualTo(size);
        assertThat(hashes.fileSha256()).isEqualTo(sourceHash.digest());
        assertThat(Files.size(encrypted)).isEqualTo(hashes.encryptedLength());

        MediaDecryptor.verify(encrypted, mediaKey, MediaType.VIDEO, hashes.fileEncSha256());
        MessageDigest decryptedHash = MessageDigest.getInstance("SHA-256");
        long length;
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), decryptedHash)) {
            length = MediaDecryptor.decrypt(encrypted, sink, mediaKey, MediaType.VIDEO, hashes.fileSha256());
        }
        assertThat(length).isEqualTo(size);
        assertThat(decryptedHash.digest()).isEqualTo(hashes.fileSha256());
    }

    private Path write(byte[] data) throws IOException {
        Path file = Files.createTempFile(folder, "media", ".enc");
        Files.write(file, data);
        return file;
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** Pseudo-random bytes produced as they are read. */
    private static final class GeneratedStream extends InputStream {
        private final Random source;
        private long remaining;

        GeneratedStream(long size, long seed) {
            this.remaining = size;
            this.source = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            byte[] chunk = new byte[count];
            source.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, count);
            remaining -= count;
            return count;
        }
    }
}
