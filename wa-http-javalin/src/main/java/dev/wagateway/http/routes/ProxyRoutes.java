package dev.wagateway.http.routes;

import dev.wagateway.core.proxy.DeviceProxies;
import dev.wagateway.core.proxy.ProxyView;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.ProxySchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device's own proxy (api.md §6.1): read it (password masked) and set or clear it. A change of the proxy in effect
 * drops the device's client; the next connect goes through the new proxy. Beyond Orig: {@code socks5://} URLs too,
 * {@code "direct"} to opt the device out of the global proxy, and a bad URL is a 400 naming what is wrong (Orig
 * answers 500).
 */
public final class ProxyRoutes implements RouteGroup {

    private final AuthGate auth;
    private final DeviceProxies proxies;

    /** Wires the routes. */
    public ProxyRoutes(AuthGate auth, DeviceProxies proxies) {
        this.auth = auth;
        this.proxies = proxies;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(spec("GET", "Get the device's proxy"), ProxySchemas.shape("GET /devices/me/proxy"), ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            ProxyView view = proxies.view(me.deviceId());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("proxy_url", view.ownUrl().orElse(""));
            data.put("active", view.active());
            data.put("direct", view.direct());
            data.put("effective_proxy_url", view.effectiveUrl().orElse(""));
            Responses.ok(ctx, "Success get device proxy", data);
        });
        routes.add(spec("POST", "Set or clear the device's proxy"), ProxySchemas.shape("POST /devices/me/proxy"),
                ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    RequestFields body = RequestFields.require(ctx, "Failed parse body request");
                    // as in Orig, an absent proxy_url is the empty one: it clears the setting
                    proxies.set(me.deviceId(), body.string("proxy_url", FieldLimits.URL).orElse(""));
                    Responses.ok(ctx, "Device proxy configured successfully");
                });
    }

    private static RouteSpec spec(String method, String summary) {
        return new RouteSpec(0, method, "/devices/me/proxy", AuthScheme.JWT, "Devices", summary, "proxy");
    }
}
