package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The contents of the actions on an existing message (protocol §7.6): reactions, edits, revokes, quoted replies with
 * mentions, and the disappearing timer of a 1:1 chat. Built apart from sending so each shape is tested against the
 * references; {@link Messages#send} sends them, and {@link MessageContent#editAttribute} gives their stanza's
 * {@code edit} attribute.
 */
public final class MessageActionStanzas {

    /** How long after sending a message its author may edit it (WM {@code EditWindow}). */
    public static final Duration EDIT_WINDOW = Duration.ofMinutes(20);

    /** The disappearing-message durations WhatsApp offers (off, 24 hours, 7 days, 90 days), in seconds. */
    public static final List<Integer> DISAPPEARING_DURATIONS = List.of(0, 86_400, 604_800, 7_776_000);

    private MessageActionStanzas() {
    }

    /**
     * The key of message {@code id} in {@code chat} written by {@code sender} (WM {@code BuildMessageKey}):
     * {@code fromMe} when the sender is our own account; someone else's message in a group names its author as
     * {@code participant} (without device).
     */
    public static MessageKey key(Jid chat, Jid sender, String id, Jid own) {
        boolean fromMe = sender.user().equals(own.user());
        MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(chat.toNonAd().toString()).setFromMe(fromMe)
                .setId(id);
        if (!fromMe && !chat.server().equals(Jid.USER_SERVER) && !chat.isLid()) {
            key.setParticipant(sender.toNonAd().toString());
        }
        return key.build();
    }

    /** A reaction to {@code key}: {@code emoji}, or the empty string to take our reaction back. */
    public static Message reaction(MessageKey key, String emoji, Instant at) {
        return Message.newBuilder().setReactionMessage(Message.ReactionMessage.newBuilder().setKey(key)
                .setText(emoji).setSenderTimestampMs(at.toEpochMilli())).build();
    }

    /**
     * An edit of our own message {@code id} in {@code chat}: {@code editedMessage{message{protocolMessage{key,
     * MESSAGE_EDIT, editedMessage, timestampMs}}}}, as whatsmeow sends it (Baileys sends the inner protocol message;
     * both are read by both).
     */
    public static Message edit(Jid chat, String id, Message newContent, Instant at) {
        Message.ProtocolMessage edit = Message.ProtocolMessage.newBuilder()
                .setKey(MessageKey.newBuilder().setRemoteJid(chat.toNonAd().toString()).setFromMe(true).setId(id))
                .setType(Message.ProtocolMessage.Type.MESSAGE_EDIT).setEditedMessage(newContent)
                .setTimestampMs(at.toEpochMilli()).build();
        return Message.newBuilder().setEditedMessage(Message.FutureProofMessage.newBuilder()
                .setMessage(Message.newBuilder().setProtocolMessage(edit))).build();
    }

    /**
     * A revoke ("delete for everyone") of {@code key}: our own message ({@code fromMe}), or, by a group admin,
     * someone else's ({@code participant} set).
     */
    public static Message revoke(MessageKey key) {
        return Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder().setKey(key)
                .setType(Message.ProtocolMessage.Type.REVOKE)).build();
    }

    /**
     * A text that quotes another message: {@code extendedTextMessage{text, contextInfo{stanzaId, participant,
     * quotedMessage, mentionedJid}}}.
     */
    public static Message replyText(String text, Quote quote, List<Jid> mentions) {
        ContextInfo.Builder context = ContextInfo.newBuilder().setStanzaId(quote.id())
                .setParticipant(quote.author().toNonAd().toString()).setQuotedMessage(quote.content());
        quote.otherChat().ifPresent(chat -> context.setRemoteJid(chat.toNonAd().toString()));
        mentions.forEach(jid -> context.addMentionedJid(jid.toNonAd().toString()));
        return Message.newBuilder().setExtendedTextMessage(Message.ExtendedTextMessage.newBuilder().setText(text)
                .setContextInfo(context)).build();
    }

    /**
     * A plain text mentioning {@code mentions} ({@code extendedTextMessage} with {@code contextInfo.mentionedJid});
     * the text itself holds the {@code @number} tokens.
     */
    public static Message mentionText(String text, List<Jid> mentions) {
        ContextInfo.Builder context = ContextInfo.newBuilder();
        mentions.forEach(jid -> context.addMentionedJid(jid.toNonAd().toString()));
        return Message.newBuilder().setExtendedTextMessage(Message.ExtendedTextMessage.newBuilder().setText(text)
                .setContextInfo(context)).build();
    }

    /**
     * Sets the disappearing timer of a 1:1 chat (protocol §7.6, WM {@code SetDisappearingTimer}):
     * {@code protocolMessage{EPHEMERAL_SETTING, ephemeralExpiration, ephemeralSettingTimestamp}}.
     *
     * @throws IllegalArgumentException for a duration WhatsApp does not offer
     */
    public static Message disappearingTimer(int seconds, Instant at) {
        if (!DISAPPEARING_DURATIONS.contains(seconds)) {
            throw new IllegalArgumentException("not a disappearing-message duration: " + seconds);
        }
        return Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.EPHEMERAL_SETTING).setEphemeralExpiration(seconds)
                .setEphemeralSettingTimestamp(at.getEpochSecond())).build();
    }

    /**
     * The quoted message of a reply.
     *
     * @param id        the quoted message's id
     * @param author    who wrote it (our own JID when we did)
     * @param content   the quoted content, without its own context
     * @param otherChat the chat it was in, only when that is not the chat of the reply
     */
    public record Quote(String id, Jid author, Message content, Optional<Jid> otherChat) {
    }
}
