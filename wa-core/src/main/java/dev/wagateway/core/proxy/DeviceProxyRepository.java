package dev.wagateway.core.proxy;

import java.util.Optional;
import java.util.UUID;

/** Each device's own proxy URL ({@code devices.proxy_url}), as the customer gave it. */
public interface DeviceProxyRepository {

    /** The device's proxy URL; empty when it has none (or the device does not exist). */
    Optional<String> find(UUID deviceId);

    /**
     * Sets ({@code url} present) or clears the device's proxy URL.
     *
     * @return false when the device does not exist
     */
    boolean save(UUID deviceId, Optional<String> url);
}
