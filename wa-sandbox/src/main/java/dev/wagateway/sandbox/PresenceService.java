package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.user.PrivacySetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Presence and chat states (protocol §12.7), with WhatsApp's rules: an account is online while one of its devices
 * said {@code available} last; a subscriber is told the account's presence at once and at each change, never when
 * the account blocked it, with {@code last} (last seen) only when the account's {@code last} privacy shows it
 * ({@code none} answers {@code last="deny"}) and online only when {@code online} is {@code all} or last seen is
 * shown; a chat state reaches the chat's other side only (never a user who blocked the sender, never a group the
 * sender is not in). Nothing is queued: presence is only for whoever is connected. Phones take part through the
 * control API and keep what they were shown.
 */
final class PresenceService {

    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);
    /** How many updates a phone's view keeps. */
    private static final int PHONE_VIEW = 500;

    /** An account's availability: online, or offline since {@code lastSeen} (unix seconds, 0 = never online). */
    private record Availability(boolean available, long lastSeen) {
    }

    private final ConcurrentHashMap<String, Availability> availability = new ConcurrentHashMap<>();
    /** Who asked for a user's presence: companions, and phones (by number) through the control API. */
    private final ConcurrentHashMap<String, Set<CompanionDevice>> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> phoneSubscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<PresenceSeen>> phoneViews = new ConcurrentHashMap<>();
    private final Directory directory;
    private final GroupDirectory groups;

    PresenceService(Directory directory, GroupDirectory groups) {
        this.directory = directory;
        this.groups = groups;
    }

    /** A {@code <presence>} from a companion: a subscription, or its account's own availability. */
    void onPresence(CompanionDevice from, Node presence) {
        String type = presence.attribute("type", "available");
        Jid user = from.jid().toNonAd();
        switch (type) {
            case "subscribe" -> presence.jidAttribute("to").map(Jid::toNonAd)
                    .flatMap(directory::account).ifPresent(target -> {
                        subscribers.computeIfAbsent(target.jid().user(), key -> ConcurrentHashMap.newKeySet())
                                .add(from);
                        seenBy(target, user).ifPresent(from::deliverNow);
                    });
            case "available", "unavailable" ->
                    directory.account(user).ifPresent(account -> setAvailability(account, type.equals("available")));
            default -> log.debug("ignoring <presence type={}> from {}", type, from.jid());
        }
    }

    /** A {@code <chatstate to>} from a companion: passed to the chat's other side. */
    void onChatState(CompanionDevice from, Node chatState) {
        Optional<Jid> to = chatState.jidAttribute("to");
        if (to.isEmpty() || chatState.children().isEmpty()) {
            return;
        }
        directory.account(from.jid().toNonAd()).ifPresent(sender ->
                relayChatState(sender, to.get().toNonAd(), chatState.children().getFirst(), from));
    }

    /** The phone goes online or offline (control API). */
    void phoneAvailability(Account phone, boolean available) {
        setAvailability(phone, available);
    }

    /** The phone types, records or stops in the chat with {@code to} (control API); false when it is dropped. */
    boolean phoneChatState(Account phone, Jid to, String state) {
        Node child = switch (state) {
            case "composing" -> Node.of("composing");
            case "recording" -> Node.builder("composing").attribute("media", "audio").build();
            case "paused" -> Node.of("paused");
            default -> throw new SandboxException(400, "state must be available, unavailable, composing, "
                    + "recording, paused or subscribe");
        };
        return relayChatState(phone, to.toNonAd(), child, null);
    }

    /** The phone opens a contact's chat and so asks for their presence (control API). */
    void phoneSubscribe(Account phone, Account target) {
        phoneSubscribers.computeIfAbsent(target.jid().user(), key -> ConcurrentHashMap.newKeySet())
                .add(phone.jid().user());
        seenBy(target, phone.jid()).ifPresent(update -> showPhone(phone, update));
    }

    /** What {@code phone} was shown, oldest first, and its own state. */
    Map<String, Object> phonePresenceViewOf(Account phone) {
        Availability own = availability.getOrDefault(phone.jid().user(), new Availability(false, 0));
        List<String> subscribedTo = new ArrayList<>();
        phoneSubscribers.forEach((user, phones) -> {
            if (phones.contains(phone.jid().user())) {
                subscribedTo.add(user + "@" + Jid.USER_SERVER);
            }
        });
        subscribedTo.sort(String::compareTo);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("phone", phone.jid().user());
        view.put("state", own.available() ? "available" : "unavailable");
        view.put("last_seen", own.lastSeen() == 0 ? null : own.lastSeen());
        view.put("subscribed_to", subscribedTo);
        view.put("received", List.copyOf(phoneViews.getOrDefault(phone.jid().user(), List.of())));
        return view;
    }

    private void setAvailability(Account account, boolean available) {
        String user = account.jid().user();
        availability.put(user, new Availability(available, available
                ? availability.getOrDefault(user, new Availability(false, 0)).lastSeen() : Stanzas.now()));
        for (CompanionDevice subscriber : subscribers.getOrDefault(user, Set.of())) {
            if (subscriber.isRemoved()) {
                continue;
            }
            seenBy(account, subscriber.jid().toNonAd()).ifPresent(subscriber::deliverNow);
        }
        for (String phone : phoneSubscribers.getOrDefault(user, Set.of())) {
            directory.account(phone).ifPresent(viewer ->
                    seenBy(account, viewer.jid()).ifPresent(update -> showPhone(viewer, update)));
        }
    }

    /**
     * {@code account}'s presence as {@code viewer} may see it: nothing when the account blocked the viewer;
     * {@code unavailable} with {@code last} or {@code last="deny"} by the last-seen privacy; online hidden when the
     * online privacy follows a last seen the viewer may not see.
     */
    private Optional<Node> seenBy(Account account, Jid viewer) {
        AccountProfile profile = account.profile();
        if (profile.isBlocked(viewer)) {
            return Optional.empty();
        }
        Availability state = availability.getOrDefault(account.jid().user(), new Availability(false, 0));
        boolean lastSeenShown = profile.shows(PrivacySetting.LAST_SEEN, viewer);
        boolean onlineShown = lastSeenShown || "all".equals(profile.privacy(PrivacySetting.ONLINE));
        Node.Builder node = Node.builder("presence").attribute("from", account.jid());
        if (state.available() && onlineShown) {
            return Optional.of(node.build());
        }
        node.attribute("type", "unavailable");
        node.attribute("last", lastSeenShown && state.lastSeen() > 0 ? Long.toString(state.lastSeen()) : "deny");
        return Optional.of(node.build());
    }

    /**
     * Passes a chat state from {@code sender} to the other side of the chat {@code to}: a user's devices (not when
     * they blocked the sender), or a group's other members (only from a member). {@code origin} is the sending
     * companion, null for the phone. False when dropped.
     */
    private boolean relayChatState(Account sender, Jid to, Node child, CompanionDevice origin) {
        Jid senderJid = sender.jid().toNonAd();
        if (to.isGroup()) {
            Optional<Group> group = groups.group(to);
            if (group.isEmpty() || !group.get().isMember(senderJid) && !group.get().isMember(sender.lid())) {
                log.debug("chat state from {} to {} dropped: not a member", senderJid, to);
                return false;
            }
            Node forwarded = Node.builder("chatstate").attribute("from", to).attribute("participant", senderJid)
                    .children(child).build();
            for (Jid member : group.get().members()) {
                directory.account(member).filter(account -> !account.jid().user().equals(senderJid.user()))
                        .ifPresent(account -> deliver(account, forwarded, to, senderJid, child));
            }
            return true;
        }
        Optional<Account> target = directory.account(to);
        if (target.isEmpty() || target.get().jid().user().equals(senderJid.user())) {
            return false;
        }
        if (target.get().profile().isBlocked(senderJid) || target.get().profile().isBlocked(sender.lid())) {
            log.debug("chat state from {} to {} dropped: blocked", senderJid, to);
            return false;
        }
        Node forwarded = Node.builder("chatstate").attribute("from", senderJid).children(child).build();
        deliver(target.get(), forwarded, senderJid, senderJid, child);
        return true;
    }

    private void deliver(Account account, Node forwarded, Jid chat, Jid sender, Node child) {
        for (CompanionDevice companion : account.companions()) {
            companion.deliverNow(forwarded);
        }
        String state = child.tag().equals("paused") ? "paused"
                : child.attribute("media", "").equals("audio") ? "recording" : "composing";
        remember(account, new PresenceSeen("chatstate", sender.toString(), chat.toString(), state, null,
                Stanzas.now()));
    }

    private void showPhone(Account phone, Node presence) {
        String type = presence.attribute("type", "available");
        Long lastSeen = presence.attribute("last").filter(last -> !last.equals("deny")).map(Long::parseLong)
                .orElse(null);
        remember(phone, new PresenceSeen("presence", presence.attribute("from", ""), null, type, lastSeen,
                Stanzas.now()));
    }

    private void remember(Account phone, PresenceSeen seen) {
        List<PresenceSeen> view = phoneViews.computeIfAbsent(phone.jid().user(), key -> new CopyOnWriteArrayList<>());
        view.add(seen);
        while (view.size() > PHONE_VIEW) {
            view.removeFirst();
        }
    }
}
