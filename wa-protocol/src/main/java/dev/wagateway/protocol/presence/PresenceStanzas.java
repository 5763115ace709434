package dev.wagateway.protocol.presence;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.Optional;

/** The presence and chat-state stanzas (protocol §12), built apart from sending so each shape is tested. */
public final class PresenceStanzas {

    private PresenceStanzas() {
    }

    /** {@code <presence type="available|unavailable" [name]>}, with our push name as the real client sends it. */
    public static Node presence(boolean available, Optional<String> pushName) {
        Node.Builder presence = Node.builder("presence").attribute("type", available ? "available" : "unavailable");
        pushName.filter(name -> !name.isEmpty()).ifPresent(name -> presence.attribute("name", name));
        return presence.build();
    }

    /** {@code <chatstate to><composing|composing media="audio"|paused/></chatstate>}. */
    public static Node chatState(Jid to, ChatState chatState) {
        Node inner = switch (chatState) {
            case COMPOSING -> Node.of("composing");
            case RECORDING -> Node.builder("composing").attribute("media", "audio").build();
            case PAUSED -> Node.of("paused");
        };
        return Node.builder("chatstate").attribute("to", to.toNonAd()).children(inner).build();
    }
}
