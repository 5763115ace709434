package dev.wagateway.protocol.signal.ratchet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One receiving chain of a session: the peer's ratchet public key, the chain key of the next message we expect
 * under it, and the seeds of messages we passed over (at most {@link RatchetLimits#MAX_SKIPPED_KEYS}, the oldest
 * dropped first). Mutable; only {@link SessionState} changes it, under the address lock.
 */
public final class ReceiverChain {

    private final byte[] ratchetKey;
    private ChainKey chainKey;
    // Insertion order is counter order, so the first entry is the oldest one to drop.
    private final LinkedHashMap<Long, byte[]> skipped = new LinkedHashMap<>();

    ReceiverChain(byte[] ratchetKey, ChainKey chainKey, List<SkippedKey> skippedKeys) {
        if (ratchetKey == null || ratchetKey.length != 32) {
            throw new IllegalArgumentException("a ratchet key has 32 bytes");
        }
        this.ratchetKey = ratchetKey.clone();
        this.chainKey = chainKey;
        addSkipped(skippedKeys);
    }

    /** The peer's ratchet public key (raw 32 bytes, a copy). */
    public byte[] ratchetKey() {
        return ratchetKey.clone();
    }

    boolean hasRatchetKey(byte[] key) {
        return Arrays.equals(ratchetKey, key);
    }

    /** The chain key of the next expected message. */
    public ChainKey chainKey() {
        return chainKey;
    }

    /** The kept seeds, oldest first. */
    public List<SkippedKey> skippedKeys() {
        List<SkippedKey> keys = new ArrayList<>(skipped.size());
        for (Map.Entry<Long, byte[]> entry : skipped.entrySet()) {
            keys.add(new SkippedKey(entry.getKey(), entry.getValue()));
        }
        return keys;
    }

    Optional<byte[]> skippedSeed(long counter) {
        return Optional.ofNullable(skipped.get(counter));
    }

    void removeSkipped(long counter) {
        skipped.remove(counter);
    }

    void advance(ChainWalk walk) {
        addSkipped(walk.skipped());
        chainKey = walk.nextChainKey();
    }

    private void addSkipped(List<SkippedKey> keys) {
        for (SkippedKey key : keys) {
            skipped.put(key.index(), key.seed());
        }
        Iterator<Long> oldest = skipped.keySet().iterator();
        while (skipped.size() > RatchetLimits.MAX_SKIPPED_KEYS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
