package dev.wagateway.protocol.media;

import dev.wagateway.protocol.binary.Jid;

import java.util.Objects;

/**
 * Which message a file came in, as a re-upload request names it (protocol §9.6, {@code <rmr>}).
 *
 * @param chat   the chat: the peer's user JID or the group
 * @param fromMe whether our own account sent it (from another device)
 * @param sender who sent it; named as {@code participant} in groups
 */
public record MediaOrigin(String messageId, Jid chat, boolean fromMe, Jid sender) {

    /** Checks presence. */
    public MediaOrigin {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(sender, "sender");
    }
}
