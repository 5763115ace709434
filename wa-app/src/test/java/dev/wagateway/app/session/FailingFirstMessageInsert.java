package dev.wagateway.app.session;

import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.message.ChatPageRequest;
import dev.wagateway.core.message.MessageRepository;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.poll.PollRepository;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.core.webhook.WebhookRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The real unit of work, except that the first message insert fails as a crash before commit would. */
record FailingFirstMessageInsert(UnitOfWork real, AtomicInteger failuresLeft) implements UnitOfWork {
    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        return real.inTransaction(tx -> work.apply(new Transaction() {
            @Override
            public MessageRepository messages() {
                MessageRepository messages = tx.messages();
                return new MessageRepository() {
                    @Override
                    public boolean insertIfAbsent(StoredMessage message) {
                        boolean stored = messages.insertIfAbsent(message);
                        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new IllegalStateException("simulated crash before commit");
                        }
                        return stored;
                    }

                    @Override
                    public int insertHistory(List<StoredMessage> history) {
                        return messages.insertHistory(history);
                    }

                    @Override
                    public List<StoredMessage> page(UUID deviceId, String chat, ChatPageRequest request) {
                        return messages.page(deviceId, chat, request);
                    }

                    @Override
                    public Optional<StoredMessage> find(UUID deviceId, String chat, boolean fromMe, String id) {
                        return messages.find(deviceId, chat, fromMe, id);
                    }

                    @Override
                    public int advanceStatus(UUID deviceId, String chat, List<String> ids,
                                             MessageStatus status) {
                        return messages.advanceStatus(deviceId, chat, ids, status);
                    }

                    @Override
                    public void confirmSent(UUID deviceId, String chat, String id, Instant serverTimestamp) {
                        messages.confirmSent(deviceId, chat, id, serverTimestamp);
                    }

                    @Override
                    public boolean applyEdit(UUID deviceId, String chat, boolean fromMe, String id, String text) {
                        return messages.applyEdit(deviceId, chat, fromMe, id, text);
                    }

                    @Override
                    public boolean markRevoked(UUID deviceId, String chat, boolean fromMe, String id) {
                        return messages.markRevoked(deviceId, chat, fromMe, id);
                    }

                    @Override
                    public boolean markFailed(UUID deviceId, String chat, String id) {
                        return messages.markFailed(deviceId, chat, id);
                    }
                };
            }

            @Override
            public DeviceRepository devices() {
                return tx.devices();
            }

            @Override
            public WebhookRepository webhooks() {
                return tx.webhooks();
            }

            @Override
            public WebhookDeliveryRepository deliveries() {
                return tx.deliveries();
            }

            @Override
            public EventLogRepository eventLog() {
                return tx.eventLog();
            }

            @Override
            public PollRepository polls() {
                return tx.polls();
            }

            @Override
            public dev.wagateway.core.contact.ContactRepository contacts() {
                return tx.contacts();
            }

            @Override
            public dev.wagateway.core.history.HistorySyncRepository historySyncs() {
                return tx.historySyncs();
            }

            @Override
            public dev.wagateway.core.chat.ChatRepository chats() {
                return tx.chats();
            }
        }));
    }
}
