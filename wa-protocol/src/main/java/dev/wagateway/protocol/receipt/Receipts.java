package dev.wagateway.protocol.receipt;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.client.spi.Stanzas;
import dev.wagateway.protocol.event.WaEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Receipts (protocol §7.5): tells senders what this account read, and turns the receipts others send for our
 * messages into {@link WaEvent.ReceiptReceived} events. Each incoming receipt is acknowledged once the listeners
 * are done with it. Retry receipts are the messages feature's.
 */
public final class Receipts {

    private final ClientContext context;
    private final DeliveryActivity activity;

    /**
     * Made by the client; registers for incoming {@code <receipt>}s.
     *
     * @param activity whether our delivery receipts say we are active
     */
    public Receipts(ClientContext context, DeliveryActivity activity) {
        this.context = context;
        this.activity = activity;
        context.routes().on(NodeRoute.tag("receipt"), this::onReceipt);
    }

    /**
     * Tells the sender that we read {@code messageIds} of {@code chat} (a {@code read} receipt, the first id on the
     * receipt and the others in its {@code <list>}); in a group {@code sender} is the participant who wrote them.
     * Fire and forget, like the real client.
     *
     * @throws NotConnectedException when not logged in
     * @throws IllegalArgumentException when {@code messageIds} is empty
     */
    public void markRead(Jid chat, Jid sender, List<String> messageIds) {
        mark(ReceiptKind.READ, chat, sender, messageIds);
    }

    /**
     * {@link #markRead} with the receipt's kind: {@link ReceiptKind#READ_SELF} when our read-receipts privacy is
     * {@code none}, {@link ReceiptKind#PLAYED} for a voice note played.
     *
     * @throws NotConnectedException when not logged in
     * @throws IllegalArgumentException when {@code messageIds} is empty
     */
    public void mark(ReceiptKind kind, Jid chat, Jid sender, List<String> messageIds) {
        context.requireLoggedIn();
        if (messageIds.isEmpty()) {
            throw new IllegalArgumentException("no message ids to mark " + kind.type());
        }
        context.channel().sendQuietly(ReceiptStanzas.receipt(kind, chat, sender, messageIds,
                context.clock().instant()));
    }

    /**
     * Sends delivery receipts as active whatever our presence (or, with {@code false}, as presence says again:
     * inactive until we announce ourselves available), as whatsmeow's {@code SetForceActiveDeliveryReceipts}.
     */
    public void forceActiveDeliveryReceipts(boolean active) {
        activity.forceActive(active);
    }

    /** Whether our delivery receipts currently say this device is active. */
    public boolean activeDeliveryReceipts() {
        return activity.active();
    }

    private void onReceipt(Node stanza) {
        Optional<Jid> from = stanza.jidAttribute("from");
        if (from.isEmpty()) {
            context.channel().sendQuietly(Stanzas.ack(stanza, Optional.of(487)));
            return;
        }
        // Our own other device's receipt (read-self, played-self: we read it there with read receipts off) comes
        // from that device and names the chat as its recipient (WM parseMessageSource).
        Jid chat = from.get().isGroup() ? from.get()
                : stanza.jidAttribute("recipient").filter(Jid::isUser).map(Jid::toNonAd).orElse(from.get().toNonAd());
        Jid sender = stanza.jidAttribute("participant").orElse(from.get());
        List<String> ids = new ArrayList<>();
        stanza.attribute("id").ifPresent(ids::add);
        stanza.child("list").ifPresent(list -> list.children("item")
                .forEach(item -> item.attribute("id").ifPresent(ids::add)));
        Instant timestamp = stanza.longAttribute("t").map(Instant::ofEpochSecond).orElse(context.clock().instant());
        String type = stanza.attribute("type", "delivered");
        context.events().emit(new WaEvent.ReceiptReceived(chat, sender, ids, type, timestamp))
                .whenComplete((ignored, error) -> {
                    if (error == null) {
                        context.channel().sendQuietly(Stanzas.ack(stanza, Optional.empty()));
                    }
                });
    }
}
