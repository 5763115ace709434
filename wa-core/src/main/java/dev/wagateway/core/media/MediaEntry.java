package dev.wagateway.core.media;

import dev.wagateway.protocol.media.DownloadableMedia;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway keeps of a received message's file: where to fetch it from while it is not stored yet, and once
 * stored its verified size and detected type; a download that can never succeed is kept {@code FAILED} with why.
 *
 * @param source      what a download needs (key, hashes, path); kept until the file is stored
 * @param origin      who sent the message, for a re-upload request when the media host lost the file; kept with the
 *                    source
 * @param contentType the type detected from the stored bytes (the sender's claim while not stored)
 * @param size        the stored plaintext's length (the announced length while not stored)
 * @param fileName    the document's name, or empty
 * @param error       why the last download failed, or empty
 */
public record MediaEntry(UUID deviceId, String messageId, String chat, MediaKind kind, State state,
                         Optional<DownloadableMedia> source, Optional<Origin> origin, String contentType, long size,
                         Optional<String> fileName, Optional<String> error, Instant updatedAt) {

    /**
     * Who sent the message carrying the file.
     *
     * @param sender the sender's user JID
     * @param fromMe whether our own account sent it (from another device)
     */
    public record Origin(String sender, boolean fromMe) {
    }

    /** Where a file is. */
    public enum State {
        /** Not downloaded yet (or a download failed for a reason that may pass). */
        PENDING,
        /** Downloaded, verified and kept. */
        STORED,
        /** Can never be downloaded: tampered or corrupt, expired, too large, or the message lacks what it needs. */
        FAILED
    }

    public MediaEntry {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(updatedAt, "updatedAt");
        contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    }

    /** This entry stored: the verified length and detected type, the source forgotten. */
    public MediaEntry stored(String detectedType, long length, Instant now) {
        return new MediaEntry(deviceId, messageId, chat, kind,
                State.STORED, Optional.empty(), Optional.empty(), detectedType, length,
                fileName, Optional.empty(), now);
    }

    /** This entry failed for good, the source forgotten. */
    public MediaEntry failed(String why, Instant now) {
        return new MediaEntry(deviceId, messageId, chat, kind,
                State.FAILED, Optional.empty(), Optional.empty(), contentType, size,
                fileName, Optional.of(why), now);
    }

    /** This entry pending with {@code newSource} (the file uploaded again at a new place). */
    public MediaEntry withSource(DownloadableMedia newSource) {
        return new MediaEntry(deviceId, messageId, chat, kind, state, Optional.of(newSource), origin, contentType,
                size, fileName, error, updatedAt);
    }

    /** This entry still pending after a failure that may pass. */
    public MediaEntry retryLater(String why, Instant now) {
        return new MediaEntry(deviceId, messageId, chat, kind,
                State.PENDING, source, origin, contentType, size, fileName,
                Optional.of(why), now);
    }
}
