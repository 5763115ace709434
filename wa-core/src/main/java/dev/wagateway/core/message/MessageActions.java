package dev.wagateway.core.message;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Actions on a message the device sent or received (api.md rows 39–42): reactions, edits, revokes and quoted
 * replies. The message acted on is looked up in the gateway's store (the chat in the body, api.md §4.5), so that its
 * key names the right author; an action on a message the gateway never saw needs its {@code sender_jid}. What
 * WhatsApp's apps refuse is refused here first with a 4xx: an edit of someone else's message or after the
 * 20-minute window, a revoke of the other party's message in a 1:1 chat, a reaction that is not one emoji.
 */
public final class MessageActions {

    private final DeviceCalls calls;
    private final MessageRepository messages;
    private final MessagingService messaging;
    private final SendSimulation simulation;
    private final Clock clock;

    /** @param messaging the send path (storage before the send, the ack, §4.7 indicators) shared with texts */
    public MessageActions(DeviceCalls calls, MessageRepository messages, MessagingService messaging,
                          SendSimulation simulation, Clock clock) {
        this.calls = calls;
        this.messages = messages;
        this.messaging = messaging;
        this.simulation = simulation;
        this.clock = clock;
    }

    /**
     * Reacts to {@code messageId} with {@code emoji} (empty takes our reaction back). The author is
     * {@code sender} when given, else the stored message's.
     *
     * @throws InvalidRequestException more or less than one emoji, a deleted message, a bad chat or sender
     * @throws NotFoundException       no sender given and no such message stored
     */
    public SentMessage react(UUID deviceId, String chat, String messageId, String emoji, Optional<String> sender) {
        String reaction = emoji == null ? "" : emoji.strip();
        if (!reaction.isEmpty() && !Emoji.isSingle(reaction)) {
            throw new InvalidRequestException("emoji must be a single emoji, or empty to remove the reaction");
        }
        Jid chatJid = chat(chat);
        Jid own = own(deviceId);
        Optional<StoredMessage> target = stored(deviceId, chatJid, messageId);
        target.ifPresent(m -> notDeleted(m, "reacted to"));
        Jid author = sender.isPresent() ? jid(sender.get(), "sender_jid")
                : target.map(m -> jid(m.sender(), "sender")).orElseThrow(() -> notFound(messageId));
        MessageKey key = MessageActionStanzas.key(chatJid, author, messageId, own);
        return messaging.send(deviceId, chatJid, MessageActionStanzas.reaction(key, reaction, clock.instant()),
                new MessagingService.Draft("reaction", Optional.of(reaction), Optional.of(messageId)), false, false);
    }

