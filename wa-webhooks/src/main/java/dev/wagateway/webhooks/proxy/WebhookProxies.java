package dev.wagateway.webhooks.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which proxy a webhook request uses (api.md §7.3, §9.4), as Go's {@code http.ProxyFromEnvironment} decides it for
 * the original: {@code HTTP_PROXY} for {@code http} URLs, {@code HTTPS_PROXY} for {@code https} ones, none for a
 * host {@code NO_PROXY} names, and never one for {@code localhost} or a loopback address.
 *
 * <p>A proxy resolves the target's name itself, so it would bypass the URL policy's check of the addresses
 * connected to; the sender therefore still resolves and checks every target (and redirect hop) before sending it
 * to a proxy. Immutable and thread-safe.
 */
public final class WebhookProxies extends ProxySelector {

    private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);
    private static final NoProxyEntry LOOPBACK_V4 = new NoProxyEntry.Network(new byte[]{127, 0, 0, 0}, 8, 0);
    private static final NoProxyEntry LOOPBACK_V6 = new NoProxyEntry.Network(new byte[]{0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 1}, 128, 0);

    private final Optional<ProxyEndpoint> forHttp;
    private final Optional<ProxyEndpoint> forHttps;
    private final List<NoProxyEntry> bypass;

    private WebhookProxies(Optional<ProxyEndpoint> forHttp, Optional<ProxyEndpoint> forHttps,
                           List<NoProxyEntry> bypass) {
        this.forHttp = forHttp;
        this.forHttps = forHttps;
        this.bypass = List.copyOf(bypass);
    }

    /** Every request direct. */
    public static WebhookProxies none() {
        return new WebhookProxies(Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * From the configuration's values.
     *
     * @param httpProxy  {@code HTTP_PROXY}
     * @param httpsProxy {@code HTTPS_PROXY}
     * @param noProxy    {@code NO_PROXY}: comma-separated hosts, domains ({@code example.com} or {@code .example.com}),
     *                   addresses, CIDR blocks, optionally with {@code :port}, or {@code *}
     * @throws IllegalArgumentException for a proxy URL or {@code NO_PROXY} item that cannot be used
     */
    public static WebhookProxies of(Optional<URI> httpProxy, Optional<URI> httpsProxy, Optional<String> noProxy) {
        List<NoProxyEntry> entries = new ArrayList<>();
        for (String item : noProxy.orElse("").split(",")) {
            NoProxyEntry.parse(item).ifPresent(entries::add);
        }
        return new WebhookProxies(httpProxy.map(ProxyEndpoint::parse), httpsProxy.map(ProxyEndpoint::parse), entries);
    }

    /** The proxy for {@code url}, or empty when it goes direct. */
    public Optional<ProxyEndpoint> proxyFor(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        Optional<ProxyEndpoint> proxy = switch (scheme) {
            case "http" -> forHttp;
            case "https" -> forHttps;
            default -> Optional.empty();
        };
        if (proxy.isEmpty() || url.getHost() == null) {
            return Optional.empty();
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = url.getPort() > 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        if (isLoopback(host)) {
            return Optional.empty();
        }
        for (NoProxyEntry entry : bypass) {
            if (entry.matches(host, port)) {
                return Optional.empty();
            }
        }
        return proxy;
    }

    @Override
    public List<Proxy> select(URI url) {
        return proxyFor(url).map(proxy -> List.of(proxy.toProxy())).orElse(DIRECT);
    }

    @Override
    public void connectFailed(URI url, SocketAddress address, IOException failure) {
        // Nothing to remember: the attempt fails and is retried like any other network failure.
    }

    /** The host names of the configured proxies: looked up without the URL policy (the operator chose them). */
    public Set<String> proxyHosts() {
        return Stream.of(forHttp, forHttps).flatMap(Optional::stream).map(ProxyEndpoint::host)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The credentials of the configured proxy at {@code address}, if it has any. */
    public Optional<ProxyCredentials> credentialsFor(SocketAddress address) {
        if (!(address instanceof InetSocketAddress socket)) {
            return Optional.empty();
        }
        String host = socket.getHostString().toLowerCase(Locale.ROOT);
        return Stream.of(forHttp, forHttps).flatMap(Optional::stream)
                .filter(proxy -> proxy.port() == socket.getPort() && proxy.host().equals(host))
                .findFirst().flatMap(ProxyEndpoint::credentials);
    }

    /** Go's rule: {@code localhost} and loopback literals are never proxied. */
    private static boolean isLoopback(String host) {
        return host.equals("localhost") || LOOPBACK_V4.matches(host, 0) || LOOPBACK_V6.matches(host, 0);
    }
}
