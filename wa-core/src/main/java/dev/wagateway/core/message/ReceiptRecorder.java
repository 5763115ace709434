package dev.wagateway.core.message;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.protocol.event.WaEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One device's incoming receipts: the outgoing messages they name move forward (never back) and each is announced
 * ({@code message.delivered}, {@code message.read}, {@code message.played}), in one transaction, which the
 * {@link MessageRowWriter} shares with the receipts of other devices arriving meanwhile.
 */
public final class ReceiptRecorder {

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;
    private final MessageRowWriter batcher;

    /**
     * @param ownPhone the device's own number (digits), read when an event is made
     * @param batcher  the transactions the receipts are written in
     */
    public ReceiptRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder, MessageRowWriter batcher) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
        this.batcher = batcher;
    }

    /**
     * Applies and announces {@code receipt}; receipt types the contract has no event for are ignored. The result
     * completes once that is committed.
     */
    public CompletableFuture<Void> received(WaEvent.ReceiptReceived receipt) {
        String type = switch (receipt.type()) {
            // "inactive": delivered to a device that has not announced itself online (whatsmeow ReceiptTypeInactive)
            case "delivered", "", "inactive" -> EventTypes.MESSAGE_DELIVERED;
            case "read", "read-self" -> EventTypes.MESSAGE_READ;
            case "played", "played-self" -> EventTypes.MESSAGE_PLAYED;
            default -> null;
        };
        if (type == null) {
            return CompletableFuture.completedFuture(null);
        }
        MessageStatus status = switch (type) {
            case EventTypes.MESSAGE_READ -> MessageStatus.READ;
            case EventTypes.MESSAGE_PLAYED -> MessageStatus.PLAYED;
            default -> MessageStatus.DELIVERED;
        };
        String chat = receipt.chat().toNonAd().toString();
        String phone = ownPhone.get();
        return batcher.submit(new MessageRowWriter.ReceiptWrite(deviceId, chat, receipt.messageIds(), status, tx -> {
            int added = 0;
            for (String id : receipt.messageIds()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("message_id", id);
                data.put("chat", chat);
                data.put("sender", receipt.sender().toNonAd().toString());
                data.put("timestamp", receipt.timestamp().getEpochSecond());
                added += recorder.record(tx, recorder.event(deviceId, phone, type, data, chat));
            }
            return added;
        }));
    }
}
