package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.disappearing.DisappearingMessages;
import dev.wagateway.protocol.message.MessageAction;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.proto.Message;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.InvalidProtocolBufferException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A simulated phone's messages: what it received (as the control API lists it) and the messages it remembers, sent or
 * received ({@link KnownMessages}: the newest ones), so that its own reactions, edits, revokes and replies can name
 * them, and so that it applies only the edits and revokes WhatsApp's apps apply: of a message it has, by the
 * message's author, an edit within {@link MessageActionStanzas#EDIT_WINDOW} of the message.
 */
final class PhoneInbox {

    private static final Logger log = LoggerFactory.getLogger(PhoneInbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A message the phone knows.
     *
     * @param author the user who wrote it (no device)
     * @param chat   the chat it is in
     */
    record Known(String id, Jid author, Jid chat, Message content, long timestamp) {
    }

    /**
     * Appended once per message, read by the control API: a list under a lock, not a copy-on-write list, which copied
     * every entry at each message (the sink phone of a benchmark holds hundreds of thousands, so an entry is kept
     * small: its sender and chat texts shared, its arrival time a slot of an array).
     */
    private final List<ReceivedMessage> received = new ArrayList<>();
    private final ReentrantLock receivedLock = new ReentrantLock();
    /**
     * When each entry of {@code received} landed, in milliseconds, at the same index; 0 for an entry restored from an
     * earlier run (the stanza's {@code t} is seconds). Guarded by {@code receivedLock}.
     */
    private long[] arrivedAt = new long[64];
    /** One copy of each sender and chat text the entries name (a phone hears from a bounded set of JIDs). */
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final KnownMessages known;

    /** An inbox whose phone remembers its newest {@link KnownMessages#DEFAULT_CAPACITY} messages. */
    PhoneInbox() {
        this(KnownMessages.DEFAULT_CAPACITY);
    }

    /** An inbox whose phone remembers its newest {@code capacity} messages. */
    PhoneInbox(int capacity) {
        this.known = new KnownMessages(capacity);
    }

    List<ReceivedMessage> received() {
        receivedLock.lock();
        try {
            return List.copyOf(received);
        } finally {
            receivedLock.unlock();
        }
    }

    /**
     * When the received messages landed at the phone, in milliseconds since the epoch, oldest first; only those of
     * this run of the sandbox (what it kept from an earlier run has no arrival time).
     */
    Map<String, Long> arrivals() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        receivedLock.lock();
        try {
            for (int i = 0; i < received.size(); i++) {
                if (arrivedAt[i] != 0) {
                    ordered.putIfAbsent(received.get(i).id(), arrivedAt[i]);
                }
            }
        } finally {
            receivedLock.unlock();
        }
        return ordered;
    }

    /** A message the phone remembers by {@code id}; empty when it never had it or has forgotten it. */
    Optional<Known> find(String id) {
        return known.find(id);
    }

    /** The users the phone has 1:1 chats with or read in groups (authors and chats of what it knew), itself too. */
    Set<Jid> correspondents() {
        return known.correspondents();
    }

    /** The phone sent {@code message} as {@code id}. */
    void sent(String id, Jid chat, Message message, long timestamp, Jid author) {
        known.put(new Known(id, author.toNonAd(), chat, message, timestamp));
    }

    /** What the sandbox state keeps: the received entries, as the control API lists them. */
    ArrayNode receivedSnapshot() {
        ArrayNode entries = JSON.createArrayNode();
        received().forEach(message -> entries.add(JSON.valueToTree(message)));
        return entries;
    }

    /** What the sandbox state keeps: the messages the phone remembers, so actions after a restart still name them. */
    ArrayNode knownSnapshot() {
        ArrayNode entries = JSON.createArrayNode();
        known.kept().forEach(message -> entries.addObject().put("id", message.id())
                .put("author", message.author().toString()).put("chat", message.chat().toString())
                .put("content", Base64.getEncoder().encodeToString(message.content()))
                .put("t", message.timestamp()));
        return entries;
    }

    /** What the sandbox state keeps: the users the phone had chats with, including those of forgotten messages. */
    ArrayNode correspondentsSnapshot() {
        ArrayNode users = JSON.createArrayNode();
        known.correspondents().forEach(user -> users.add(user.toString()));
        return users;
    }

    /**
     * Puts back what {@link #receivedSnapshot()}, {@link #knownSnapshot()} and {@link #correspondentsSnapshot()} wrote
     * (the last missing from an older state: the remembered messages name them); throws before any change.
     */
    void restore(JsonNode receivedEntries, JsonNode knownEntries, JsonNode correspondentEntries) {
        List<ReceivedMessage> entries = new ArrayList<>();
        List<Known> messages = new ArrayList<>();
        List<Jid> users = new ArrayList<>();
        try {
            for (JsonNode entry : receivedEntries) {
                entries.add(JSON.treeToValue(entry, ReceivedMessage.class));
            }
            for (JsonNode entry : knownEntries) {
                String id = entry.path("id").asText();
                messages.add(new Known(id, Jid.parse(entry.path("author").asText()),
                        Jid.parse(entry.path("chat").asText()),
                        Message.parseFrom(Base64.getDecoder().decode(entry.path("content").asText())),
                        entry.path("t").asLong()));
            }
            for (JsonNode user : correspondentEntries) {
                users.add(Jid.parse(user.asText()));
            }
        } catch (JsonProcessingException | InvalidProtocolBufferException e) {
            throw new IllegalStateException("a phone's messages in the sandbox state are unreadable", e);
        }
        entries.forEach(entry -> append(entry, 0));
        messages.forEach(known::put);
        known.addCorrespondents(users);
    }

