package dev.wagateway.persistence.gateway;

import dev.wagateway.core.history.HistorySyncRepository;

import java.time.Instant;
import java.util.UUID;

/** The history syncs each device took completely, in {@code wa_history_syncs}. */
public final class PostgresHistorySyncRepository implements HistorySyncRepository {

    private final HandleSource handles;

    PostgresHistorySyncRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public boolean recordTaken(UUID deviceId, String notificationId, String syncType, int chunkOrder, int progress,
                               int conversations, int messages, Instant at) {
        return handles.with(h -> h.createUpdate("""
                        insert into wa_history_syncs (device_id, notification_id, sync_type, chunk_order, progress,
                            conversations, messages, taken_at)
                        values (:device, :id, :type, :chunk, :progress, :conversations, :messages, :at)
                        on conflict (device_id, notification_id) do nothing""")
                .bind("device", deviceId).bind("id", notificationId).bind("type", syncType).bind("chunk", chunkOrder)
                .bind("progress", progress).bind("conversations", conversations).bind("messages", messages)
                .bind("at", Rows.timestamp(at)).execute() == 1);
    }
}
