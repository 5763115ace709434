package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.event.StoredEvent;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The event log's batched append against a real PostgreSQL: every event stored whole, in the list's order. */
class EventLogRepositoryTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void appendedEventsAreStoredWholeInOrder() {
        Device device = Fixtures.storedDevice(store);
        Instant at = Instant.parse("2026-12-06T11:50:00.123456Z");
        List<GatewayEvent> events = List.of(
                new GatewayEvent("message.delivered", device.id(), at, Map.of("message_id", "M1"), "chat-1"),
                new GatewayEvent("message.read", device.id(), at.plusSeconds(1),
                        Map.of("message_id", "M2", "text", "quote \" and ünïcode"), "chat-1"),
                new GatewayEvent("message.delivered", device.id(), at.plusSeconds(2), Map.of(), "chat-2"));
        store.eventLog().appendAll(events);
        // a batch of one runs as a single statement
        GatewayEvent alone = new GatewayEvent("message.played", device.id(), at.plusSeconds(3),
                Map.of("message_id", "M3"), "chat-3");
        store.eventLog().appendAll(List.of(alone));
        store.eventLog().appendAll(List.of());

        List<StoredEvent> stored = store.eventLog().after(0, Optional.of(device.id()), 10);
        List<GatewayEvent> expected = List.of(events.get(0), events.get(1), events.get(2), alone);
        assertThat(stored).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(stored.get(i).type()).isEqualTo(expected.get(i).type());
            assertThat(stored.get(i).deviceId()).isEqualTo(device.id());
            assertThat(stored.get(i).payload()).isEqualTo(expected.get(i).toJson());
            assertThat(stored.get(i).createdAt()).isEqualTo(expected.get(i).timestamp());
        }
        assertThat(stored).extracting(StoredEvent::id).isSorted();
    }
}
