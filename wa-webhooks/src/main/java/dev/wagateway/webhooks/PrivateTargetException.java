package dev.wagateway.webhooks;

import java.net.UnknownHostException;

/**
 * A host resolved, at connection time, to an address the {@link TargetPolicy} refuses. It is an
 * {@link UnknownHostException} because that is what an OkHttp {@code Dns} may throw; the sender recognises it and
 * fails the delivery for good instead of retrying it.
 */
public final class PrivateTargetException extends UnknownHostException {

    /** @param reason the policy's refusal, as it goes into the delivery's last error */
    public PrivateTargetException(String reason) {
        super(reason);
    }
}
