package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence and chat states (protocol §12): who is available, who subscribed to whom, and typing indicators passed
 * to the other side's devices. Nothing here is queued: presence is only for whoever is online.
 */
final class PresenceService {

    private final ConcurrentHashMap<String, String> availability = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<CompanionDevice>> subscribers = new ConcurrentHashMap<>();
    private final Directory directory;

    PresenceService(Directory directory) {
        this.directory = directory;
    }

    /** A {@code <presence>} from a companion: a subscription, or its account's own availability. */
    void onPresence(CompanionDevice from, Node presence) {
        String type = presence.attribute("type", "available");
        if (type.equals("subscribe")) {
            presence.jidAttribute("to").map(Jid::toNonAd).ifPresent(target -> {
                subscribers.computeIfAbsent(target.user(), key -> ConcurrentHashMap.newKeySet()).add(from);
                from.deliverNow(presenceOf(target));
            });
            return;
        }
        if (type.equals("available") || type.equals("unavailable")) {
            String user = from.jid().user();
            availability.put(user, type);
            Node update = presenceOf(from.jid().toNonAd());
            for (CompanionDevice subscriber : subscribers.getOrDefault(user, Set.of())) {
                subscriber.deliverNow(update);
            }
        }
    }

    /** A {@code <chatstate>} (composing, paused, recording) for a user: passed to that user's online companions. */
    void onChatState(CompanionDevice from, Node chatState) {
        chatState.jidAttribute("to").filter(Jid::isUser).ifPresent(target -> {
            Node forwarded = Node.builder("chatstate").attribute("from", from.jid().toNonAd())
                    .children(chatState.children()).build();
            for (Jid device : directory.devicesOf(target.toNonAd())) {
                directory.companion(device).ifPresent(companion -> companion.deliverNow(forwarded));
            }
        });
    }

    private Node presenceOf(Jid user) {
        String type = availability.getOrDefault(user.user(), "unavailable");
        Node.Builder node = Node.builder("presence").attribute("from", user).attribute("type", type);
        if (type.equals("unavailable")) {
            node.attribute("last", "deny");
        }
        return node.build();
    }
}
