package dev.wagateway.core.transaction;

import dev.wagateway.core.contact.ContactRepository;
import dev.wagateway.core.history.HistorySyncRepository;
import dev.wagateway.core.chat.ChatRepository;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.message.MessageRepository;
import dev.wagateway.core.poll.PollRepository;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.core.webhook.WebhookRepository;

/** The repositories bound to one open transaction: what they write commits or rolls back together. */
public interface Transaction {

    /** Messages, in this transaction. */
    MessageRepository messages();

    /** Devices, in this transaction. */
    DeviceRepository devices();

    /** Webhooks, in this transaction. */
    WebhookRepository webhooks();

    /** The webhook outbox, in this transaction. */
    WebhookDeliveryRepository deliveries();

    /** The durable event log, in this transaction. */
    EventLogRepository eventLog();

    /** Polls and votes, in this transaction. */
    PollRepository polls();

    /** Contacts, in this transaction. */
    ContactRepository contacts();

    /** The history syncs taken, in this transaction. */
    HistorySyncRepository historySyncs();

    /** Chats and their settings, in this transaction. */
    ChatRepository chats();
}
