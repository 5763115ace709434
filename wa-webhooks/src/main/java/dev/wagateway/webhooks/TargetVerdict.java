package dev.wagateway.webhooks;

/**
 * What the {@link TargetPolicy} says about one URL. A closed family, because the delivery side treats each kind
 * differently: a refused target fails for good, an unresolved one is retried (DNS may be back by then).
 */
public sealed interface TargetVerdict {

    /** The URL may be called. */
    record Allowed() implements TargetVerdict {
    }

    /** The URL may never be called as it stands: bad scheme, credentials, a private or local address. */
    record Refused(String reason) implements TargetVerdict {
    }

    /** The host has no address right now; that may be temporary. */
    record Unresolved(String reason) implements TargetVerdict {
    }
}
