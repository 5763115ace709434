package dev.wagateway.sandbox;

import dev.wagateway.protocol.media.DownloadableMedia;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How simulated phones move media: over HTTPS through the sandbox media host, as any client does (upload with the
 * {@code media_conn} auth; download, then every hash and the MAC checked before the bytes are kept).
 */
final class PhoneMedia implements AutoCloseable {

    private final MediaStore store;
    private final Supplier<String> hostname;
    private final MediaTransfer transfer;

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

    /** Encrypts and uploads a file the phone sends. */
    UploadedMedia upload(MediaType type, byte[] plaintext) throws IOException, MediaException {
        return transfer.upload(conn(), new ByteArrayInputStream(plaintext), type);
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
        transfer.close();
    }
}
