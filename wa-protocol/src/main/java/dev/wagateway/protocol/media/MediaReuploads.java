package dev.wagateway.protocol.media;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.MediaRetryNotification;
import dev.wagateway.protocol.store.PairedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Re-upload requests for files the media host no longer has (protocol §9.6; whatsmeow {@code mediaretry.go —
 * SendMediaRetryReceipt, DecryptMediaRetryNotification}): a {@code server-error} receipt with the encrypted
 * {@code ServerErrorReceipt} goes to our own JID, the server asks the sender's phone, which uploads the file again
 * and answers with a {@code mediaretry} notification naming the new direct path.
 */
final class MediaReuploads {

    private static final Logger log = LoggerFactory.getLogger(MediaReuploads.class);

    private final ClientContext context;
    private final Duration timeout;
    private final Map<String, CompletableFuture<MediaRetry.Notice>> waiting = new ConcurrentHashMap<>();

    /** Registers the {@code mediaretry} notification route. */
    MediaReuploads(ClientContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
        context.routes().on(NodeRoute.notification("mediaretry"), this::answered);
    }

    /**
     * Asks for a re-upload of {@code media} and completes with the file at its new place.
     *
     * @return fails with a {@link MediaException} {@code GONE} when the phone no longer has the file or did not
     *         answer in time, {@code INTEGRITY} when its answer does not decrypt with the file's key
     */
    CompletableFuture<DownloadableMedia> request(DownloadableMedia media, MediaOrigin origin) {
        context.requireLoggedIn();
        Jid own = context.store().pairedDevice().map(PairedDevice::jid)
                .orElseThrow(() -> new NotConnectedException("not paired"));
        MediaRetry.Sealed sealed = MediaRetry.sealRequest(origin.messageId(), media.mediaKey(), context.random());
        Node receipt = MediaRetry.receipt(origin.messageId(), own, origin.chat().toNonAd(), origin.fromMe(),
                origin.chat().isGroup() ? origin.sender().toNonAd() : null, sealed);
        CompletableFuture<MediaRetry.Notice> answer = new CompletableFuture<>();
        CompletableFuture<MediaRetry.Notice> earlier = waiting.put(origin.messageId(), answer);
        if (earlier != null) {
            answer.whenComplete((notice, failure) -> { // both askers get the one answer
                if (failure != null) {
                    earlier.completeExceptionally(failure);
                } else {
                    earlier.complete(notice);
                }
            });
        }
        try {
            context.channel().send(receipt);
        } catch (IOException e) {
            waiting.remove(origin.messageId(), answer);
            return CompletableFuture.failedFuture(e);
        }
        context.scheduler().schedule(() -> {
            if (waiting.remove(origin.messageId(), answer)) {
                answer.completeExceptionally(new MediaException(MediaException.Reason.GONE,
                        "the phone did not answer the re-upload request within " + timeout.toSeconds() + " s"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return answer.thenApply(notice -> reuploaded(media, notice));
    }

    private static DownloadableMedia reuploaded(DownloadableMedia media, MediaRetry.Notice notice) {
        try {
            MediaRetry.Outcome outcome = MediaRetry.open(notice, media.mediaKey());
            if (outcome.result() != MediaRetryNotification.ResultType.SUCCESS || !outcome.directPath()
                    .startsWith("/")) {
                throw new MediaException(MediaException.Reason.GONE, "the phone could not re-upload the media ("
                        + outcome.result() + ")");
            }
            return new DownloadableMedia(media.type(), outcome.directPath(), null, media.mediaKey(),
                    media.fileSha256(), media.fileEncSha256(), media.fileLength(), media.mimetype());
        } catch (MediaException e) {
            throw new CompletionException(e);
        }
    }

    private void answered(Node notification) {
        MediaRetry.Notice notice;
        try {
            notice = MediaRetry.parseNotification(notification);
        } catch (MalformedNodeException e) {
            log.warn("ignoring a malformed mediaretry notification: {}", e.getMessage());
            return;
        }
        Jid sender = notice.fromMe() ? context.store().pairedDevice().map(PairedDevice::jid).map(Jid::toNonAd)
                .orElse(notice.chat()) : notice.participant().orElse(notice.chat());
        context.events().emit(new WaEvent.MediaRetryReceived(notice.messageId(), notice.chat(), sender,
                notice.fromMe(), notice.errorCode(), notification.longAttribute("t").map(Instant::ofEpochSecond)
                .orElse(context.clock().instant())));
        CompletableFuture<MediaRetry.Notice> answer = waiting.remove(notice.messageId());
        if (answer == null) {
            log.info("mediaretry notification for {}, which we are not waiting for", notice.messageId());
            return;
        }
        answer.complete(notice);
    }
}
