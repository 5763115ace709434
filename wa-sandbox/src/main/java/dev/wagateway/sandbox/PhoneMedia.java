package dev.wagateway.sandbox;

import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.EncryptedUpload;
import dev.wagateway.protocol.media.MediaConn;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaHost;
import dev.wagateway.protocol.media.MediaTransfer;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.media.UploadedMedia;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How simulated phones move media: over HTTPS through the sandbox media host, as any client does (upload with the
 * {@code media_conn} auth; download, then every hash and the MAC checked before the bytes are kept).
 */
final class PhoneMedia implements AutoCloseable {

    private final MediaStore store;
    private final Supplier<String> hostname;
    private final MediaTransfer transfer;
    /** What the phones sent, encrypted, by {@code fileEncSha256} (hex). */
    private final Map<String, EncryptedUpload> gallery = new ConcurrentHashMap<>();

    PhoneMedia(MediaStore store, Supplier<String> hostname, MediaTls tls, SecureRandom random) {
        this.store = store;
        this.hostname = hostname;
        this.transfer = new MediaTransfer(MediaTransferConfig.withSslContext(tls.clientSslContext())
                .withMaxBytes(MediaStore.MAX_BLOB), random, Clock.systemUTC());
    }

    /** Fault: the media host serves every file with one byte flipped, until turned off. */
    void corruptDownloads(boolean on) {
        store.corruptDownloads(on);
    }

    /**
     * Encrypts and uploads a file the phone sends. The encrypted file stays in the phone's gallery (on disk, as a
     * phone keeps what it sent), so that it can upload it again when the media host lost it.
     */
    UploadedMedia upload(MediaType type, byte[] plaintext) throws IOException, MediaException {
        EncryptedUpload encrypted = transfer.encrypt(new ByteArrayInputStream(plaintext), type);
        try {
            UploadedMedia uploaded = transfer.upload(conn(), encrypted);
            EncryptedUpload previous = gallery.put(HexFormat.of().formatHex(uploaded.fileEncSha256()), encrypted);
            if (previous != null) {
                previous.close();
            }
            return uploaded;
        } catch (IOException | MediaException | RuntimeException e) {
            encrypted.close();
            throw e;
        }
    }

    /**
     * Uploads a file from the gallery again (same key, same bytes, a new place): a phone answering a re-upload
     * request; empty when the phone no longer has it.
     */
    Optional<UploadedMedia> reupload(byte[] fileEncSha256) throws IOException, MediaException {
        EncryptedUpload kept = gallery.get(HexFormat.of().formatHex(fileEncSha256));
        return kept == null ? Optional.empty() : Optional.of(transfer.upload(conn(), kept));
    }

    /** Fault: the phones delete the files they sent (a re-upload request then finds nothing). */
    void forgetSent() {
        for (String key : gallery.keySet()) {
            EncryptedUpload removed = gallery.remove(key);
            if (removed != null) {
                removed.close();
            }
        }
    }

    /** Fault: the media host loses every file it holds (as a CDN whose copies expired); returns how many. */
    int expireAll() {
        return store.expireAll();
    }

    /** Downloads and verifies a file the phone received. */
    byte[] download(DownloadableMedia media) throws IOException, MediaException {
        return transfer.download(conn(), media);
    }

    private MediaConn conn() {
        return new MediaConn(store.auth(), Duration.ofMinutes(5), Duration.ZERO, 12, java.time.Instant.now(),
                List.of(new MediaHost(hostname.get(), Optional.empty(), MediaStore.MAX_BLOB)));
    }

    @Override
    public void close() {
        gallery.values().forEach(EncryptedUpload::close);
        gallery.clear();
        transfer.close();
    }
}
