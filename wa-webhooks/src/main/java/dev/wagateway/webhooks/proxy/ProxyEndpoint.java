package dev.wagateway.webhooks.proxy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP proxy from {@code HTTP_PROXY}/{@code HTTPS_PROXY}: plain requests go to it in absolute form, HTTPS ones
 * through a {@code CONNECT} tunnel. Only {@code http://} proxies: the HTTP client cannot speak TLS to the proxy
 * itself.
 *
 * @param host        lower case, IPv6 without brackets
 * @param credentials for {@code Proxy-Authorization: Basic}, from the URL's user info
 */
public record ProxyEndpoint(String host, int port, Optional<ProxyCredentials> credentials) {

    /**
     * Reads a proxy URL ({@code http://[user:password@]host[:port]}, port 80 by default).
     *
     * @throws IllegalArgumentException for another scheme or a URL without a host
     */
    public static ProxyEndpoint parse(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("only http:// proxies are supported, not " + url.getScheme());
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the proxy URL has no host");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        Optional<ProxyCredentials> credentials = Optional.empty();
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String password = colon < 0 ? "" : userInfo.substring(colon + 1);
            credentials = Optional.of(new ProxyCredentials(decode(user), decode(password)));
        }
        return new ProxyEndpoint(host, url.getPort() > 0 ? url.getPort() : 80, credentials);
    }

    /** For the HTTP client: the address is left unresolved, it is looked up when connecting. */
    public Proxy toProxy() {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
