package dev.wagateway.protocol.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DecryptionBuffer} in memory, for tests and embedders without a database: it survives reconnects, not a
 * restart of the process. Holds at most {@value #CAPACITY} entries (the oldest go first) and allocates nothing
 * until the first message.
 */
public final class InMemoryDecryptionBuffer implements DecryptionBuffer {

    static final int CAPACITY = 10_000;

    private record Kept(byte[] paddedPlaintext, Instant decryptedAt) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private Map<ByteBuffer, Kept> entries;

    @Override
    public Optional<BufferedDecryption> find(byte[] ciphertextHash) {
        lock.lock();
        try {
            Kept entry = entries == null ? null : entries.get(ByteBuffer.wrap(ciphertextHash.clone()));
            if (entry == null) {
                return Optional.empty();
            }
            return Optional.of(entry.paddedPlaintext() == null ? new BufferedDecryption.Handled()
                    : new BufferedDecryption.Pending(entry.paddedPlaintext()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void keep(byte[] ciphertextHash, byte[] paddedPlaintext, Instant decryptedAt) {
        lock.lock();
        try {
            if (entries == null) {
                entries = new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Kept> eldest) {
                        return size() > CAPACITY;
                    }
                };
            }
            entries.put(ByteBuffer.wrap(ciphertextHash.clone()), new Kept(paddedPlaintext.clone(), decryptedAt));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void markHandled(List<byte[]> ciphertextHashes) {
        lock.lock();
        try {
            if (entries == null) {
                return;
            }
            for (byte[] hash : ciphertextHashes) {
                entries.computeIfPresent(ByteBuffer.wrap(hash.clone()),
                        (key, entry) -> new Kept(null, entry.decryptedAt()));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int forgetBefore(Instant cutoff) {
        lock.lock();
        try {
            if (entries == null) {
                return 0;
            }
            int before = entries.size();
            entries.values().removeIf(entry -> entry.decryptedAt().isBefore(cutoff));
            return before - entries.size();
        } finally {
            lock.unlock();
        }
    }
}
