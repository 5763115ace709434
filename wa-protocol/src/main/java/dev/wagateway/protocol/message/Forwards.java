package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Forwarded content (protocol §14 {@code ContextInfo.forwardingScore}, {@code isForwarded}; BL
 * {@code generateForwardMessageContent}): the content of a message sent on, its context replaced by the forwarding
 * marks (a quote or mentions are not carried over). The score counts the hops: forwarding someone else's message adds
 * one, forwarding our own message adds none (WhatsApp shows "Forwarded" from a score of 1, "Forwarded many times"
 * from 5 on).
 */
public final class Forwards {

    private Forwards() {
    }

    /**
     * The content to send when forwarding {@code original} (wrappers removed); a plain {@code conversation} becomes
     * an {@code extendedTextMessage} so it can carry the marks.
     *
     * @param ours whether we wrote {@code original}
     * @throws IllegalArgumentException for content that cannot be forwarded (reactions, protocol messages, polls...)
     */
    public static Message forward(Message original, boolean ours) {
        Message content = MessageContent.unwrap(original);
        int score = score(content).orElse(0) + (ours ? 0 : 1);
        ContextInfo context = score > 0
                ? ContextInfo.newBuilder().setForwardingScore(score).setIsForwarded(true).build()
                : ContextInfo.getDefaultInstance();
        Message.Builder forwarded = Message.newBuilder();
        if (content.hasConversation()) {
            return forwarded.setExtendedTextMessage(Message.ExtendedTextMessage.newBuilder()
                    .setText(content.getConversation()).setContextInfo(context)).build();
        }
        if (content.hasExtendedTextMessage()) {
            return forwarded.setExtendedTextMessage(content.getExtendedTextMessage().toBuilder()
                    .setContextInfo(context)).build();
        }
        if (content.hasImageMessage()) {
            return forwarded.setImageMessage(content.getImageMessage().toBuilder().setContextInfo(context)).build();
        }
        if (content.hasVideoMessage()) {
            return forwarded.setVideoMessage(content.getVideoMessage().toBuilder().setContextInfo(context)).build();
        }
        if (content.hasAudioMessage()) {
            return forwarded.setAudioMessage(content.getAudioMessage().toBuilder().setContextInfo(context)).build();
        }
        if (content.hasDocumentMessage()) {
            return forwarded.setDocumentMessage(content.getDocumentMessage().toBuilder().setContextInfo(context))
                    .build();
        }
        if (content.hasStickerMessage()) {
            return forwarded.setStickerMessage(content.getStickerMessage().toBuilder().setContextInfo(context))
                    .build();
        }
        if (content.hasLocationMessage()) {
            return forwarded.setLocationMessage(content.getLocationMessage().toBuilder().setContextInfo(context))
                    .build();
        }
        if (content.hasContactMessage()) {
            return forwarded.setContactMessage(content.getContactMessage().toBuilder().setContextInfo(context))
                    .build();
        }
        throw new IllegalArgumentException("this content cannot be forwarded");
    }

    /** The forwarding score of a forwarded message ({@code isForwarded} set); empty when it was not forwarded. */
    public static OptionalInt score(Message message) {
        Optional<ContextInfo> context = context(MessageContent.unwrap(message));
        return context.filter(ContextInfo::getIsForwarded)
                .map(c -> OptionalInt.of(c.getForwardingScore())).orElse(OptionalInt.empty());
    }

    private static Optional<ContextInfo> context(Message m) {
        if (m.hasExtendedTextMessage() && m.getExtendedTextMessage().hasContextInfo()) {
            return Optional.of(m.getExtendedTextMessage().getContextInfo());
        }
        if (m.hasImageMessage() && m.getImageMessage().hasContextInfo()) {
            return Optional.of(m.getImageMessage().getContextInfo());
        }
        if (m.hasVideoMessage() && m.getVideoMessage().hasContextInfo()) {
            return Optional.of(m.getVideoMessage().getContextInfo());
        }
        if (m.hasAudioMessage() && m.getAudioMessage().hasContextInfo()) {
            return Optional.of(m.getAudioMessage().getContextInfo());
        }
        if (m.hasDocumentMessage() && m.getDocumentMessage().hasContextInfo()) {
            return Optional.of(m.getDocumentMessage().getContextInfo());
        }
        if (m.hasStickerMessage() && m.getStickerMessage().hasContextInfo()) {
            return Optional.of(m.getStickerMessage().getContextInfo());
        }
        if (m.hasLocationMessage() && m.getLocationMessage().hasContextInfo()) {
            return Optional.of(m.getLocationMessage().getContextInfo());
        }
        if (m.hasContactMessage() && m.getContactMessage().hasContextInfo()) {
            return Optional.of(m.getContactMessage().getContextInfo());
        }
        return Optional.empty();
    }
}
