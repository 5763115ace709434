package dev.wagateway.http.catalog;

import java.util.Map;

import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.string;

/** The documented shapes of the device proxy routes (api.md §6.1, beyond the catalog). */
public final class ProxySchemas {

    private static final String URL_FORMS = "http://, https:// (TLS to the proxy), socks5:// or socks5h:// "
            + "[user[:password]@]host[:port]";

    private ProxySchemas() {
    }

    /** The shape of {@code "GET /devices/me/proxy"} or {@code "POST /devices/me/proxy"}. */
    public static OperationShape shape(String operation) {
        return switch (operation) {
            case "GET /devices/me/proxy" -> OperationShape.builder()
                    .envelope(200, "Success get device proxy", object(
                            "proxy_url", string("socks5://user:***@proxy.example.com:1080",
                                    "the device's own proxy, password masked; \"direct\" when it opted out of "
                                            + "the global one; empty when it has none"),
                            "active", bool(true),
                            "direct", bool(false),
                            "effective_proxy_url", string("socks5://user:***@proxy.example.com:1080",
                                    "what its sessions and media use: its own, else WHATSAPP_CLIENT_PROXY_URL; "
                                            + "empty for direct connections"))).build();
            case "POST /devices/me/proxy" -> OperationShape.builder()
                    .body(object("proxy_url", string("socks5://user:secret@proxy.example.com:1080",
                                    URL_FORMS + "; \"direct\" connects the device directly whatever "
                                            + "WHATSAPP_CLIENT_PROXY_URL says; empty clears it (the global proxy "
                                            + "applies)")),
                            Map.of("proxy_url", "http://user:secret@proxy.example.com:3128"), true)
                    .envelope(200, "Device proxy configured successfully", null)
                    .error(400, "Invalid proxy_url: the scheme, host, port or credentials are not usable").build();
            default -> throw new IllegalArgumentException("no proxy route " + operation);
        };
    }
}
