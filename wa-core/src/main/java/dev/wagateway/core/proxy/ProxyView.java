package dev.wagateway.core.proxy;

import java.util.Optional;

/**
 * What {@code GET /devices/me/proxy} shows; URLs have their password masked ({@code ***}).
 *
 * @param ownUrl       the device's own proxy, if set ({@link DeviceProxies#DIRECT} when it opted out of any)
 * @param effectiveUrl the proxy its sessions and media use: its own, else the global one, else none
 */
public record ProxyView(Optional<String> ownUrl, Optional<String> effectiveUrl) {

    /** Whether the device has a proxy of its own (Orig's {@code active}); false when it connects directly. */
    public boolean active() {
        return ownUrl.isPresent() && !direct();
    }

    /** Whether the device opted out of the global proxy: its connections go direct. */
    public boolean direct() {
        return ownUrl.filter(DeviceProxies.DIRECT::equals).isPresent();
    }
}
