package dev.wagateway.persistence.gateway;

import dev.wagateway.core.contact.ContactRepository;
import dev.wagateway.core.history.HistorySyncRepository;
import dev.wagateway.core.chat.ChatRepository;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.message.MessageRepository;
import dev.wagateway.core.poll.PollRepository;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.core.webhook.WebhookRepository;
import org.jdbi.v3.core.Handle;

/** The repositories bound to one open JDBI transaction. */
final class PostgresTransaction implements Transaction {

    private final HandleSource handle;
    /** The transaction's outbox, one for its whole life: it holds the enqueues back until {@link #beforeCommit}. */
    private final EnqueuesAtCommit deliveries;

    PostgresTransaction(Handle handle) {
        this.handle = new HandleSource.Bound(handle);
        this.deliveries = new EnqueuesAtCommit(new PostgresWebhookDeliveryRepository(this.handle,
                new ClaimFloors(System::nanoTime)));
    }

    /** Writes what the repositories held back; the unit of work calls it after the work, before the commit. */
    void beforeCommit() {
        deliveries.flush();
    }

    @Override
    public MessageRepository messages() {
        return new PostgresMessageRepository(handle);
    }

    @Override
    public DeviceRepository devices() {
        return new PostgresDeviceRepository(handle);
    }

    @Override
    public WebhookRepository webhooks() {
        return new PostgresWebhookRepository(handle);
    }

    @Override
    public WebhookDeliveryRepository deliveries() {
        return deliveries;
    }

    @Override
    public EventLogRepository eventLog() {
        return new PostgresEventLogRepository(handle);
    }

    @Override
    public PollRepository polls() {
        return new PostgresPollRepository(handle);
    }

    @Override
    public ContactRepository contacts() {
        return new PostgresContactRepository(handle);
    }

    @Override
    public HistorySyncRepository historySyncs() {
        return new PostgresHistorySyncRepository(handle);
    }

    @Override
    public ChatRepository chats() {
        return new PostgresChatRepository(handle);
    }
}
