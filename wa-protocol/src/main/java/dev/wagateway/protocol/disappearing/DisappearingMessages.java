package dev.wagateway.protocol.disappearing;

import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * Disappearing messages (protocol §7.6, §11.3, §12.8): the timer setting of a 1:1 chat, read and written as the
 * {@code EPHEMERAL_SETTING} protocol message, and the {@code contextInfo.expiration} that every message sent in a
 * chat with a timer carries (Baileys adds it to each message; a phone shows the message as disappearing by it).
 * Groups set their timer with an IQ instead ({@code Groups.setEphemeral}).
 */
public final class DisappearingMessages {

    /** The timers WhatsApp offers, in seconds: off, 24 hours, 7 days, 90 days. Others are refused by the server. */
    public static final List<Integer> STANDARD = List.of(0, 86_400, 604_800, 7_776_000);

    private DisappearingMessages() {
    }

    /** Whether {@code seconds} is one of the {@link #STANDARD} timers. */
    public static boolean isStandard(long seconds) {
        return STANDARD.contains((int) Math.max(-1, Math.min(Integer.MAX_VALUE, seconds)));
    }

    /**
     * {@code protocolMessage{type = EPHEMERAL_SETTING, ephemeralExpiration, ephemeralSettingTimestamp}}: sets a 1:1
     * chat's timer when sent to the peer (whatsmeow {@code SetDisappearingTimer}).
     *
     * @throws IllegalArgumentException a timer that is not {@link #STANDARD}
     */
    public static Message setting(int seconds, Instant at) {
        if (!isStandard(seconds)) {
            throw new IllegalArgumentException("not a disappearing timer WhatsApp offers: " + seconds);
        }
        return Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.EPHEMERAL_SETTING)
                .setEphemeralExpiration(seconds)
                .setEphemeralSettingTimestamp(at.getEpochSecond())).build();
    }

    /**
     * The timer an incoming message sets, whether bare (whatsmeow) or wrapped in {@code ephemeralMessage}
     * (Baileys); empty for any other message.
     */
    public static OptionalInt settingOf(Message message) {
        Message inner = message.hasEphemeralMessage() && message.getEphemeralMessage().hasMessage()
                ? message.getEphemeralMessage().getMessage() : message;
        if (inner.hasProtocolMessage()
                && inner.getProtocolMessage().getType() == Message.ProtocolMessage.Type.EPHEMERAL_SETTING) {
            return OptionalInt.of(inner.getProtocolMessage().getEphemeralExpiration());
        }
        return OptionalInt.empty();
    }

    /**
     * The expiration a message carries in its content's {@code contextInfo}; empty when it has none (or 0).
     */
    public static OptionalInt expirationOf(Message message) {
        ContextInfo context = contextOf(message);
        return context != null && context.getExpiration() > 0 ? OptionalInt.of(context.getExpiration())
                : OptionalInt.empty();
    }

    /**
     * {@code message} as sent in a chat whose timer is {@code seconds}: its content's {@code contextInfo.expiration}
     * set (a plain text becomes an extended text to carry it). Unchanged when the timer is off or the content has no
     * context (reactions, protocol messages, polls are not disappearing content).
     */
    public static Message withExpiration(Message message, int seconds) {
        if (seconds <= 0) {
            return message;
        }
        Message.Builder builder = message.toBuilder();
        if (message.hasConversation()) {
            builder.clearConversation().setExtendedTextMessage(Message.ExtendedTextMessage.newBuilder()
                    .setText(message.getConversation()).setContextInfo(expiring(null, seconds)));
        } else if (message.hasExtendedTextMessage()) {
            Message.ExtendedTextMessage.Builder inner = builder.getExtendedTextMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasImageMessage()) {
            Message.ImageMessage.Builder inner = builder.getImageMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasVideoMessage()) {
            Message.VideoMessage.Builder inner = builder.getVideoMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasAudioMessage()) {
            Message.AudioMessage.Builder inner = builder.getAudioMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasDocumentMessage()) {
            Message.DocumentMessage.Builder inner = builder.getDocumentMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasStickerMessage()) {
            Message.StickerMessage.Builder inner = builder.getStickerMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasLocationMessage()) {
            Message.LocationMessage.Builder inner = builder.getLocationMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else if (message.hasContactMessage()) {
            Message.ContactMessage.Builder inner = builder.getContactMessageBuilder();
            inner.setContextInfo(expiring(inner.hasContextInfo() ? inner.getContextInfo() : null, seconds));
        } else {
            return message;
        }
        return builder.build();
    }

    private static ContextInfo expiring(ContextInfo existing, int seconds) {
        return (existing == null ? ContextInfo.newBuilder() : existing.toBuilder()).setExpiration(seconds).build();
    }

    private static ContextInfo contextOf(Message message) {
        Message inner = message.hasEphemeralMessage() && message.getEphemeralMessage().hasMessage()
                ? message.getEphemeralMessage().getMessage() : message;
        if (inner.hasExtendedTextMessage() && inner.getExtendedTextMessage().hasContextInfo()) {
            return inner.getExtendedTextMessage().getContextInfo();
        }
        if (inner.hasImageMessage() && inner.getImageMessage().hasContextInfo()) {
            return inner.getImageMessage().getContextInfo();
        }
        if (inner.hasVideoMessage() && inner.getVideoMessage().hasContextInfo()) {
            return inner.getVideoMessage().getContextInfo();
        }
        if (inner.hasAudioMessage() && inner.getAudioMessage().hasContextInfo()) {
            return inner.getAudioMessage().getContextInfo();
        }
        if (inner.hasDocumentMessage() && inner.getDocumentMessage().hasContextInfo()) {
            return inner.getDocumentMessage().getContextInfo();
        }
        if (inner.hasStickerMessage() && inner.getStickerMessage().hasContextInfo()) {
            return inner.getStickerMessage().getContextInfo();
        }
        if (inner.hasLocationMessage() && inner.getLocationMessage().hasContextInfo()) {
            return inner.getLocationMessage().getContextInfo();
        }
        if (inner.hasContactMessage() && inner.getContactMessage().hasContextInfo()) {
            return inner.getContactMessage().getContextInfo();
        }
        return null;
    }
}
