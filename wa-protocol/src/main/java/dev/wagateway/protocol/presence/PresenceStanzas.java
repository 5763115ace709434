package dev.wagateway.protocol.presence;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.event.WaEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * The presence and chat-state stanzas (protocol §12.7), built and read apart from sending so each shape is tested.
 */
public final class PresenceStanzas {

    private PresenceStanzas() {
    }

    /** {@code <presence type="available|unavailable" [name]>}, with our push name as the real client sends it. */
    public static Node presence(boolean available, Optional<String> pushName) {
        Node.Builder presence = Node.builder("presence").attribute("type", available ? "available" : "unavailable");
        // Baileys strips '@' from the name it announces; the server treats the attribute as plain text
        pushName.map(name -> name.replace("@", "")).filter(name -> !name.isEmpty())
                .ifPresent(name -> presence.attribute("name", name));
        return presence.build();
    }

    /**
     * {@code <presence type="subscribe" to>[<tctoken>]</presence>}: the server then tells us {@code user}'s
     * presence, now and on every change; the contact's privacy token goes with it when we hold one (whatsmeow
     * {@code SubscribePresence}).
     */
    public static Node subscribe(Jid user, Optional<byte[]> privacyToken) {
        Node.Builder subscribe = Node.builder("presence").attribute("type", "subscribe")
                .attribute("to", user.toNonAd());
        privacyToken.ifPresent(token -> subscribe.children(Node.builder("tctoken").bytes(token).build()));
        return subscribe.build();
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

    /**
     * An incoming {@code <presence from [type="unavailable"] [last="UNIX|deny"]>} as an event (whatsmeow
     * {@code handlePresence}); empty for a presence without a sender or of another type.
     */
    public static Optional<WaEvent.PresenceChanged> readPresence(Node presence) {
        Optional<Jid> from = presence.jidAttribute("from").filter(jid -> jid.isUser() || jid.isLid());
        String type = presence.attribute("type", "");
        if (from.isEmpty() || !(type.isEmpty() || type.equals("available") || type.equals("unavailable"))) {
            return Optional.empty();
        }
        Optional<Instant> lastSeen = presence.attribute("last")
                .filter(last -> !last.equals("deny") && last.chars().allMatch(Character::isDigit) && !last.isEmpty()
                        && last.length() <= 12)
                .map(Long::parseLong).filter(seconds -> seconds > 0).map(Instant::ofEpochSecond);
        return Optional.of(new WaEvent.PresenceChanged(from.get().toNonAd(), type.equals("unavailable"), lastSeen));
    }

    /**
     * An incoming {@code <chatstate from [participant]><composing [media="audio"]/>|<paused/></chatstate>} as an
     * event (whatsmeow {@code handleChatState}); empty when it names no sender or carries no known state.
     *
     * @param ownUser our account's user part, to tell our other devices' states apart
     */
    public static Optional<WaEvent.ChatPresence> readChatState(Node chatState, String ownUser) {
        Optional<Jid> chat = chatState.jidAttribute("from");
        if (chat.isEmpty()) {
            return Optional.empty();
        }
        Optional<Jid> sender = chat.get().isGroup() ? chatState.jidAttribute("participant") : chat;
        if (sender.isEmpty() || chatState.children().isEmpty()) {
            return Optional.empty();
        }
        Node child = chatState.children().getFirst();
        ChatState state = switch (child.tag()) {
            case "composing" -> child.attribute("media", "").equals("audio") ? ChatState.RECORDING : ChatState.COMPOSING;
            case "paused" -> ChatState.PAUSED;
            default -> null;
        };
        if (state == null) {
            return Optional.empty();
        }
        Jid senderUser = sender.get().toNonAd();
        return Optional.of(new WaEvent.ChatPresence(chat.get().toNonAd(), senderUser,
                senderUser.user().equals(ownUser), state));
    }
}
