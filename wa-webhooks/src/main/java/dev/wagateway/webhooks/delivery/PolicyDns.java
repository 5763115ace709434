package dev.wagateway.webhooks.delivery;

import dev.wagateway.webhooks.TargetPolicy;
import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * OkHttp's name resolution for deliveries, through the {@link TargetPolicy}: the addresses OkHttp connects to are
 * the ones the policy has just checked. Without it a name could resolve to a public address for the policy's check
 * and to a private one a moment later for the connection (DNS rebinding).
 */
public final class PolicyDns implements Dns {

    private final TargetPolicy policy;

    /** @param policy resolves and vets every host a delivery connects to */
    public PolicyDns(TargetPolicy policy) {
        this.policy = policy;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        return policy.addressesToConnect(hostname);
    }
}
