package dev.wagateway.webhooks.delivery;

import dev.wagateway.webhooks.TargetPolicy;
import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OkHttp's name resolution for deliveries, through the {@link TargetPolicy}: the addresses OkHttp connects to are
 * the ones the policy has just checked. Without it a name could resolve to a public address for the policy's check
 * and to a private one a moment later for the connection (DNS rebinding).
 *
 * <p>The configured proxies' own names are the exception: they are the operator's choice and often on a private
 * network. (Through a proxy, OkHttp looks up only the proxy; the target was checked by the sender beforehand.)
 */
public final class PolicyDns implements Dns {

    private final TargetPolicy policy;
    private final Set<String> proxyHosts;

    /**
     * @param policy     resolves and vets every host a delivery connects to
     * @param proxyHosts the configured proxies' host names (lower case), resolved without the policy
     */
    public PolicyDns(TargetPolicy policy, Set<String> proxyHosts) {
        this.policy = policy;
        this.proxyHosts = Set.copyOf(proxyHosts);
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        if (proxyHosts.contains(hostname.toLowerCase(Locale.ROOT))) {
            return Dns.SYSTEM.lookup(hostname);
        }
        return policy.addressesToConnect(hostname);
    }
}
