package dev.wagateway.core.message;

import dev.wagateway.core.chat.ChatRepository;
import dev.wagateway.core.contact.ContactRepository;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.event.StoredEvent;
import dev.wagateway.core.history.HistorySyncRepository;
import dev.wagateway.core.poll.PollRepository;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookCounts;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.core.webhook.WebhookRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One transaction shared by a batch of receipts: the active webhooks of all the batch's devices are read in one
 * statement for the whole batch (every receipt's event asks for its device's) instead of once per event, and the
 * events added to the log are written together by {@link #flush} (one round trip) instead of one insert each. Valid
 * only inside the transaction it wraps and on the one thread that runs it; a webhook changed inside it is read again;
 * {@link #flush} must run before the transaction commits.
 */
final class BatchTransaction implements Transaction {

    private final Transaction tx;
    private final WebhookRepository webhooks;
    private final BufferedEventLog eventLog;

    /** @param devices the devices whose receipts the batch holds: their webhooks are read together, once */
    BatchTransaction(Transaction tx, Set<UUID> devices) {
        this.tx = tx;
        this.webhooks = new ActiveWebhooksOnce(tx.webhooks(), devices);
        this.eventLog = new BufferedEventLog(tx.eventLog());
    }

    /** Writes the events held back; to call before the transaction commits. */
    void flush() {
        eventLog.flush();
    }

    @Override
    public MessageRepository messages() {
        return tx.messages();
    }

    @Override
    public DeviceRepository devices() {
        return tx.devices();
    }

    @Override
    public WebhookRepository webhooks() {
        return webhooks;
    }

    @Override
    public WebhookDeliveryRepository deliveries() {
        return tx.deliveries();
    }

    @Override
    public EventLogRepository eventLog() {
        return eventLog;
    }

    @Override
    public PollRepository polls() {
        return tx.polls();
    }

    @Override
    public ContactRepository contacts() {
        return tx.contacts();
    }

    @Override
    public HistorySyncRepository historySyncs() {
        return tx.historySyncs();
    }

    @Override
    public ChatRepository chats() {
        return tx.chats();
    }

    /** The webhooks of the transaction, {@link #activeByDevice} read once per device; any change forgets it. */
    private static final class ActiveWebhooksOnce implements WebhookRepository {

        private final WebhookRepository webhooks;
        private final Set<UUID> devices;
        private final Map<UUID, List<Webhook>> active = new HashMap<>();

        ActiveWebhooksOnce(WebhookRepository webhooks, Set<UUID> devices) {
            this.webhooks = webhooks;
            this.devices = devices;
        }

        /**
         * The first device asked for brings every batch device's webhooks in one read (read lazily: with webhooks
         * switched off nobody asks); a device outside the batch is read alone.
         */
        @Override
        public List<Webhook> activeByDevice(UUID deviceId) {
            List<Webhook> known = active.get(deviceId);
            if (known != null) {
                return known;
            }
            if (active.isEmpty() && devices.contains(deviceId)) {
                active.putAll(webhooks.activeByDevices(devices));
                return active.get(deviceId);
            }
            List<Webhook> read = webhooks.activeByDevice(deviceId);
            active.put(deviceId, read);
            return read;
        }

        @Override
        public Map<UUID, List<Webhook>> activeByDevices(Set<UUID> deviceIds) {
            Map<UUID, List<Webhook>> result = new HashMap<>();
            deviceIds.forEach(device -> result.put(device, activeByDevice(device)));
            return result;
        }

        @Override
        public Optional<Webhook> insertWithinLimit(UUID deviceId, String url, String secret, List<String> events,
                                                   Instant now, int maxPerDevice) {
            active.clear();
            return webhooks.insertWithinLimit(deviceId, url, secret, events, now, maxPerDevice);
        }

        @Override
        public List<Webhook> listByDevice(UUID deviceId) {
            return webhooks.listByDevice(deviceId);
        }

        @Override
        public Optional<Webhook> findById(long id) {
            return webhooks.findById(id);
        }

        @Override
        public Optional<Webhook> find(UUID deviceId, long id) {
            return webhooks.find(deviceId, id);
        }

        @Override
        public boolean replace(UUID deviceId, long id, String url, List<String> events, boolean active,
                               Instant now) {
            this.active.clear();
            return webhooks.replace(deviceId, id, url, events, active, now);
        }

        @Override
        public boolean setActive(long id, boolean active, Instant now) {
            this.active.clear();
            return webhooks.setActive(id, active, now);
        }

        @Override
        public boolean delete(UUID deviceId, long id) {
            active.clear();
            return webhooks.delete(deviceId, id);
        }

        @Override
        public WebhookCounts counts() {
            return webhooks.counts();
        }
    }

    /** The log with {@link #add} held back until {@link #flush}, which any other use of the log runs first. */
    private static final class BufferedEventLog implements EventLogRepository {

        private final EventLogRepository log;
        private final List<GatewayEvent> held = new ArrayList<>();

        BufferedEventLog(EventLogRepository log) {
            this.log = log;
        }

        @Override
        public void add(GatewayEvent event) {
            held.add(event);
        }

        @Override
        public void flush() {
            if (!held.isEmpty()) {
                log.appendAll(List.copyOf(held));
                held.clear();
            }
        }

        @Override
        public long append(GatewayEvent event) {
            flush();
            return log.append(event);
        }

        @Override
        public void appendAll(List<GatewayEvent> events) {
            flush();
            log.appendAll(events);
        }

        @Override
        public List<StoredEvent> after(long afterId, Optional<UUID> deviceId, int limit) {
            flush();
            return log.after(afterId, deviceId, limit);
        }

        @Override
        public long lastId() {
            flush();
            return log.lastId();
        }

        @Override
        public int deleteBefore(Instant cutoff) {
            flush();
            return log.deleteBefore(cutoff);
        }
    }
}
