package dev.wagateway.protocol.client;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The fire-and-forget stanzas a person's phone sends: presence, read receipts, typing states (protocol §7.5, §12). */
final class ChatSignals {

    private ChatSignals() {
    }

    /** {@code <presence type="available|unavailable" [name]>}, with our push name as the real client sends it. */
    static Node presence(boolean available, Optional<String> pushName) {
        Node.Builder presence = Node.builder("presence").attribute("type", available ? "available" : "unavailable");
        pushName.filter(name -> !name.isEmpty()).ifPresent(name -> presence.attribute("name", name));
        return presence.build();
    }

    /**
     * A {@code read} receipt for {@code messageIds} (not empty) of {@code chat}: the first id on the receipt, the
     * others in its {@code <list>}; in a group {@code sender} is the participant who wrote them.
     */
    static Node readReceipt(Jid chat, Jid sender, List<String> messageIds, Instant at) {
        Node.Builder receipt = Node.builder("receipt").attribute("id", messageIds.getFirst())
                .attribute("type", "read").attribute("to", chat.isGroup() ? chat : chat.toNonAd())
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

    /** {@code <chatstate to><composing|composing media="audio"|paused/></chatstate>}. */
    static Node chatState(Jid to, ChatState chatState) {
        Node inner = switch (chatState) {
            case COMPOSING -> Node.of("composing");
            case RECORDING -> Node.builder("composing").attribute("media", "audio").build();
            case PAUSED -> Node.of("paused");
        };
        return Node.builder("chatstate").attribute("to", to.toNonAd()).children(inner).build();
    }
}
