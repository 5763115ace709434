package dev.wagateway.persistence.gateway;

import dev.wagateway.core.proxy.DeviceProxyRepository;

import java.util.Optional;
import java.util.UUID;

/** Each device's own proxy URL in {@code devices.proxy_url}. */
public final class PostgresDeviceProxyRepository implements DeviceProxyRepository {

    private final HandleSource handles;

    PostgresDeviceProxyRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public Optional<String> find(UUID deviceId) {
        return handles.with(h -> h.createQuery("select proxy_url from devices where device_id = :id")
                .bind("id", deviceId).mapTo(String.class).findOne());
    }

    @Override
    public boolean save(UUID deviceId, Optional<String> url) {
        return handles.with(h -> h.createUpdate("update devices set proxy_url = :url where device_id = :id")
                .bind("id", deviceId).bind("url", url.orElse(null)).execute()) == 1;
    }
}
