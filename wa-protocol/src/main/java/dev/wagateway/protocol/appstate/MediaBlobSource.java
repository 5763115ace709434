package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.Media;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.proto.ExternalBlobReference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * App state's external blobs through the media host (protocol §10.3): downloaded, verified against both hashes and
 * decrypted as {@code md-app-state} by {@link Media}, then read whole (snapshots are a few hundred kilobytes; the
 * announced size is checked first).
 */
public final class MediaBlobSource implements BlobSource {

    /** Larger than any app-state snapshot the references handle; a bigger claim is refused before downloading. */
    static final long MAX_BLOB = 64L << 20;

    private final Media media;

    /** Blobs downloaded with {@code media}. */
    public MediaBlobSource(Media media) {
        this.media = media;
    }

    @Override
    public byte[] download(ExternalBlobReference reference) throws IOException {
        if (reference.getFileSizeBytes() > MAX_BLOB) {
            throw new IOException("an app-state blob of " + reference.getFileSizeBytes() + " bytes");
        }
        if (reference.getDirectPath().isEmpty() || reference.getMediaKey().isEmpty()) {
            throw new IOException("an app-state blob reference without direct path or key");
        }
        DownloadableMedia blob = new DownloadableMedia(MediaType.APP_STATE, reference.getDirectPath(), "",
                reference.getMediaKey().toByteArray(), reference.getFileSha256().toByteArray(),
                reference.getFileEncSha256().toByteArray(), reference.getFileSizeBytes(), "");
        Path target = Files.createTempFile(media.config().tempDirectory(), "wa-appstate", ".bin");
        try {
            long length = media.download(blob, target).join();
            if (length > MAX_BLOB) {
                throw new IOException("an app-state blob of " + length + " bytes");
            }
            return Files.readAllBytes(target);
        } catch (RuntimeException e) {
            throw new IOException("app-state blob download failed: " + Causes.root(e).getMessage(), e);
        } finally {
            Files.deleteIfExists(target);
        }
    }
}
