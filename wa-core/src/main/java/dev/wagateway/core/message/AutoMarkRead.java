package dev.wagateway.core.message;

import dev.wagateway.core.error.GatewayException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * {@code WHATSAPP_AUTO_MARK_READ} (api.md §9.3): every message a contact sends a device is marked read, as
 * {@code POST /messages/{id}/read} marks it (a {@code read-self} when the account hides read receipts), after a
 * random delay between the configured bounds when {@code WHATSAPP_READ_RECEIPT_JITTER_ENABLED} (an account that
 * reads everything the instant it lands looks like a bot), at once otherwise. Our own messages, status updates and
 * broadcasts are left alone.
 */
public final class AutoMarkRead {

    /** Marks nothing: the setting is off. */
    public static final AutoMarkRead OFF = new AutoMarkRead(null, false, Duration.ZERO, Duration.ZERO, null, null);

    private static final Logger log = LoggerFactory.getLogger(AutoMarkRead.class);

    private final MessagingService messaging;
    private final boolean jitter;
    private final Duration delayMin;
    private final Duration delayMax;
    private final RandomGenerator random;
    private final ScheduledExecutorService scheduler;

    /**
     * @param messaging how a message is marked read
     * @param jitter    whether to wait a random delay in {@code [delayMin, delayMax]} first
     * @param scheduler times the delays; the receipts themselves are sent from virtual threads
     */
    public AutoMarkRead(MessagingService messaging, boolean jitter, Duration delayMin, Duration delayMax,
                        RandomGenerator random, ScheduledExecutorService scheduler) {
        this.messaging = messaging;
        this.jitter = jitter;
        this.delayMin = delayMin;
        this.delayMax = delayMax.compareTo(delayMin) < 0 ? delayMin : delayMax;
        this.random = random;
        this.scheduler = scheduler;
    }

    /** Schedules the read receipt of a message the device received, when it is one to mark. */
    public void received(UUID deviceId, WaEvent.MessageReceived message) {
        if (messaging == null || message.fromMe() || !(message.chat().isUser() || message.chat().isGroup())) {
            return;
        }
        String chat = message.chat().toString();
        String sender = message.sender().toNonAd().toString();
        Runnable mark = () -> Thread.ofVirtual().name("auto-read-" + deviceId).start(() -> {
            try {
                messaging.markRead(deviceId, chat, sender, message.id());
            } catch (GatewayException e) {
                // the device went offline meanwhile: the phone or a later manual read covers it
                log.info("device {}: auto read of {} skipped: {}", deviceId, message.id(), e.getMessage());
            }
        });
        try {
            scheduler.schedule(mark, delay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: nothing more is sent
        }
    }

    /** The wait before a read receipt: uniform in the configured bounds with jitter on, none without. */
    Duration delay() {
        if (!jitter) {
            return Duration.ZERO;
        }
        long spread = delayMax.toNanos() - delayMin.toNanos();
        return delayMin.plusNanos(spread <= 0 ? 0 : random.nextLong(spread + 1));
    }
}
