package dev.wagateway.core.session;

import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A device's event listener whose log lines carry the device and the event: {@code device_id} and {@code event} in
 * the logging context while the event is handled, which the JSON log format ({@code LOG_FORMAT=json}) writes as
 * fields.
 */
final class LoggedDeviceEvents implements WaEventListener {

    private final String deviceId;
    private final WaEventListener delegate;

    LoggedDeviceEvents(UUID deviceId, WaEventListener delegate) {
        this.deviceId = deviceId.toString();
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Void> onEvent(WaEvent event) {
        try (MDC.MDCCloseable device = MDC.putCloseable("device_id", deviceId);
             MDC.MDCCloseable name = MDC.putCloseable("event", event.getClass().getSimpleName())) {
            return delegate.onEvent(event);
        }
    }
}
