package dev.wagateway.protocol.signal.ratchet;

/**
 * What receiving one message would change in a session state, computed without changing it: the state is updated
 * (by {@link SessionState#apply}) only once the message's MAC and ciphertext have checked out, so a forged or
 * misdirected message leaves no trace.
 */
public sealed interface ReceiveStep {

    /** The keys of the message being received. */
    MessageKeys keys();

    /**
     * The message is one we passed over earlier on a known chain: use and forget its kept key.
     *
     * @param ratchetKey the chain's ratchet key
     * @param keys       the message keys
     */
    record FromSkipped(byte[] ratchetKey, MessageKeys keys) implements ReceiveStep {
    }

    /**
     * The message is at or ahead of a known chain's index: keep the keys passed over, move the chain on.
     *
     * @param ratchetKey the chain's ratchet key
     * @param walk       the walk to the message
     * @param keys       the message keys
     */
    record Advance(byte[] ratchetKey, ChainWalk walk, MessageKeys keys) implements ReceiveStep {
    }

    /**
     * The message carries a ratchet key we have not seen: a DH ratchet step opens a new receiving chain, and a second
     * step with a fresh key pair of ours opens a new sending chain.
     *
     * @param ratchetKey      the peer's new ratchet key
     * @param walk            the walk along the new receiving chain to the message
     * @param keys            the message keys
     * @param rootKey         the root key after both steps
     * @param senderChain     our new sending chain
     * @param previousCounter the length of our previous sending chain, announced in our next messages
     */
    record NewRatchet(byte[] ratchetKey, ChainWalk walk, MessageKeys keys, RootKey rootKey,
                      SenderChain senderChain, long previousCounter) implements ReceiveStep {
    }
}
