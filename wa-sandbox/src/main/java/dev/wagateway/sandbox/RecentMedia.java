package dev.wagateway.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The decrypted bytes of the media a phone received last, newest {@code capacity} of them: what the control API
 * hands back at once. An older file is not lost: the phone fetches it again from the media host with the keys of the
 * message it remembers. Unbounded, a phone receiving media for hours kept every file in the sandbox's heap.
 */
final class RecentMedia {

    /** How many files a phone keeps at hand unless told otherwise. */
    static final int DEFAULT_CAPACITY = 32;

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, byte[]> files;

    /** A store keeping the newest {@code capacity} files. */
    RecentMedia(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a phone keeps at least one file at hand, not " + capacity);
        }
        this.files = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Keeps {@code bytes} as the file of message {@code id}, forgetting the eldest file when full. */
    void put(String id, byte[] bytes) {
        lock.lock();
        try {
            files.put(id, bytes);
        } finally {
            lock.unlock();
        }
    }

    /** The file of message {@code id}, if still at hand. */
    Optional<byte[]> get(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(files.get(id));
        } finally {
            lock.unlock();
        }
    }
}
