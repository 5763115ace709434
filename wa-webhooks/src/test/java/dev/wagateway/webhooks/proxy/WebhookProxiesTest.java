package dev.wagateway.webhooks.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proxy choice by scheme and {@code NO_PROXY}, as Go's {@code http.ProxyFromEnvironment} makes it. */
class WebhookProxiesTest {

    private static final Optional<URI> HTTP = Optional.of(URI.create("http://plain-proxy:3128"));
    private static final Optional<URI> HTTPS = Optional.of(URI.create("http://user:p%40ss@tls-proxy.corp"));

    @Test
    void eachSchemeUsesItsOwnVariableAndNothingElseIsProxied() {
        WebhookProxies proxies = WebhookProxies.of(HTTP, HTTPS, Optional.empty());
        assertThat(proxied(proxies, "http://hooks.example/x")).contains("plain-proxy:3128");
        assertThat(proxied(proxies, "https://hooks.example/x")).contains("tls-proxy.corp:80");
        assertThat(proxied(WebhookProxies.of(HTTP, Optional.empty(), Optional.empty()), "https://hooks.example/x"))
                .isEmpty();
        assertThat(proxied(WebhookProxies.none(), "http://hooks.example/x")).isEmpty();
        assertThat(WebhookProxies.none().select(URI.create("http://hooks.example/x"))).containsExactly(Proxy.NO_PROXY);
        Proxy proxy = proxies.select(URI.create("https://hooks.example/x")).getFirst();
        assertThat(proxy.type()).isEqualTo(Proxy.Type.HTTP);
        assertThat(((InetSocketAddress) proxy.address()).isUnresolved()).isTrue(); // resolved when connecting
    }

    @Test
    void noProxyMatchesHostsDomainsSubdomainsAddressesBlocksAndPorts() {
        WebhookProxies proxies = WebhookProxies.of(HTTP, HTTPS, Optional.of(
                " Example.com, .only-below.org,*.star.net, 10.1.2.3, 192.168.0.0/16, ports.io:8443, [fd00::1]:8080,"));
        assertThat(proxied(proxies, "http://example.com/")).isEmpty();
        assertThat(proxied(proxies, "https://api.EXAMPLE.com/")).isEmpty();
        assertThat(proxied(proxies, "https://notexample.com/")).isPresent();
        assertThat(proxied(proxies, "https://only-below.org/")).isPresent();
        assertThat(proxied(proxies, "https://a.only-below.org/")).isEmpty();
        assertThat(proxied(proxies, "https://star.net/")).isPresent();
        assertThat(proxied(proxies, "https://x.star.net/")).isEmpty();
        assertThat(proxied(proxies, "http://10.1.2.3:9000/")).isEmpty();
        assertThat(proxied(proxies, "http://10.1.2.4/")).isPresent();
        assertThat(proxied(proxies, "http://192.168.44.5/")).isEmpty();
        assertThat(proxied(proxies, "https://ports.io:8443/")).isEmpty();
        assertThat(proxied(proxies, "https://ports.io/")).isPresent();
        assertThat(proxied(proxies, "http://[fd00::1]:8080/")).isEmpty();
        assertThat(proxied(proxies, "http://[fd00::1]/")).isPresent();
        assertThat(proxied(WebhookProxies.of(HTTP, HTTPS, Optional.of("*")), "https://anything.example/")).isEmpty();
    }

    @Test
    void loopbackTargetsAreNeverProxied() {
        WebhookProxies proxies = WebhookProxies.of(HTTP, HTTPS, Optional.empty());
        assertThat(proxied(proxies, "http://localhost:8080/")).isEmpty();
        assertThat(proxied(proxies, "http://127.0.0.1/")).isEmpty();
        assertThat(proxied(proxies, "http://127.9.9.9/")).isEmpty();
        assertThat(proxied(proxies, "http://[::1]:80/")).isEmpty();
    }

    @Test
    void proxyHostsAndCredentialsAreKnownForTheConnection() {
        WebhookProxies proxies = WebhookProxies.of(HTTP, HTTPS, Optional.empty());
        assertThat(proxies.proxyHosts()).containsExactlyInAnyOrder("plain-proxy", "tls-proxy.corp");
        assertThat(proxies.credentialsFor(InetSocketAddress.createUnresolved("tls-proxy.corp", 80)))
                .contains(new ProxyCredentials("user", "p@ss"));
        assertThat(proxies.credentialsFor(InetSocketAddress.createUnresolved("plain-proxy", 3128))).isEmpty();
        assertThat(proxies.credentialsFor(InetSocketAddress.createUnresolved("tls-proxy.corp", 81))).isEmpty();
        assertThat(new ProxyCredentials("user", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void unusableValuesAreRefused() {
        assertThatThrownBy(() -> WebhookProxies.of(Optional.of(URI.create("https://proxy:3128")), Optional.empty(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> WebhookProxies.of(HTTP, HTTPS, Optional.of("example.com:http")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookProxies.of(HTTP, HTTPS, Optional.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Optional<String> proxied(WebhookProxies proxies, String url) {
        return proxies.proxyFor(URI.create(url)).map(p -> p.host() + ":" + p.port());
    }
}
