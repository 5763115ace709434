package dev.wagateway.webhooks;

import dev.wagateway.core.webhook.WebhookTargetCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs may be called (contract §7.4 with decision 9): {@code https} only, and no target whose host
 * resolves to a loopback, private, link-local, multicast or unspecified address — checked at creation, before every
 * delivery, on every redirect hop, and once more on the addresses actually connected to ({@link #addressesToConnect},
 * which closes the gap a DNS answer that changes between check and connection would open).
 *
 * <p>Two switches relax it: {@code WEBHOOK_ALLOW_INSECURE=true} (the contract's Java-only extension) permits
 * {@code http} and private targets; {@code WEBHOOK_ALLOW_PRIVATE_TARGETS=true} permits private targets only.
 *
 * <p>Immutable and thread-safe: one instance serves the REST side (through {@link #creationCheck()}) and every
 * delivery worker.
 */
public final class TargetPolicy {

    /** The contract's refusal of a scheme other than {@code https} (§7.4). */
    public static final String HTTPS_ONLY = "only HTTPS URLs are allowed";
    /**
     * Appended to {@link #HTTPS_ONLY} when a plain {@code http} URL is refused at creation: the switch that permits it,
     * which a first-time user testing against a local receiver is looking for. Delivery logs keep the contract's text.
     */
    public static final String HTTP_SWITCH_HINT = " (WEBHOOK_ALLOW_INSECURE=true permits http:// targets, for local "
            + "testing)";
    /** The contract's refusal of a private or local target (§7.4). */
    public static final String NO_PRIVATE_TARGETS = "private/local network URLs are not allowed";

    private static final Logger log = LoggerFactory.getLogger(TargetPolicy.class);

    private final boolean allowHttp;
    private final boolean allowPrivateTargets;
    private final HostResolver resolver;

    /**
     * @param allowInsecure       {@code WEBHOOK_ALLOW_INSECURE}: permit {@code http} URLs and private targets
     * @param allowPrivateTargets {@code WEBHOOK_ALLOW_PRIVATE_TARGETS}: permit loopback, private and link-local
     *                            targets (tests, local setups); the scheme and credential rules still apply
     * @param resolver            the DNS ({@link HostResolver#system()}), or fixed answers in tests
     */
    public TargetPolicy(boolean allowInsecure, boolean allowPrivateTargets, HostResolver resolver) {
        this.allowHttp = allowInsecure;
        this.allowPrivateTargets = allowPrivateTargets || allowInsecure;
        this.resolver = resolver;
    }

    /** Whether private and local targets are allowed. */
    public boolean allowsPrivateTargets() {
        return allowPrivateTargets;
    }

    /** The check a delivery makes before calling {@code url} (and before following a redirect to it). */
    public TargetVerdict verdict(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return new TargetVerdict.Refused("invalid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return new TargetVerdict.Refused(allowHttp ? "only HTTP and HTTPS URLs are allowed" : HTTPS_ONLY);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return new TargetVerdict.Refused("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return new TargetVerdict.Refused("URLs with credentials are not allowed");
        }
        if (allowPrivateTargets) {
            return new TargetVerdict.Allowed();
        }
        try {
            addressesToConnect(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            return new TargetVerdict.Allowed();
        } catch (PrivateTargetException e) {
            return new TargetVerdict.Refused(e.getMessage());
        } catch (UnknownHostException e) {
            return new TargetVerdict.Unresolved("the host " + host + " does not resolve");
        }
    }

    /** Why {@code url} may not be called now, or empty when it may (a host that does not resolve is refused). */
    public Optional<String> refusal(String url) {
        return switch (verdict(url)) {
            case TargetVerdict.Allowed allowed -> Optional.empty();
            case TargetVerdict.Refused refused -> Optional.of(refused.reason());
            case TargetVerdict.Unresolved unresolved -> Optional.of(unresolved.reason());
        };
    }

    /**
     * The check when a webhook is created or changed: as {@link #refusal}, except that a name that does not resolve
     * now is accepted (DNS may not be ready yet, or not reachable from here); every delivery checks again. A plain
     * {@code http} URL's refusal names {@code WEBHOOK_ALLOW_INSECURE} ({@link #HTTP_SWITCH_HINT}).
     */
    public Optional<String> refusalAtCreation(String url) {
        return switch (verdict(url)) {
            case TargetVerdict.Refused refused when refused.reason().equals(HTTPS_ONLY)
                    && url.regionMatches(true, 0, "http:", 0, 5) -> Optional.of(HTTPS_ONLY + HTTP_SWITCH_HINT);
            case TargetVerdict.Refused refused -> Optional.of(refused.reason());
            case TargetVerdict.Allowed allowed -> Optional.empty();
            case TargetVerdict.Unresolved unresolved -> Optional.empty();
        };
    }

    /** This policy as the core's port, with the creation-time semantics of {@link #refusalAtCreation}. */
    public WebhookTargetCheck creationCheck() {
        return this::refusalAtCreation;
    }

    /**
     * The addresses a connection to {@code host} may use: all it resolves to, unless one of them is private or local
     * and such targets are not allowed. A delivery's HTTP client resolves through this (see
     * {@code PolicyDns}), so the address connected to is the address checked.
     *
     * @throws PrivateTargetException when the policy refuses an address of {@code host}
     * @throws UnknownHostException   when {@code host} has no address
     */
    public List<InetAddress> addressesToConnect(String host) throws UnknownHostException {
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        if (!allowPrivateTargets) {
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    // The contract's exact text goes to the caller and the log row; which address it was, here.
                    log.info("webhook target {} refused: it resolves to {}", host, address.getHostAddress());
                    throw new PrivateTargetException(NO_PRIVATE_TARGETS);
                }
            }
        }
        return addresses;
    }

    /** Loopback, RFC 1918, link-local (cloud metadata), CGNAT, unique-local, multicast, reserved, unspecified. */
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
