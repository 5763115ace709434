package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.binary.Jid;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a phone will sync to the companions it links (contract second edition,
 * {@code POST /sandbox/phones/{phone}/history}): chats with their messages, contacts with their names.
 *
 * @param messages       every message of the phone's history, in any order
 * @param contacts       the phone's contacts
 * @param recentPerChat  how many of each chat's newest messages the initial sync carries (the rest only on demand);
 *                       0 for all
 */
record HistorySeed(List<Message> messages, List<Contact> contacts, int recentPerChat) {

    /** At most this many messages and contacts per seed: a test's history, not a real phone's. */
    static final int MAX_ENTRIES = 100_000;
    private static final int MAX_TEXT = 64 * 1024;

    /** One message: {@code id} is made up when not given. */
    record Message(String id, Jid chat, boolean fromMe, String text, long timestamp, Optional<Jid> sender) {
    }

    /** One contact and the name they gave themselves. */
    record Contact(Jid jid, String name) {
    }

    HistorySeed {
        messages = List.copyOf(messages);
        contacts = List.copyOf(contacts);
    }

    /** Reads {@code {messages: [{chat, from_me, text, timestamp, id?, sender?}], contacts: [{phone, name}]}}. */
    static HistorySeed parse(JsonNode body, java.util.function.Supplier<String> ids) {
        JsonNode messages = body.path("messages");
        JsonNode contacts = body.path("contacts");
        if ((!messages.isMissingNode() && !messages.isArray()) || (!contacts.isMissingNode() && !contacts.isArray())) {
            throw new SandboxException(400, "messages and contacts must be arrays");
        }
        if (messages.size() + contacts.size() > MAX_ENTRIES) {
            throw new SandboxException(413, "a history seed holds at most " + MAX_ENTRIES + " entries");
        }
        List<Message> parsedMessages = new ArrayList<>(messages.size());
        for (JsonNode message : messages) {
            Jid chat = jid(message.path("chat").asText(""), "chat");
            String text = message.path("text").asText("");
            if (text.isEmpty() || text.length() > MAX_TEXT) {
                throw new SandboxException(400, "each message needs a text of 1 to " + MAX_TEXT + " characters");
            }
            long timestamp = message.path("timestamp").asLong(0);
            if (timestamp <= 0) {
                throw new SandboxException(400, "each message needs a positive timestamp (unix seconds)");
            }
            String id = message.path("id").asText("");
            Optional<Jid> sender = message.hasNonNull("sender")
                    ? Optional.of(jid(message.path("sender").asText(), "sender")) : Optional.empty();
            if (chat.isGroup() && sender.isEmpty() && !message.path("from_me").asBoolean(false)) {
                throw new SandboxException(400, "a group message not from the phone needs its sender");
            }
            parsedMessages.add(new Message(id.isEmpty() ? ids.get() : id, chat,
                    message.path("from_me").asBoolean(false), text, timestamp, sender));
        }
        List<Contact> parsedContacts = new ArrayList<>(contacts.size());
        for (JsonNode contact : contacts) {
            Jid jid = jid(contact.path("phone").asText(""), "phone");
            parsedContacts.add(new Contact(jid, contact.path("name").asText("")));
        }
        int recent = body.path("recent_per_chat").asInt(0);
        if (recent < 0) {
            throw new SandboxException(400, "recent_per_chat must not be negative");
        }
        return new HistorySeed(parsedMessages, parsedContacts, recent);
    }

    private static Jid jid(String text, String what) {
        if (text.matches("[1-9][0-9]{5,14}")) {
            return Jid.user(text);
        }
        Optional<Jid> jid = Jid.tryParse(text).filter(j -> j.isUser() || j.isGroup()).map(Jid::toNonAd);
        return jid.orElseThrow(() -> new SandboxException(400, what + " must be a phone number or a user or group "
                + "JID: " + text));
    }
}
