package dev.wagateway.core.media;

import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.message.ContentSummary;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.Media;
import dev.wagateway.protocol.media.MediaOrigin;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Received files: each recorded when its message is stored, downloaded (verified: hashes and MAC before a byte is
 * kept) either at once or on the first request, its type detected from the bytes, and served from the
 * {@link MediaStore}. A download that can never succeed (tampered or corrupt, expired on the CDN, too large, no
 * media key) is kept {@code FAILED} with its reason; one that may pass (device offline, media hosts down) stays
 * pending and is tried again on the next request.
 */
public final class ReceivedMediaService implements IncomingMedia {

    private static final Logger log = LoggerFactory.getLogger(ReceivedMediaService.class);
    private static final Duration DOWNLOAD_WAIT = Duration.ofMinutes(10);

    private final DeviceCalls calls;
    private final MediaStore store;
    private final MediaInspector inspector;
    private final Clock clock;
    private final long maxBytes;
    private final boolean eager;
    private final String apiBasePath;
    private final Semaphore downloads;
    private final ConcurrentMap<String, ReentrantLock> fetching = new ConcurrentHashMap<>();

    /**
     * @param maxBytes          the largest file kept ({@code WHATSAPP_MEDIA_MAX_BYTES})
     * @param eager             download when the message arrives (else on the first request)
     * @param apiBasePath       the API's base path ({@code HTTP_BASE_URL}), for download URLs
     * @param parallelDownloads how many eager downloads run at once
     */
    public ReceivedMediaService(DeviceCalls calls, MediaStore store, MediaInspector inspector, Clock clock,
                                long maxBytes, boolean eager, String apiBasePath, int parallelDownloads) {
        this.calls = calls;
        this.store = store;
        this.inspector = inspector;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.eager = eager;
        this.apiBasePath = apiBasePath;
        this.downloads = new Semaphore(Math.max(1, parallelDownloads));
    }

    /** A stored file: its entry and its bytes (the caller closes the stream). */
    public record StoredFile(MediaEntry entry, InputStream content) {
    }

    @Override
    public Optional<String> downloadUrl(String messageId) {
        return Optional.of(apiBasePath + "/messages/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/media");
    }

    @Override
    public void received(UUID deviceId, String chat, String sender, boolean fromMe, String messageId,
                         Message message) {
        ContentSummary content = ContentSummary.of(message);
        Optional<MediaKind> kind = MediaKind.fromWireName(content.type());
        Optional<DownloadableMedia> source = DownloadableMedia.of(message);
        if (kind.isEmpty() || source.isEmpty()) {
            return;
        }
        Optional<MediaInfo> info = content.media();
        MediaEntry entry = new MediaEntry(deviceId, messageId, chat, kind.get(), MediaEntry.State.PENDING, source,
                Optional.of(new MediaEntry.Origin(sender, fromMe)), source.get().mimetype(), source.get().fileLength(),
                info.flatMap(MediaInfo::fileName), Optional.empty(), clock.instant());
        try {
            source.get().requireComplete();
            if (source.get().fileLength() > maxBytes) {
                entry = entry.failed("the file announces " + source.get().fileLength()
                        + " bytes, more than the limit of " + maxBytes, clock.instant());
            }
        } catch (MediaException e) {
            entry = entry.failed(e.getMessage(), clock.instant());
        }
        try {
            store.save(entry);
        } catch (IOException e) {
            log.warn("device {}: cannot record the media of message {}: {}", deviceId, messageId, e.getMessage());
            return;
        }
        if (eager && entry.state() == MediaEntry.State.PENDING) {
            MediaEntry pending = entry;
            Thread.ofVirtual().name("media-download").start(() -> {
                try {
                    downloads.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    fetch(pending);
                } catch (RuntimeException e) {
                    log.info("device {}: media of message {} not downloaded yet: {}", deviceId, messageId,
                            e.getMessage());
                } finally {
                    downloads.release();
                }
            });
        }
    }

    /**
     * The file of message {@code messageId}, downloading it first when it is not stored yet.
     *
     * @throws NotFoundException the message has no file, or its download failed for good (the reason is named)
     * @throws GatewayException  the device cannot download it now (not connected, media hosts unavailable)
     */
    public StoredFile open(UUID deviceId, String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new InvalidRequestException("message_id is required");
        }
        MediaEntry entry = find(deviceId, messageId)
                .orElseThrow(() -> new NotFoundException("message " + messageId + " has no media"));
        if (entry.state() == MediaEntry.State.PENDING) {
            entry = fetch(entry);
        }
        if (entry.state() == MediaEntry.State.FAILED) {
            throw new NotFoundException("the media of message " + messageId + " could not be downloaded: "
                    + entry.error().orElse("unknown reason"));
        }
        if (entry.state() != MediaEntry.State.STORED) {
            throw new WhatsAppFailureException("the media of message " + messageId + " is not downloaded yet: "
                    + entry.error().orElse("try again"));
        }
        try {
            MediaEntry stored = entry;
            InputStream content = store.open(deviceId, messageId).orElseThrow(() ->
                    new NotFoundException("the media of message " + messageId + " is no longer kept"));
            return new StoredFile(stored, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored media", e);
        }
    }

