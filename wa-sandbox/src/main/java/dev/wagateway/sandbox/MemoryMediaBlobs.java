package dev.wagateway.sandbox;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Blobs in memory: a sandbox without a data folder, whose media end with it. */
final class MemoryMediaBlobs implements MediaBlobs {

    private final ConcurrentHashMap<String, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public void put(String id, byte[] body) {
        blobs.put(id, body); // the caller's fresh array, never written again
    }

    @Override
    public Optional<Blob> get(String id) {
        return Optional.ofNullable(blobs.get(id)).map(bytes -> new Blob(bytes.length,
                () -> new ByteArrayInputStream(bytes)));
    }

    @Override
    public long totalBytes() {
        return blobs.values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    @Override
    public int removeAll() {
        int count = blobs.size();
        blobs.clear();
        return count;
    }
}
