package dev.wagateway.protocol.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy every connection of a client goes through: the chat websocket and each media transfer.
 *
 * <p>{@link #toString()} and {@link #maskedUrl()} never show the password ({@code ***} in its place), so a setting
 * can be logged or shown as it is.
 *
 * @param scheme   how the proxy is spoken to
 * @param host     the proxy's host name or address
 * @param port     the proxy's port
 * @param username the user name for the proxy, if it asks for one
 * @param password the password going with {@code username} (empty when there is none)
 */
public record ProxySettings(ProxyScheme scheme, String host, int port, Optional<String> username,
                            Optional<String> password) {

    /** Checks presence and ranges. */
    public ProxySettings {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the proxy URL has no host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the proxy port must be between 1 and 65535");
        }
        if (password.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("a proxy password needs a user name");
        }
    }

    /**
     * Reads {@code scheme://[user[:password]@]host[:port]} with scheme {@code http}, {@code https}, {@code socks5}
     * or {@code socks5h} (user and password percent-encoded). Nothing may follow the port but an optional
     * {@code /}.
     *
     * @throws IllegalArgumentException with a message naming what is wrong (never the password)
     */
    public static ProxySettings parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the proxy URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the proxy URL is not a valid URL");
        }
        String rawScheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyScheme scheme = switch (rawScheme) {
            case "http" -> ProxyScheme.HTTP;
            case "https" -> ProxyScheme.HTTPS;
            case "socks5", "socks5h" -> ProxyScheme.SOCKS5;
            default -> throw new IllegalArgumentException(
                    "the proxy URL must start with http://, https://, socks5:// or socks5h://");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the proxy URL has no host (expected scheme://[user:password@]host:port)");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the proxy URL must not have a path, query or fragment");
        }
        int port = uri.getPort() == -1 ? scheme.defaultPort() : uri.getPort();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
            if (user.get().isEmpty()) {
                throw new IllegalArgumentException("the proxy URL has credentials without a user name");
            }
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProxySettings(scheme, host, port, user, password);
    }

    /** The URL with the password replaced by {@code ***}. */
    public String maskedUrl() {
        StringBuilder url = new StringBuilder(scheme.urlScheme()).append("://");
        username.ifPresent(user -> {
            url.append(user);
            password.ifPresent(ignored -> url.append(":***"));
            url.append('@');
        });
        url.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
        return url.toString();
    }

    /** The masked URL: a setting may be logged as it is. */
    @Override
    public String toString() {
        return maskedUrl();
    }
}