    /** Downloads a pending entry (once at a time per message) and records the outcome. */
    private MediaEntry fetch(MediaEntry entry) {
        String key = entry.deviceId() + "/" + entry.messageId();
        ReentrantLock lock = fetching.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            MediaEntry current = find(entry.deviceId(), entry.messageId()).orElse(entry);
            if (current.state() != MediaEntry.State.PENDING || current.source().isEmpty()) {
                return current;
            }
            MediaEntry outcome = download(current);
            save(outcome);
            return outcome;
        } finally {
            lock.unlock();
            fetching.remove(key, lock);
        }
    }

    private MediaEntry download(MediaEntry entry) {
        DownloadableMedia source = entry.source().orElseThrow();
        Path temp = null;
        try {
            temp = store.newTempFile();
            Path target = temp;
            WaClient client = calls.client(entry.deviceId());
            long length;
            try {
                length = calls.await(client.media().download(source, target), "download media", DOWNLOAD_WAIT);
            } catch (GatewayException e) {
                if (entry.origin().isEmpty() || mediaFailure(e).map(MediaException::reason)
                        .filter(reason -> reason == MediaException.Reason.GONE).isEmpty()) {
                    throw e;
                }
                // the media host lost the file: the sender's phone uploads it again, and we download once more
                DownloadableMedia fresh = reupload(client, entry, source);
                entry = entry.withSource(fresh);
                save(entry);
                length = calls.await(client.media().download(fresh, target), "download media", DOWNLOAD_WAIT);
            }
            String detected = inspector.inspect(target, entry.fileName()).contentType();
            MediaEntry stored = entry.stored(detected, length, clock.instant());
            store.store(stored, target);
            log.info("device {}: media of message {} stored ({} bytes, {})", entry.deviceId(), entry.messageId(),
                    length, detected);
            return stored;
        } catch (GatewayException e) {
            Optional<MediaException> cause = mediaFailure(e);
            if (cause.isPresent() && cause.get().reason() != MediaException.Reason.UNAVAILABLE) {
                MediaException media = cause.get();
                log.info("device {}: media of message {} refused: {}", entry.deviceId(), entry.messageId(),
                        media.getMessage());
                return entry.failed(describe(media), clock.instant());
            }
            log.info("device {}: media of message {} not downloaded yet: {}", entry.deviceId(), entry.messageId(),
                    e.getMessage());
            return entry.retryLater(e.getMessage(), clock.instant());
        } catch (IOException e) {
            return entry.retryLater("cannot keep the file: " + e.getMessage(), clock.instant());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("cannot delete {}: {}", temp, e.getMessage());
                }
            }
        }
    }

    private DownloadableMedia reupload(WaClient client, MediaEntry entry, DownloadableMedia source) {
        MediaEntry.Origin origin = entry.origin().orElseThrow();
        Jid chat = Jid.tryParse(entry.chat()).orElseThrow(() -> new IllegalStateException("bad chat " + entry.chat()));
        Jid sender = Jid.tryParse(origin.sender()).orElse(chat);
        log.info("device {}: media of message {} expired on the media host; asking the sender's phone to upload it "
                + "again", entry.deviceId(), entry.messageId());
        return calls.await(client.media().requestReupload(source, new MediaOrigin(entry.messageId(), chat,
                origin.fromMe(), sender)), "ask for the media again", Media.REUPLOAD_WAIT.plusSeconds(5));
    }

    private static Optional<MediaException> mediaFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MediaException media) {
                return Optional.of(media);
            }
        }
        return Optional.empty();
    }

    private static String describe(MediaException e) {
        return switch (e.reason()) {
            case INTEGRITY -> "the file failed its integrity check (tampered or corrupt): " + e.getMessage();
            case GONE -> "the file expired on WhatsApp's servers: " + e.getMessage();
            case TOO_LARGE -> "the file is too large: " + e.getMessage();
            case INVALID -> "the message lacks what a download needs: " + e.getMessage();
            case EMPTY, UNAVAILABLE -> e.getMessage();
        };
    }

    private Optional<MediaEntry> find(UUID deviceId, String messageId) {
        try {
            return store.find(deviceId, messageId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the media store", e);
        }
    }

    private void save(MediaEntry entry) {
        if (entry.state() == MediaEntry.State.STORED) {
            return; // stored with its content
        }
        try {
            store.save(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the media store", e);
        }
    }
}