    /**
     * Edits our own text message {@code messageId} to {@code text}, within WhatsApp's edit window; the stored
     * message takes the new text, the edit is kept as a message of its own.
     *
     * @throws InvalidRequestException blank text, someone else's message, not a text, deleted, or too old
     * @throws NotFoundException       no such message stored
     */
    public SentMessage edit(UUID deviceId, String chat, String messageId, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("text is required");
        }
        Jid chatJid = chat(chat);
        StoredMessage original = messages.find(deviceId, chatJid.toString(), true, messageId).orElseThrow(() ->
                messages.find(deviceId, chatJid.toString(), false, messageId).isPresent()
                        ? new InvalidRequestException("only your own messages can be edited")
                        : notFound(messageId));
        notDeleted(original, "edited");
        if (!original.type().equals("text")) {
            throw new InvalidRequestException("only text messages can be edited");
        }
        Duration age = Duration.between(original.timestamp(), clock.instant());
        if (age.compareTo(MessageActionStanzas.EDIT_WINDOW) > 0) {
            throw new InvalidRequestException("message " + messageId + " can no longer be edited: WhatsApp allows "
                    + MessageActionStanzas.EDIT_WINDOW.toMinutes() + " minutes");
        }
        Message edit = MessageActionStanzas.edit(chatJid, messageId, Message.newBuilder().setConversation(text)
                .build(), clock.instant());
        SentMessage sent = messaging.send(deviceId, chatJid, edit,
                new MessagingService.Draft("edit", Optional.of(text), Optional.of(messageId)), false, false);
        messages.applyEdit(deviceId, chatJid.toString(), true, messageId, text);
        return sent;
    }

    /**
     * Deletes {@code messageId} for everyone: our own message when {@code sender} is absent or ours, else (a group
     * admin's revoke) the member's message. The stored message stays as a tombstone.
     *
     * @throws InvalidRequestException someone else's message in a 1:1 chat or, when we are not an admin, in a
     *                                 group; a bad chat or sender
     * @throws NotFoundException       our own message is not stored, or the group does not exist
     */
    public SentMessage revoke(UUID deviceId, String chat, String messageId, Optional<String> sender) {
        Jid chatJid = chat(chat);
        Jid own = own(deviceId);
        Jid author = sender.map(s -> jid(s, "sender_jid")).orElse(own);
        boolean ours = author.user().equals(own.user());
        if (ours) {
            notDeleted(messages.find(deviceId, chatJid.toString(), true, messageId)
                    .orElseThrow(() -> notFound(messageId)), "deleted again");
        } else if (!chatJid.isGroup()) {
            throw new InvalidRequestException("only your own messages can be deleted for everyone in a 1:1 chat");
        } else if (!isAdmin(deviceId, chatJid, own)) {
            // WhatsApp refuses a member's admin revoke (the server answers 403); said plainly, before sending
            throw new InvalidRequestException("only a group admin can delete someone else's message in "
                    + chatJid);
        }
        MessageKey key = MessageActionStanzas.key(chatJid, author, messageId, own);
        SentMessage sent = messaging.send(deviceId, chatJid, MessageActionStanzas.revoke(key),
                new MessagingService.Draft("revoke", Optional.empty(), Optional.of(messageId)), false, false);
        messages.markRevoked(deviceId, chatJid.toString(), ours, messageId);
        return sent;
    }

    /**
     * Sends {@code text} quoting {@code messageId} (its stored text, author and id in the context info), with the
     * §4.7 indicators unless the request turns them off.
     *
     * @throws InvalidRequestException blank text or chat, a deleted message
     * @throws NotFoundException       no such message stored in the chat
     */
    public SentMessage reply(UUID deviceId, String chat, String messageId, String text, Optional<Boolean> typing,
                             Optional<Boolean> presence) {
        if (text == null || text.isBlank() || chat == null || chat.isBlank()) {
            throw new InvalidRequestException("text and chat_jid are required");
        }
        Jid chatJid = messaging.resolve(deviceId, chat);
        StoredMessage quoted = stored(deviceId, chatJid, messageId).orElseThrow(() -> notFound(messageId));
        notDeleted(quoted, "quoted");
        Message content = quoted.text().or(quoted::caption)
                .map(t -> Message.newBuilder().setConversation(t).build())
                .orElse(Message.getDefaultInstance());
        Message reply = MessageActionStanzas.replyText(text, new MessageActionStanzas.Quote(messageId,
                jid(quoted.sender(), "sender"), content, Optional.empty()), List.of());
        return messaging.send(deviceId, chatJid, reply,
                new MessagingService.Draft("text", Optional.of(text), Optional.of(messageId)),
                typing.orElse(simulation.typing()), presence.orElse(simulation.presence()));
    }

    /** Whether our account is an admin of {@code group}, as the server has it now. */
    private boolean isAdmin(UUID deviceId, Jid group, Jid own) {
        return calls.call(deviceId, "read the group", client -> client.groups().info(group)).participants().stream()
                .anyMatch(member -> member.role().isAdmin() && (member.jid().user().equals(own.user())
                        || member.phoneNumber().map(pn -> pn.user().equals(own.user())).orElse(false)));
    }

    /** The stored message {@code id} of the chat, someone else's first (Orig's default author), then ours. */
    private Optional<StoredMessage> stored(UUID deviceId, Jid chat, String id) {
        return messages.find(deviceId, chat.toString(), false, id)
                .or(() -> messages.find(deviceId, chat.toString(), true, id));
    }

    private Jid own(UUID deviceId) {
        return calls.client(deviceId).jid().map(Jid::toNonAd)
                .orElseThrow(() -> DeviceCalls.failure("act on the message",
                        new IllegalStateException("the device has no JID")));
    }

    private static Jid chat(String chat) {
        if (chat == null || chat.isBlank()) {
            throw new InvalidRequestException("chat_jid is required");
        }
        return ChatAddress.resolveStored(chat).orElseThrow(() -> new InvalidRequestException(
                "invalid chat_jid: " + chat));
    }

    private static Jid jid(String value, String field) {
        return ChatAddress.resolveStored(value).filter(j -> !j.isGroup())
                .orElseThrow(() -> new InvalidRequestException("invalid " + field + ": " + value));
    }

    /** A deleted message (a tombstone) is not acted on: WhatsApp's apps offer nothing on it. */
    private static void notDeleted(StoredMessage message, String action) {
        if (message.type().equals("revoked")) {
            throw new InvalidRequestException("message " + message.messageId() + " was deleted and cannot be "
                    + action);
        }
    }

    private static NotFoundException notFound(String messageId) {
        return new NotFoundException("message " + messageId + " not found in this chat");
    }
}
