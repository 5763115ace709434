package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat of a history sync with the messages this chunk carries for it (newest first, as the phone sends them).
 *
 * @param chat           the chat's JID
 * @param name           the chat's name (a group's subject, a contact's name), empty when none
 * @param lastMessageAt  when the chat last had a message, if the phone said
 * @param unreadCount    unread messages
 * @param archived       archived on the phone
 * @param pinned         pinned (the phone's pin timestamp, 0 when not pinned)
 * @param mutedUntil     muted until then, if muted
 * @param messages       this chunk's messages of the chat
 * @param endOfHistory   the phone has nothing older for this chat
 */
public record HistoryConversation(Jid chat, String name, Optional<Instant> lastMessageAt, int unreadCount,
                                  boolean archived, long pinned, Optional<Instant> mutedUntil,
                                  List<HistoryMessage> messages, boolean endOfHistory) {

    /** Copies the messages. */
    public HistoryConversation {
        Objects.requireNonNull(chat, "chat");
        name = name == null ? "" : name;
        Objects.requireNonNull(lastMessageAt, "lastMessageAt");
        Objects.requireNonNull(mutedUntil, "mutedUntil");
        messages = List.copyOf(messages);
    }
}
