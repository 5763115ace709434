package dev.wagateway.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where the media host keeps its encrypted blobs, by id: in memory for a sandbox without a data folder
 * ({@link MemoryMediaBlobs}), in files under it otherwise ({@link FolderMediaBlobs}), so media outlive a restart.
 */
interface MediaBlobs {

    /** A stored blob: its length and a way to read it, streamed. */
    record Blob(long length, Source source) {

        InputStream open() throws IOException {
            return source.open();
        }
    }

    /** Opens a stored blob for reading. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** Keeps {@code body} under {@code id} (a fresh id, never replaced). */
    void put(String id, byte[] body) throws IOException;

    Optional<Blob> get(String id);

    /** The bytes held now (for the store's total bound). */
    long totalBytes();

    /** Removes every blob (the expiry fault); returns how many were removed. */
    int removeAll();
}
