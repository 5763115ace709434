package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Conversation;
import dev.wagateway.protocol.proto.HistorySyncMsg;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.WebMessageInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** From the phone's protobufs to the history records the client emits. */
final class HistoryConversions {

    private HistoryConversions() {
    }

    /** A JID of the history (chat ids, senders), without a device; empty when it does not parse. */
    static Optional<Jid> jid(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return Jid.tryParse(text).map(Jid::toNonAd);
    }

    /** The conversation's chat; empty when its id is missing or not a JID (such a conversation is skipped). */
    static Optional<Jid> chat(Conversation conversation) {
        return jid(conversation.getId()).or(() -> jid(conversation.getNewJid()));
    }

    /** A conversation's messages that have an id, converted. */
    static List<HistoryMessage> messages(Jid chat, Conversation conversation, Jid ownUser) {
        List<HistoryMessage> messages = new ArrayList<>(conversation.getMessagesCount());
        for (HistorySyncMsg item : conversation.getMessagesList()) {
            message(chat, item.getMessage(), ownUser).ifPresent(messages::add);
        }
        return messages;
    }

    /** One message; empty without an id. */
    static Optional<HistoryMessage> message(Jid chat, WebMessageInfo info, Jid ownUser) {
        String id = info.getKey().getId();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        boolean fromMe = info.getKey().getFromMe();
        Jid sender;
        if (fromMe) {
            sender = ownUser;
        } else if (chat.isGroup() || chat.isBroadcast()) {
            sender = jid(info.getKey().getParticipant()).or(() -> jid(info.getParticipant())).orElse(chat);
        } else {
            sender = chat;
        }
        Message content = info.getMessage();
        if (content.hasDeviceSentMessage()) {
            content = content.getDeviceSentMessage().getMessage();
        }
        return Optional.of(new HistoryMessage(id, chat, sender, fromMe, info.getPushName(),
                Instant.ofEpochSecond(info.getMessageTimestamp()), content));
    }

    /** The conversation's attributes with the given slice of its messages. */
    static HistoryConversation conversation(Jid chat, Conversation conversation, List<HistoryMessage> messages,
                                            boolean last) {
        Optional<Instant> lastMessage = conversation.getLastMsgTimestamp() > 0
                ? Optional.of(Instant.ofEpochSecond(conversation.getLastMsgTimestamp()))
                : conversation.getConversationTimestamp() > 0
                ? Optional.of(Instant.ofEpochSecond(conversation.getConversationTimestamp())) : Optional.empty();
        Optional<Instant> muted = conversation.getMuteEndTime() > 0
                ? Optional.of(Instant.ofEpochSecond(conversation.getMuteEndTime())) : Optional.empty();
        String name = conversation.hasName() ? conversation.getName() : conversation.getDisplayName();
        return new HistoryConversation(chat, name, lastMessage, conversation.getUnreadCount(),
                conversation.getArchived(), conversation.getPinned(), muted, messages,
                last && conversation.getEndOfHistoryTransfer());
    }
}
