package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;

import java.time.Instant;
import java.util.Optional;

/**
 * What an incoming message does to another message (protocol §7.6, §8.9): a reaction, an edit or a revoke. A closed
 * family: switch over it with patterns. Read with {@link #of(Message)}.
 */
public sealed interface MessageAction {

    /** The message acted on. */
    MessageKey target();

    /** A reaction; an empty {@code emoji} takes the sender's reaction back. */
    record Reaction(MessageKey target, String emoji) implements MessageAction {
    }

    /**
     * An edit: the target's new content.
     *
     * @param editedAt when the author edited it, when the message says so
     */
    record Edit(MessageKey target, Message newContent, Optional<Instant> editedAt) implements MessageAction {
    }

    /** A revoke ("delete for everyone"). */
    record Revoke(MessageKey target) implements MessageAction {
    }

    /**
     * The action {@code message} carries, in whatsmeow's wrapped edit form or Baileys' bare protocol message; empty
     * for an ordinary message or a protocol message of another kind.
     */
    static Optional<MessageAction> of(Message message) {
        Message inner = message;
        if (inner.hasEphemeralMessage() && inner.getEphemeralMessage().hasMessage()) {
            inner = inner.getEphemeralMessage().getMessage();
        }
        if (inner.hasEditedMessage() && inner.getEditedMessage().hasMessage()) {
            inner = inner.getEditedMessage().getMessage();
        }
        if (inner.hasReactionMessage() && inner.getReactionMessage().hasKey()) {
            return Optional.of(new Reaction(inner.getReactionMessage().getKey(),
                    inner.getReactionMessage().getText()));
        }
        if (inner.hasProtocolMessage() && inner.getProtocolMessage().hasKey()) {
            Message.ProtocolMessage protocol = inner.getProtocolMessage();
            if (protocol.getType() == Message.ProtocolMessage.Type.REVOKE) {
                return Optional.of(new Revoke(protocol.getKey()));
            }
            if (protocol.getType() == Message.ProtocolMessage.Type.MESSAGE_EDIT && protocol.hasEditedMessage()) {
                return Optional.of(new Edit(protocol.getKey(), protocol.getEditedMessage(),
                        protocol.hasTimestampMs() ? Optional.of(Instant.ofEpochMilli(protocol.getTimestampMs()))
                                : Optional.empty()));
            }
        }
        return Optional.empty();
    }
}
