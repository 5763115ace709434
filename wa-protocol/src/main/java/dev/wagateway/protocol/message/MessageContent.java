package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;

import java.util.List;

/**
 * What the stanza says about a {@code Message}'s content (protocol §7.3) and the wrappers removed on receipt (§8.3).
 */
public final class MessageContent {

    private MessageContent() {
    }

    /** The {@code type} attribute of the {@code <message>} stanza carrying {@code message}. */
    public static String stanzaType(Message message) {
        Message inner = unwrap(message);
        if (inner.hasReactionMessage()) {
            return "reaction";
        }
        if (pollType(inner).isPresent()) {
            return "poll";
        }
        if (inner.hasImageMessage() || inner.hasVideoMessage() || inner.hasAudioMessage()
                || inner.hasDocumentMessage() || inner.hasStickerMessage() || inner.hasContactMessage()
                || inner.hasLocationMessage()) {
            return "media";
        }
        return "text";
    }

    /**
     * The {@code polltype} of the {@code <meta>} child a poll stanza carries (protocol §7.3, WM
     * {@code getMessageContent}): {@code creation} for a poll, {@code vote} for a vote; empty for other content.
     */
    public static java.util.Optional<String> pollType(Message message) {
        Message inner = unwrap(message);
        if (inner.hasPollUpdateMessage()) {
            return java.util.Optional.of("vote");
        }
        if (inner.hasPollCreationMessage() || inner.hasPollCreationMessageV2() || inner.hasPollCreationMessageV3()) {
            return java.util.Optional.of("creation");
        }
        return java.util.Optional.empty();
    }

    /**
     * The {@code <meta polltype>} child of a poll stanza, or {@code null} for other content.
     */
    public static Node pollMeta(Message message) {
        return pollType(message).map(type -> Node.builder("meta")
                .attribute("polltype", type).build()).orElse(null);
    }

    /**
     * The {@code mediatype} attribute for the {@code enc} nodes, or {@code null} for non-media content.
     */
    public static String mediaType(Message message) {
        Message inner = unwrap(message);
        if (inner.hasImageMessage()) {
            return "image";
        }
        if (inner.hasVideoMessage()) {
            return inner.getVideoMessage().getGifPlayback() ? "gif" : "video";
        }
        if (inner.hasAudioMessage()) {
            return inner.getAudioMessage().getPtt() ? "ptt" : "audio";
        }
        if (inner.hasDocumentMessage()) {
            return "document";
        }
        if (inner.hasStickerMessage()) {
            return "sticker";
        }
        if (inner.hasContactMessage()) {
            return "vcard";
        }
        if (inner.hasLocationMessage()) {
            return "location";
        }
        return null;
    }

    /**
     * The {@code edit} attribute of the {@code <message>} stanza (protocol §7.3; WM {@code getEditAttribute}):
     * {@code 1} an edit, {@code 7} a revoke of our own message or a removed reaction, {@code 8} an admin revoke of
     * someone else's message; empty for everything else.
     */
    public static java.util.Optional<String> editAttribute(Message message) {
        Message current = message;
        if (current.hasEditedMessage() && current.getEditedMessage().hasMessage()) {
            current = current.getEditedMessage().getMessage();
        }
        if (current.hasProtocolMessage() && current.getProtocolMessage().hasKey()) {
            Message.ProtocolMessage protocol = current.getProtocolMessage();
            if (protocol.getType() == Message.ProtocolMessage.Type.REVOKE) {
                return java.util.Optional.of(protocol.getKey().getFromMe() ? "7" : "8");
            }
            if (protocol.getType() == Message.ProtocolMessage.Type.MESSAGE_EDIT && protocol.hasEditedMessage()) {
                return java.util.Optional.of("1");
            }
        }
        if (current.hasReactionMessage() && current.getReactionMessage().getText().isEmpty()) {
            return java.util.Optional.of("7");
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether the {@code enc} nodes carry {@code decrypt-fail="hide"} (protocol §6, WM {@code prepareMessageNode}):
     * edits, revokes, reactions and poll votes, so that a recipient that cannot decrypt them shows no placeholder.
     */
    public static boolean hideOnDecryptFailure(Message message) {
        return editAttribute(message).isPresent() || unwrap(message).hasReactionMessage()
                || unwrap(message).hasPollUpdateMessage();
    }

    /** Removes the {@code ephemeralMessage}, {@code viewOnceMessage} and {@code editedMessage} wrappers. */
    public static Message unwrap(Message message) {
        Message current = message;
        for (int depth = 0; depth < 4; depth++) {
            if (current.hasEphemeralMessage() && current.getEphemeralMessage().hasMessage()) {
                current = current.getEphemeralMessage().getMessage();
            } else if (current.hasViewOnceMessage() && current.getViewOnceMessage().hasMessage()) {
                current = current.getViewOnceMessage().getMessage();
            } else if (current.hasEditedMessage() && current.getEditedMessage().hasMessage()) {
                current = current.getEditedMessage().getMessage();
            } else {
                return current;
            }
        }
        return current;
    }

    /**
     * The copy for our own other devices (protocol §6.8): {@code deviceSentMessage{destinationJID, message}} plus the
     * original's {@code messageContextInfo}.
     */
    public static Message deviceSent(String destinationJid, Message original) {
        Message.Builder wrapper = Message.newBuilder().setDeviceSentMessage(Message.DeviceSentMessage.newBuilder()
                .setDestinationJid(destinationJid).setMessage(original));
        if (original.hasMessageContextInfo()) {
            wrapper.setMessageContextInfo(original.getMessageContextInfo());
        }
        return wrapper.build();
    }

    /** Polls and votes carry {@code <meta polltype>} after the device identity (WM {@code getMessageContent}). */
    static void addPollMeta(List<Node> children, Message message) {
        Node meta = pollMeta(message);
        if (meta != null) {
            children.add(meta);
        }
    }

    /** {@code hide} for edits, revokes and reactions; null (no attribute) for the rest. */
    static String decryptFail(Message message) {
        return hideOnDecryptFailure(message) ? "hide" : null;
    }
}
