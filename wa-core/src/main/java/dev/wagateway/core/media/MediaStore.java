package dev.wagateway.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: where received media is kept, by device and message id: the entry ({@link MediaEntry}) and, once stored, the
 * decrypted bytes. The default adapter writes under the data folder; an object store (S3-compatible) fits the same
 * port, since files arrive as a finished local file and leave as a stream.
 */
public interface MediaStore {

    /** A new empty temporary file where a download may be verified before {@link #store}; the caller deletes it. */
    Path newTempFile() throws IOException;

    /** Saves (or replaces) an entry without content: pending or failed. */
    void save(MediaEntry entry) throws IOException;

    /**
     * Keeps {@code file} (moved or copied away; a leftover is the caller's to delete) as the entry's content and
     * saves the entry; readers see either the old state or the whole new file, never part of it.
     */
    void store(MediaEntry entry, Path file) throws IOException;

    /** The entry of a message, if any. */
    Optional<MediaEntry> find(UUID deviceId, String messageId) throws IOException;

    /** The stored bytes of a message; empty unless its entry is {@code STORED}. */
    Optional<InputStream> open(UUID deviceId, String messageId) throws IOException;

    /** Deletes entries (and content) last changed before {@code cutoff}; returns how many. */
    int deleteOlderThan(Instant cutoff) throws IOException;

    /** Deletes everything of a device. */
    void deleteDevice(UUID deviceId) throws IOException;
}
