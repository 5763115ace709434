package dev.wagateway.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs may be called (contract §7.4 with decision 9): http(s) only, and no target whose host resolves
 * to a loopback, private, link-local, multicast or unspecified address — checked at creation, before every
 * delivery and on every redirect hop — unless {@code WEBHOOK_ALLOW_PRIVATE_TARGETS=true}.
 */
public final class TargetPolicy {

    private final boolean allowPrivateTargets;
    private final HostResolver resolver;

    public TargetPolicy(boolean allowPrivateTargets, HostResolver resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = resolver;
    }

    /** Why {@code url} may not be called, or empty when it may. */
    public Optional<String> refusal(String url) {
        return check(url, false);
    }

    /**
     * The check when a webhook is created or changed: as {@link #refusal}, except that a name that does not resolve
     * now is accepted (DNS may not be ready yet, or not reachable from here); every delivery checks again.
     */
    public Optional<String> refusalAtCreation(String url) {
        return check(url, true);
    }

    private Optional<String> check(String url, boolean acceptUnresolved) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("invalid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("URLs with credentials are not allowed");
        }
        if (allowPrivateTargets) {
            return Optional.empty();
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return acceptUnresolved ? Optional.empty() : Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return Optional.of("private/local network URLs are not allowed (" + host + " is "
                        + address.getHostAddress() + ")");
            }
        }
        return addresses.isEmpty() && !acceptUnresolved ? Optional.of("the host " + host + " does not resolve")
                : Optional.empty();
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((raw[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            boolean mappedV4 = true;
            for (int i = 0; i < 10; i++) {
                mappedV4 &= raw[i] == 0;
            }
            if (mappedV4 && (raw[10] & 0xff) == 0xff && (raw[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return first == 0 // "this network"
                || first == 100 && second >= 64 && second <= 127 // carrier-grade NAT
                || first == 198 && (second == 18 || second == 19) // benchmarking
                || first >= 240; // reserved and broadcast
    }
}
