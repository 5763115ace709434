package dev.wagateway.core.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat as the device knows it: its settings from app state and its newest stored message.
 *
 * @param chat         the chat JID
 * @param archived     archived on the account
 * @param pinned       pinned to the top of the chat list
 * @param muted        notifications off
 * @param mutedUntil   when they come back on (empty while unmuted or when muted for ever)
 * @param markedUnread marked unread by the user
 * @param lastMessage  the newest stored message of the chat, if any
 */
public record ChatSummary(String chat, boolean archived, boolean pinned, boolean muted, Optional<Instant> mutedUntil,
                          boolean markedUnread, Optional<LastMessage> lastMessage) {

    /** Checks presence. */
    public ChatSummary {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(mutedUntil, "mutedUntil");
        Objects.requireNonNull(lastMessage, "lastMessage");
    }

    /**
     * The newest message of a chat, as a chat list shows it.
     *
     * @param messageId the WhatsApp message id
     * @param sender    who sent it
     * @param fromMe    sent by this account
     * @param type      its content type ({@code text}, {@code image}...)
     * @param text      its text or caption, possibly empty
     * @param timestamp when it was sent
     */
    public record LastMessage(String messageId, String sender, boolean fromMe, String type, String text,
                              Instant timestamp) {
    }
}
