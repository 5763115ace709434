package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a chat as the phone's history has it ({@code WebMessageInfo}).
 *
 * @param id        the message id
 * @param chat      the conversation (user, group or LID JID, without a device)
 * @param sender    the author: our own JID for our messages, the participant in groups, else the chat
 * @param fromMe    sent by this account
 * @param pushName  the author's display name when the phone kept it, else empty
 * @param timestamp when the message was sent
 * @param message   the content (an empty message for stubs the phone keeps without content)
 */
public record HistoryMessage(String id, Jid chat, Jid sender, boolean fromMe, String pushName, Instant timestamp,
                             Message message) {

    /** Checks presence. */
    public HistoryMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(message, "message");
        pushName = pushName == null ? "" : pushName;
    }
}
