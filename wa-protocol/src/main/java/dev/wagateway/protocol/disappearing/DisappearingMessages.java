package dev.wagateway.protocol.disappearing;

import com.google.protobuf.Descriptors;
import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    /** The kinds of content that disappear, each with its own {@code context_info} (field 17 of each). */
    private static final List<String> CONTENT = List.of("extended_text_message", "image_message", "video_message",
            "audio_message", "document_message", "sticker_message", "location_message", "contact_message");
    private static final String CONTEXT_INFO = "context_info";

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
        Message inner = message.hasEphemeralMessage() && message.getEphemeralMessage().hasMessage()
                ? message.getEphemeralMessage().getMessage() : message;
        // the generated accessors, not the descriptors: this runs for every message a phone receives, and the
        // reflective lookup over the eight kinds cost more than the rest of reading a plain text
        ContextInfo context;
        if (inner.hasExtendedTextMessage()) {
            context = inner.getExtendedTextMessage().getContextInfo();
        } else if (inner.hasImageMessage()) {
            context = inner.getImageMessage().getContextInfo();
        } else if (inner.hasVideoMessage()) {
            context = inner.getVideoMessage().getContextInfo();
        } else if (inner.hasAudioMessage()) {
            context = inner.getAudioMessage().getContextInfo();
        } else if (inner.hasDocumentMessage()) {
            context = inner.getDocumentMessage().getContextInfo();
        } else if (inner.hasStickerMessage()) {
            context = inner.getStickerMessage().getContextInfo();
        } else if (inner.hasLocationMessage()) {
            context = inner.getLocationMessage().getContextInfo();
        } else if (inner.hasContactMessage()) {
            context = inner.getContactMessage().getContextInfo();
        } else {
            return OptionalInt.empty();
        }
        return context.getExpiration() > 0 ? OptionalInt.of(context.getExpiration()) : OptionalInt.empty();
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
        if (message.hasConversation()) {
            return message.toBuilder().clearConversation().setExtendedTextMessage(Message.ExtendedTextMessage
                    .newBuilder().setText(message.getConversation())
                    .setContextInfo(ContextInfo.newBuilder().setExpiration(seconds))).build();
        }
        return content(message).map(field -> {
            com.google.protobuf.Message inner = (com.google.protobuf.Message) message.getField(field);
            Descriptors.FieldDescriptor contextField = inner.getDescriptorForType().findFieldByName(CONTEXT_INFO);
            com.google.protobuf.Message expiring = inner.toBuilder().setField(contextField,
                    context(inner).toBuilder().setExpiration(seconds).build()).build();
            return message.toBuilder().setField(field, expiring).build();
        }).orElse(message);
    }

    /** The content field of {@code message} that carries a {@code contextInfo}, if it has one set. */
    private static Optional<Descriptors.FieldDescriptor> content(Message message) {
        return CONTENT.stream().map(Message.getDescriptor()::findFieldByName).filter(message::hasField).findFirst();
    }

    private static ContextInfo context(com.google.protobuf.Message content) {
        Descriptors.FieldDescriptor field = content.getDescriptorForType().findFieldByName(CONTEXT_INFO);
        return content.hasField(field) ? (ContextInfo) content.getField(field) : ContextInfo.getDefaultInstance();
    }
}
