package dev.wagateway.app.metrics;

import dev.wagateway.core.event.EventPublisher;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.transaction.Transaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An event subscriber that counts: every event by type, incoming messages by message type, connection changes,
 * messages that could not be decrypted. Counted when recorded: the rare transaction that rolls back afterwards is
 * counted too. It makes no deliveries.
 */
public final class EventMetrics implements EventPublisher {

    private final MeterRegistry registry;

    /** @param registry where the counters live */
    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int record(Transaction tx, GatewayEvent event) {
        registry.counter("wa_events_total", "type", event.type()).increment();
        String type = event.type();
        if (type.equals(EventTypes.MESSAGE_RECEIVED)) {
            Object messageType = event.data().get("type");
            counter("wa_messages_received_total", "type", messageType instanceof String s ? s : "unknown")
                    .increment();
        } else if (type.equals(EventTypes.MESSAGE_UNDECRYPTABLE)) {
            registry.counter("wa_decrypt_failures_total").increment();
        } else if (type.startsWith("connection.") && !type.equals(EventTypes.CONNECTION_QR)) {
            counter("wa_connection_changes_total", "change", type.substring("connection.".length())).increment();
        }
        return 0;
    }

    @Override
    public void committed(int recorded) {
        // counted at record time
    }

    private Counter counter(String name, String tag, String value) {
        return registry.counter(name, tag, value);
    }
}
