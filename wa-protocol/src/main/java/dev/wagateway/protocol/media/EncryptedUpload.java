package dev.wagateway.protocol.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file encrypted for upload, waiting in a temporary file ({@link MediaTransfer#encrypt}); closing it deletes the
 * file. Kept apart from the upload itself so an upload refused by every host can be tried again with a fresh
 * {@code media_conn} without reading the caller's input twice.
 *
 * @param mediaKey the file's fresh 32-byte key
 * @param hashes   the plaintext and ciphertext hashes and lengths
 * @param file     the temporary file holding {@code ciphertext ‖ mac}
 */
public record EncryptedUpload(MediaType type, byte[] mediaKey, MediaHashes hashes, Path file)
        implements AutoCloseable {

    /** Deletes the temporary file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
