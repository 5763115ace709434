package dev.wagateway.protocol.proxy;

/** How a proxy is spoken to. */
public enum ProxyScheme {
    /** An HTTP proxy: a {@code CONNECT} tunnel over plain TCP to the proxy. */
    HTTP("http", 80),
    /** An HTTP proxy reached over TLS (the proxy's own certificate is checked), then a {@code CONNECT} tunnel. */
    HTTPS("https", 443),
    /** SOCKS5 (RFC 1928), host names resolved by the proxy; {@code socks5h} URLs mean the same. */
    SOCKS5("socks5", 1080);

    private final String urlScheme;
    private final int defaultPort;

    ProxyScheme(String urlScheme, int defaultPort) {
        this.urlScheme = urlScheme;
        this.defaultPort = defaultPort;
    }

    /** The scheme as written in a proxy URL. */
    public String urlScheme() {
        return urlScheme;
    }

    /** The port used when the URL names none. */
    public int defaultPort() {
        return defaultPort;
    }
}
