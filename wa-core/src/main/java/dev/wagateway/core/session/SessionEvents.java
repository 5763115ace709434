package dev.wagateway.core.session;

import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.message.ContentSummary;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessagePayloads;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns one device's protocol events into the gateway's facts: device status, stored messages, and webhook events,
 * each fact and its events in one transaction. Runs on the client's ordered event lane; for messages and receipts
 * the client acknowledges to WhatsApp only after {@link #onEvent} returned normally, which is after the commit.
 */
final class SessionEvents implements WaEventListener {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

    /** A lost connection not recovered within this time marks the device disconnected (api.md §8.2). */
    static final Duration DISCONNECT_GRACE = Duration.ofSeconds(15);

    private final DeviceSession session;
    private final UnitOfWork unitOfWork;
    private final WebhookOutbox outbox;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<DeviceSession> onEnded;
    private final BooleanSupplier shuttingDown;

    SessionEvents(DeviceSession session, UnitOfWork unitOfWork, WebhookOutbox outbox, Clock clock,
                  ScheduledExecutorService scheduler, Consumer<DeviceSession> onEnded, BooleanSupplier shuttingDown) {
        this.session = session;
        this.unitOfWork = unitOfWork;
        this.outbox = outbox;
        this.clock = clock;
        this.scheduler = scheduler;
        this.onEnded = onEnded;
        this.shuttingDown = shuttingDown;
    }

    @Override
    public CompletionStage<Void> onEvent(WaEvent event) {
        if (shuttingDown.getAsBoolean()
                && (event instanceof WaEvent.Disconnected || event instanceof WaEvent.Connected)) {
            // The gateway is stopping: the connection closes on purpose and the database may be gone already;
            // the status stays as it was so the next start restores the device, and a login that lands after the
            // stop (its Connected trails the pre-key check) does not mark active a device that is going away.
            // Pairing results are still recorded: without its JID a paired device would not be restored.
            return CompletableFuture.completedFuture(null);
        }
        switch (event) {
            case WaEvent.QrCode qr -> {
                session.qrShown(qr.text(), qr.expiresIn(), clock.instant());
                publish(EventTypes.CONNECTION_QR, Map.of("codes", List.of(qr.text())));
            }
            case WaEvent.PairSuccess paired -> commit(tx -> {
                tx.devices().recordPaired(session.deviceId(), paired.jid().toString(), clock.instant());
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("pair_jid", paired.jid().toString());
                data.put("pair_lid", paired.lid().map(Jid::toString).orElse(""));
                data.put("business_name", paired.businessName());
                data.put("platform", paired.platform());
                return outbox.record(tx, event(EventTypes.CONNECTION_PAIR_SUCCESS, paired.jid(), data, ""));
            });
            case WaEvent.PairFailure failure -> {
                session.pairingFailed(failure.reason());
                publish(EventTypes.CONNECTION_PAIR_ERROR, Map.of("error", failure.reason()));
            }
            case WaEvent.Connected connected -> commit(tx -> {
                tx.devices().recordPaired(session.deviceId(), connected.jid().toString(), clock.instant());
                String phone = connected.jid().user();
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("phone_number", phone);
                data.put("push_name", connected.pushName());
                data.put("platform", connected.platform());
                data.put("business_name", connected.businessName());
                data.put("is_logged_in", true);
                data.put("is_connected", true);
                return outbox.record(tx, event(EventTypes.CONNECTION_CONNECTED, connected.jid(), data, ""));
            });
            case WaEvent.Disconnected disconnected -> {
                // api.md §7.9: only a refused login says why
                publish(EventTypes.CONNECTION_DISCONNECTED, disconnected.connectFailure()
                        ? Map.of("reason", "connect_failure: " + disconnected.reason()) : Map.of());
                if (session.paired()) {
                    scheduleDisconnectedCheck();
                }
            }
            case WaEvent.LoggedOut loggedOut -> {
                commit(tx -> {
                    tx.devices().updateStatus(session.deviceId(), DeviceStatus.LOGGED_OUT, clock.instant());
                    // the credentials are cleared by now: the number comes with the event
                    return session.loggingOutOnRequest() ? 0 : outbox.record(tx, event(
                            EventTypes.CONNECTION_LOGGED_OUT, loggedOut.jid().orElse(null), Map.of(), ""));
                });
                onEnded.accept(session);
            }
            case WaEvent.Replaced ignored -> commit(tx -> {
                tx.devices().updateStatus(session.deviceId(), DeviceStatus.DISCONNECTED, clock.instant());
                return outbox.record(tx, event(EventTypes.CONNECTION_STREAM_REPLACED, null,
                        Map.of("warning", "another connection took over this session"), ""));
            });
            case WaEvent.MessageReceived received -> storeIncoming(received);
            case WaEvent.UndecryptableMessage failed -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("message_id", failed.id());
                data.put("from", failed.sender().toString());
                data.put("chat", failed.chat().toString());
                data.put("timestamp", failed.timestamp().getEpochSecond());
                data.put("is_from_me", false);
                data.put("is_unavailable", failed.unavailable());
                data.put("unavailable_type", failed.unavailableType());
                data.put("fail_mode", failed.reason());
                commit(tx -> outbox.record(tx, event(EventTypes.MESSAGE_UNDECRYPTABLE, null, data,
                        failed.chat().toString())));
            }
            case WaEvent.ReceiptReceived receipt -> storeReceipt(receipt);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void storeIncoming(WaEvent.MessageReceived received) {
        ContentSummary content = ContentSummary.of(received.message());
        if (content.type().equals("protocol")) {
            return; // key distribution, history notices...: nothing a customer reads
        }
        String chat = received.chat().toNonAd().toString();
        StoredMessage message = new StoredMessage(session.deviceId(), chat, received.sender().toNonAd().toString(),
                received.id(), received.fromMe(), received.fromMe() ? MessageDirection.OUTGOING
                : MessageDirection.INCOMING, content.type(), content.text(), content.caption(), content.media(),
                content.quotedMessageId(), received.pushName(), received.timestamp(),
                received.fromMe() ? MessageStatus.SENT : MessageStatus.RECEIVED);
        commit(tx -> {
            if (!tx.messages().insertIfAbsent(message)) {
                return 0; // a redelivery: stored and announced the first time
            }
            return outbox.record(tx, event(EventTypes.MESSAGE_RECEIVED, null, MessagePayloads.of(message), chat));
        });
    }

    private void storeReceipt(WaEvent.ReceiptReceived receipt) {
        String type = switch (receipt.type()) {
            case "delivered", "" -> EventTypes.MESSAGE_DELIVERED;
            case "read", "read-self" -> EventTypes.MESSAGE_READ;
            case "played", "played-self" -> EventTypes.MESSAGE_PLAYED;
            default -> null;
        };
        if (type == null) {
            return;
        }
        MessageStatus status = switch (type) {
            case EventTypes.MESSAGE_READ -> MessageStatus.READ;
            case EventTypes.MESSAGE_PLAYED -> MessageStatus.PLAYED;
            default -> MessageStatus.DELIVERED;
        };
        String chat = receipt.chat().toNonAd().toString();
        commit(tx -> {
            tx.messages().advanceStatus(session.deviceId(), chat, receipt.messageIds(), status);
            int added = 0;
            for (String id : receipt.messageIds()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("message_id", id);
                data.put("chat", chat);
                data.put("sender", receipt.sender().toNonAd().toString());
                data.put("timestamp", receipt.timestamp().getEpochSecond());
                added += outbox.record(tx, event(type, null, data, chat));
            }
            return added;
        });
    }

    private void scheduleDisconnectedCheck() {
        scheduler.schedule(() -> Thread.ofVirtual().start(() -> {
            if (shuttingDown.getAsBoolean()) {
                return;
            }
            ClientState state = session.client().state();
            if (state != ClientState.CONNECTED && state != ClientState.LOGGED_OUT) {
                try {
                    commit(tx -> {
                        tx.devices().updateStatus(session.deviceId(), DeviceStatus.DISCONNECTED, clock.instant());
                        return 0;
                    });
                } catch (RuntimeException e) {
                    log.warn("device {}: could not record the disconnection", session.deviceId(), e);
                }
            }
        }), DISCONNECT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish(String type, Map<String, Object> data) {
        commit(tx -> outbox.record(tx, event(type, null, data, "")));
    }

    private void commit(Function<Transaction, Integer> work) {
        int added = unitOfWork.inTransaction(work);
        outbox.committed(added);
    }

    private String ownPhone() {
        return session.client().jid().map(Jid::user).orElse("");
    }

    /** An event of this device; {@code jid} (own number without server) leads the data, as the contract shows. */
    private GatewayEvent event(String type, Jid own, Map<String, Object> data, String orderingKey) {
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("jid", own != null ? own.user() : ownPhone());
        full.putAll(data);
        return new GatewayEvent(type, session.deviceId(), clock.instant(), full, orderingKey);
    }
}
