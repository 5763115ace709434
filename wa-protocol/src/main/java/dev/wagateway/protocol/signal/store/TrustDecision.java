package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.keys.IdentityKey;

import java.util.Optional;

/**
 * What the identity store says about an identity key presented for an address. WhatsApp trusts on first use and
 * accepts a changed key (the peer reinstalled), telling the application; a store may still refuse, for a pinned
 * contact.
 */
public sealed interface TrustDecision {

    /**
     * WhatsApp's rule for {@code presented} when the store knows {@code known} for the address: trust on first use,
     * accept a changed key and report it.
     */
    static TrustDecision onFirstUse(Optional<IdentityKey> known, IdentityKey presented) {
        if (known.isEmpty()) {
            return new FirstUse();
        }
        return known.get().equals(presented) ? new Unchanged() : new Changed(known.get());
    }

    /** No identity known for the address yet: trust on first use. */
    record FirstUse() implements TrustDecision {
    }

    /** The key is the one we know. */
    record Unchanged() implements TrustDecision {
    }

    /**
     * The address presents a different key than the one we know; accepted, and reported as an identity change.
     *
     * @param previous the key we knew
     */
    record Changed(IdentityKey previous) implements TrustDecision {
    }

    /**
     * The store refuses the key; the operation fails with an untrusted-identity error.
     *
     * @param reason for logs
     */
    record Refused(String reason) implements TrustDecision {
    }
}
