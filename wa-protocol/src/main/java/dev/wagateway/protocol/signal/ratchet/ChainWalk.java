package dev.wagateway.protocol.signal.ratchet;

import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * Walking a chain forward to a message that lies ahead of it, without touching any state: the seeds of the messages
 * passed over (to keep for later), the seed of the target message, and the chain key after it.
 *
 * @param skipped       seeds of the messages from the chain's index up to (excluding) the target
 * @param targetSeed    the target message's key seed
 * @param nextChainKey  the chain key after the target
 */
public record ChainWalk(List<SkippedKey> skipped, byte[] targetSeed, ChainKey nextChainKey) {

    /** Copies the list. */
    public ChainWalk {
        skipped = List.copyOf(skipped);
    }

    /**
     * Walks from {@code chainKey} to {@code target} (which must not lie behind it).
     *
     * @throws SignalProtocolException ({@link SignalError.TooManySkippedMessages}) if the target is more than
     *                                 {@link RatchetLimits#MAX_SKIPPED_KEYS} ahead
     */
    public static ChainWalk to(ChainKey chainKey, long target) throws SignalProtocolException {
        long distance = target - chainKey.index();
        if (distance < 0) {
            throw new IllegalArgumentException("target " + target + " lies behind chain index " + chainKey.index());
        }
        if (distance > RatchetLimits.MAX_SKIPPED_KEYS) {
            throw new SignalProtocolException(new SignalError.TooManySkippedMessages(
                    target, chainKey.index(), RatchetLimits.MAX_SKIPPED_KEYS));
        }
        List<SkippedKey> skipped = new ArrayList<>((int) distance);
        ChainKey current = chainKey;
        while (current.index() < target) {
            skipped.add(new SkippedKey(current.index(), current.messageKeySeed()));
            current = current.next();
        }
        return new ChainWalk(skipped, current.messageKeySeed(), current.next());
    }
}
