package dev.wagateway.webhooks.delivery;

import dev.wagateway.webhooks.proxy.WebhookProxies;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Answers a proxy's {@code 407} with the Basic credentials of its URL ({@code http://user:password@proxy:3128}),
 * once: a proxy that refuses them again fails the attempt.
 */
final class ProxyAuthentication implements Authenticator {

    private final WebhookProxies proxies;

    ProxyAuthentication(WebhookProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request authenticate(Route route, Response response) {
        if (route == null || response.request().header("Proxy-Authorization") != null) {
            return null;
        }
        return proxies.credentialsFor(route.proxy().address())
                .map(c -> response.request().newBuilder()
                        .header("Proxy-Authorization", Credentials.basic(c.user(), c.password())).build())
                .orElse(null);
    }
}
