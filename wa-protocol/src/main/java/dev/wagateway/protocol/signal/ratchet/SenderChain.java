package dev.wagateway.protocol.signal.ratchet;

import dev.wagateway.protocol.crypto.KeyPair;

import java.util.Objects;

/**
 * Our sending side of a session: our current ratchet key pair and the chain key of the next message we send.
 *
 * @param ratchetKey our ratchet key pair (its public key goes in every message)
 * @param chainKey   the sending chain key
 */
public record SenderChain(KeyPair ratchetKey, ChainKey chainKey) {

    /** Checks both parts are present. */
    public SenderChain {
        Objects.requireNonNull(ratchetKey, "ratchetKey");
        Objects.requireNonNull(chainKey, "chainKey");
    }

    /** The same chain one message further. */
    public SenderChain advance() {
        return new SenderChain(ratchetKey, chainKey.next());
    }
}
