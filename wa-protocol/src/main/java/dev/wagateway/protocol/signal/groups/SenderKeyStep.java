package dev.wagateway.protocol.signal.groups;

import dev.wagateway.protocol.signal.ratchet.ChainWalk;

/**
 * What receiving one sender-key message would change in a sender key state, computed without changing it; applied
 * only after the message decrypted.
 */
public sealed interface SenderKeyStep {

    /** The keys of the message being received. */
    SenderMessageKey key();

    /**
     * The message is one we passed over earlier: use and forget its kept key.
     *
     * @param key the message key
     */
    record FromSkipped(SenderMessageKey key) implements SenderKeyStep {
    }

    /**
     * The message is at or ahead of the chain: keep the keys passed over and move the chain on.
     *
     * @param walk the walk to the message
     * @param key  the message key
     */
    record Advance(ChainWalk walk, SenderMessageKey key) implements SenderKeyStep {
    }
}