    /** Keeps an accepted incoming message. */
    void add(ReceivedMessage message, Jid sender, Message content) {
        append(message.withAddresses(shared(message.from()), shared(message.chat())), System.currentTimeMillis());
        Jid chat = Jid.tryParse(message.chat()).orElse(sender.toNonAd());
        known.put(new Known(message.id(), sender.toNonAd(), chat, content, message.timestamp()));
    }

    private void append(ReceivedMessage message, long arrival) {
        receivedLock.lock();
        try {
            if (received.size() == arrivedAt.length) {
                arrivedAt = Arrays.copyOf(arrivedAt, arrivedAt.length * 2);
            }
            arrivedAt[received.size()] = arrival;
            received.add(message);
        } finally {
            receivedLock.unlock();
        }
    }

    private String shared(String address) {
        return address == null ? null : addresses.computeIfAbsent(address, text -> text);
    }

    /**
     * Whether the phone applies {@code message} from {@code sender}: an edit or a sender revoke only of a message that
     * {@code sender} wrote (an edit also only within the edit window); the rest always.
     */
    boolean accepts(ReceivedMessage message, Jid sender, long timestamp) {
        String targetId = message.edit() != null ? message.edit().get("id")
                : message.revoke() != null ? message.revoke().get("id") : null;
        if (targetId == null) {
            return true;
        }
        Optional<Known> target = find(targetId);
        if (target.isEmpty()) {
            log.info("phone ignores {} of unknown message {}", message.type(), targetId);
            return false;
        }
        boolean byAuthor = target.get().author().user().equals(sender.user());
        if (message.edit() != null) {
            boolean inWindow = timestamp - target.get().timestamp() <= MessageActionStanzas.EDIT_WINDOW.toSeconds();
            if (!byAuthor || !inWindow) {
                log.info("phone ignores an edit of {} by {} ({})", targetId, sender,
                        byAuthor ? "after the edit window" : "not its author");
                return false;
            }
            return true;
        }
        if (!byAuthor && !target.get().chat().isGroup()) {
            log.info("phone ignores a revoke of {} by {}, who did not write it", targetId, sender);
            return false;
        }
        return true;
    }

    /** What {@code content} shows as in the control API; empty for content that shows nothing (key shares...). */
    static Optional<ReceivedMessage> read(String id, Jid sender, Jid chat, Message content, long timestamp) {
        String from = sender.toString();
        String chatText = chat.toString();
        java.util.OptionalInt timer = DisappearingMessages.settingOf(content);
        if (timer.isPresent()) {
            return Optional.of(new ReceivedMessage(id, from, chatText, "disappearing_timer", "", timestamp)
                    .withExpiration(timer.getAsInt()));
        }
        Optional<MessageAction> action = MessageAction.of(content);
        if (action.isPresent()) {
            String target = action.get().target().getId();
            return Optional.of(switch (action.get()) {
                case MessageAction.Reaction reaction -> new ReceivedMessage(id, from, chatText, "reaction",
                        reaction.emoji(), timestamp, fields("id", target, "emoji", reaction.emoji()), null, null, null);
                case MessageAction.Edit edit -> {
                    String text = text(edit.newContent()).orElse("");
                    yield new ReceivedMessage(id, from, chatText, "edit", text, timestamp, null,
                            fields("id", target, "text", text), null, null);
                }
                case MessageAction.Revoke revoke -> new ReceivedMessage(id, from, chatText, "revoke", "", timestamp,
                        null, null, fields("id", target), null);
            });
        }
        Optional<String> text = text(content);
        if (text.isEmpty() || text.get().isEmpty()) {
            return Optional.empty();
        }
        String quoted = content.hasExtendedTextMessage() && content.getExtendedTextMessage().hasContextInfo()
                && content.getExtendedTextMessage().getContextInfo().hasStanzaId()
                ? content.getExtendedTextMessage().getContextInfo().getStanzaId() : null;
        return Optional.of(new ReceivedMessage(id, from, chatText, "text", text.get(), timestamp, null, null, null,
                quoted));
    }

    /** The text of a text message. */
    static Optional<String> text(Message content) {
        if (content.hasConversation()) {
            return Optional.of(content.getConversation());
        }
        if (content.hasExtendedTextMessage()) {
            return Optional.of(content.getExtendedTextMessage().getText());
        }
        return Optional.empty();
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
