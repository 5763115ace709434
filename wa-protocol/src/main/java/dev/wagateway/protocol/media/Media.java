package dev.wagateway.protocol.media;

import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ClientContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Media of one account (protocol §9): the {@code media_conn} answer, cached until it expires (as whatsmeow's
 * {@code getMediaConn} and Baileys' {@code refreshMediaConn} do), uploads of encrypted files and verified downloads.
 * A transfer every host refused is tried once more with a freshly fetched {@code media_conn}: the hosts or the auth
 * may have changed. Media messages are then sent like any other message ({@code messages().send(...)} with a
 * {@link MediaMessages} builder).
 *
 * <p>Every method runs its blocking work on a virtual thread and completes the returned future; failures are a
 * {@link MediaException} (its reason says what the caller can do), an {@link IOException} or the IQ's failure.
 */
public final class Media implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Media.class);
    /** How long the sender's phone has to upload a file again. */
    public static final Duration REUPLOAD_WAIT = Duration.ofSeconds(60);

    private final ClientContext context;
    private final MediaTransferConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final MediaReuploads reuploads;
    private MediaConn cached;
    private MediaTransfer transfer;

    /**
     * Made by the client; the HTTPS client behind transfers is created on first use (a device that never moves
     * media pays nothing for it).
     *
     * @param config how media is moved (TLS trust, limits, temporary folder)
     */
    public Media(ClientContext context, MediaTransferConfig config) {
        this.context = context;
        this.config = config;
        this.reuploads = new MediaReuploads(context, REUPLOAD_WAIT);
    }

    /** The configured transfer limits and trust. */
    public MediaTransferConfig config() {
        return config;
    }

    /** The current {@code media_conn}: the cached one while it is valid, else a fresh one from the server. */
    public CompletableFuture<MediaConn> mediaConn() {
        return async(() -> conn(false));
    }

    /**
     * Encrypts and uploads {@code plaintext} (read to its end, not closed) as {@code type}.
     *
     * @return the upload, for a {@link MediaMessages} builder
     */
    public CompletableFuture<UploadedMedia> upload(InputStream plaintext, MediaType type) {
        context.requireLoggedIn();
        return async(() -> {
            MediaTransfer media = transfer();
            try (EncryptedUpload encrypted = media.encrypt(plaintext, type)) {
                try {
                    return media.upload(conn(false), encrypted);
                } catch (MediaException e) {
                    if (e.reason() != MediaException.Reason.UNAVAILABLE) {
                        throw e;
                    }
                    log.info("media upload failed on every host ({}); fetching media_conn again", e.getMessage());
                    return media.upload(conn(true), encrypted);
                }
            }
        });
    }

    /**
     * Downloads, verifies and decrypts {@code media} into {@code target} (replaced atomically, never half-written).
     *
     * @return the plaintext length
     */
    public CompletableFuture<Long> download(DownloadableMedia media, Path target) {
        return async(() -> {
            MediaTransfer transfer = transfer();
            try {
                return transfer.downloadToFile(conn(false), media, target);
            } catch (MediaException e) {
                if (e.reason() != MediaException.Reason.UNAVAILABLE || !media.directPath().startsWith("/")) {
                    throw e;
                }
                log.info("media download failed on every host ({}); fetching media_conn again", e.getMessage());
                return transfer.downloadToFile(conn(true), media, target);
            }
        });
    }

    /**
     * Asks the sender's phone to upload {@code media} again, after the media host answered that it no longer has it
     * ({@link MediaException.Reason#GONE}); completes with the file at its new place, to download once more.
     *
     * @return fails with {@code GONE} when the phone no longer has the file or does not answer within
     *         {@link #REUPLOAD_WAIT}
     */
    public CompletableFuture<DownloadableMedia> requestReupload(DownloadableMedia media, MediaOrigin origin) {
        return reuploads.request(media, origin);
    }

    /** Closes the HTTPS client (a later transfer opens a new one). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (transfer != null) {
                transfer.close();
                transfer = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private MediaConn conn(boolean refresh) throws IOException, MediaException {
        lock.lock();
        try {
            if (!refresh && cached != null && !cached.isExpired(context.clock().instant())) {
                return cached;
            }
        } finally {
            lock.unlock();
        }
        context.requireLoggedIn();
        Node answer;
        try {
            answer = context.channel().query(MediaConnStanzas.request()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching media_conn", e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
        try {
            MediaConn fresh = MediaConnStanzas.parse(answer, context.clock().instant());
            lock.lock();
            try {
                cached = fresh;
            } finally {
                lock.unlock();
            }
            return fresh;
        } catch (MalformedNodeException e) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "bad media_conn answer: " + e.getMessage(), e);
        }
    }

    private MediaTransfer transfer() {
        lock.lock();
        try {
            if (transfer == null) {
                transfer = new MediaTransfer(config, context.random(), context.clock());
            }
            return transfer;
        } finally {
            lock.unlock();
        }
    }

    /** Blocking work of a transfer. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException, MediaException;
    }

    private static <T> CompletableFuture<T> async(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().name("wa-media").start(() -> {
            try {
                result.complete(work.run());
            } catch (CompletionException e) {
                result.completeExceptionally(e.getCause() != null ? e.getCause() : e);
            } catch (UncheckedIOException e) {
                result.completeExceptionally(e.getCause());
            } catch (IOException | MediaException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
