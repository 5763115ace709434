package dev.wagateway.core.proxy;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.protocol.proxy.ProxySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Which proxy each device's sessions and media go through (api.md §6.1): the device's own
 * ({@code POST /devices/me/proxy}), else the global {@code WHATSAPP_CLIENT_PROXY_URL}, else none; a device whose own
 * setting is {@value #DIRECT} connects directly even when a global proxy is set (an account kept on the gateway's own
 * address, or a proxy that cannot reach WhatsApp's media hosts). A change is handed to the session manager, which
 * drops the device's client so that its next connect uses the new proxy. Passwords are never logged nor answered:
 * URLs leave this class masked.
 */
public final class DeviceProxies {

    private static final Logger log = LoggerFactory.getLogger(DeviceProxies.class);
    /** The device's own setting that opts it out of the global proxy (stored as given, lower case). */
    public static final String DIRECT = "direct";

    private final DeviceProxyRepository repository;
    private final Optional<ProxySettings> global;
    private volatile Consumer<UUID> onChange = id -> { };

    /**
     * @param repository the devices' own proxies
     * @param global     {@code WHATSAPP_CLIENT_PROXY_URL}, if set
     */
    public DeviceProxies(DeviceProxyRepository repository, Optional<ProxySettings> global) {
        this.repository = repository;
        this.global = global;
    }

    /** What to call after a device's proxy changed (the session manager's drop; wired once at start). */
    public void onChange(Consumer<UUID> listener) {
        this.onChange = listener;
    }

    /** The proxy the device's connections use now; empty for direct connections. */
    public Optional<ProxySettings> effective(UUID deviceId) {
        return effective(repository.find(deviceId), deviceId);
    }

    /** The device's own and effective proxies, masked. */
    public ProxyView view(UUID deviceId) {
        Optional<String> stored = repository.find(deviceId);
        if (stored.filter(DIRECT::equals).isPresent()) {
            return new ProxyView(Optional.of(DIRECT), Optional.empty());
        }
        Optional<ProxySettings> own = own(stored, deviceId);
        return new ProxyView(own.map(ProxySettings::maskedUrl), effective(stored, deviceId)
                .map(ProxySettings::maskedUrl));
    }

    private Optional<ProxySettings> effective(Optional<String> stored, UUID deviceId) {
        if (stored.filter(DIRECT::equals).isPresent()) {
            return Optional.empty();
        }
        Optional<ProxySettings> own = own(stored, deviceId);
        return own.isPresent() ? own : global;
    }

    /**
     * Sets the device's own proxy ({@code ""} or null clears it; {@value #DIRECT}, in any case, opts it out of the
     * global one). When that changes the proxy its connections use, the device's client is dropped so that its next
     * connect goes through the new one; setting what is already in effect leaves the connection alone.
     *
     * @throws InvalidRequestException when the URL is not a usable proxy URL (the message never holds the password)
     */
    public void set(UUID deviceId, String url) {
        Optional<String> value = url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip());
        boolean direct = value.filter(DIRECT::equalsIgnoreCase).isPresent();
        if (direct) {
            value = Optional.of(DIRECT);
        }
        Optional<ProxySettings> parsed;
        try {
            parsed = direct ? Optional.empty() : value.map(ProxySettings::parse);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid proxy_url: " + e.getMessage());
        }
        Optional<ProxySettings> before = effective(deviceId);
        if (!repository.save(deviceId, value)) {
            throw new NotFoundException("Device not found");
        }
        log.info("device {}: proxy {}", deviceId, direct ? "off: direct connections, whatever the global proxy"
                : parsed.map(p -> "set to " + p.maskedUrl()).orElse("cleared"
                + global.map(g -> " (the global " + g.maskedUrl() + " applies)").orElse("")));
        Optional<ProxySettings> after = direct ? Optional.empty() : parsed.isPresent() ? parsed : global;
        if (!before.equals(after)) {
            // only a change of what the connections use costs the device its connection
            onChange.accept(deviceId);
        }
    }

    private Optional<ProxySettings> own(Optional<String> stored, UUID deviceId) {
        return stored.filter(url -> !url.equals(DIRECT)).flatMap(url -> {
            try {
                return Optional.of(ProxySettings.parse(url));
            } catch (IllegalArgumentException e) {
                // only a hand-edited row gets here (set() checks): the global setting applies, and the log says so
                log.warn("device {}: its stored proxy URL is unusable ({}); ignoring it", deviceId, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
