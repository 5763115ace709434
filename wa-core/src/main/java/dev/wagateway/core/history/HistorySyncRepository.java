package dev.wagateway.core.history;

import java.time.Instant;
import java.util.UUID;

/** Port: the history sync notifications each device has taken completely, so one is announced once. */
public interface HistorySyncRepository {

    /**
     * Notes that the device took history sync {@code notificationId} completely; false when it was noted before (a
     * redelivery after a restart: its messages were deduplicated, its events must not go out again).
     */
    boolean recordTaken(UUID deviceId, String notificationId, String syncType, int chunkOrder, int progress,
                        int conversations, int messages, Instant at);
}
