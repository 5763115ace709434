package dev.wagateway.protocol.receipt;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.time.Instant;
import java.util.List;

/** The receipts this device sends (protocol §7.5, §8.4), built apart from sending so each shape is tested. */
public final class ReceiptStanzas {

    private ReceiptStanzas() {
    }

    /**
     * The delivery receipt of a processed message (protocol §8.4): {@code type} is null for a plain delivery, or
     * {@code sender} for our own other device's message.
     */
    public static Node delivery(Node message, String type) {
        Node.Builder receipt = Node.builder("receipt").attribute("id", message.attribute("id", ""))
                .attribute("to", message.attribute("from", ""));
        message.attribute("participant").ifPresent(p -> receipt.attribute("participant", p));
        message.attribute("recipient").ifPresent(r -> receipt.attribute("recipient", r));
        receipt.attribute("type", type);
        return receipt.build();
    }

    /**
     * A {@code read} receipt for {@code messageIds} (not empty) of {@code chat}: the first id on the receipt, the
     * others in its {@code <list>}; in a group {@code sender} is the participant who wrote them.
     */
    public static Node read(Jid chat, Jid sender, List<String> messageIds, Instant at) {
        return receipt(ReceiptKind.READ, chat, sender, messageIds, at);
    }

    /**
     * A {@code read}, {@code read-self} or {@code played} receipt for {@code messageIds} (not empty) of
     * {@code chat}, shaped as {@link #read} (WM {@code MarkRead}, BL {@code sendReceipt}).
     */
    public static Node receipt(ReceiptKind kind, Jid chat, Jid sender, List<String> messageIds, Instant at) {
        Node.Builder receipt = Node.builder("receipt").attribute("id", messageIds.getFirst())
                .attribute("type", kind.type()).attribute("to", chat.isGroup() ? chat : chat.toNonAd())
                .attribute("t", at.getEpochSecond());
        if (chat.isGroup()) {
            receipt.attribute("participant", sender.toNonAd());
        }
        if (messageIds.size() > 1) {
            receipt.children(Node.builder("list").children(messageIds.subList(1, messageIds.size()).stream()
                    .map(id -> Node.builder("item").attribute("id", id).build()).toList()).build());
        }
        return receipt.build();
    }
}
