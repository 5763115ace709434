package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import dev.wagateway.protocol.proto.WebMessageInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peer messages of a placeholder resend (protocol §7.2): the request to our phone for a message this device got
 * only as a placeholder (whatsmeow {@code BuildUnavailableMessageRequest}), and the messages in the phone's answer
 * (whatsmeow {@code handlePlaceholderResendResponse}, Baileys {@code PEER_DATA_OPERATION_REQUEST_RESPONSE_MESSAGE}).
 */
final class PlaceholderResendStanzas {

    private PlaceholderResendStanzas() {
    }

    /**
     * A message the phone sent back, as read from its {@code WebMessageInfo}.
     *
     * @param chat   the chat as the key names it (a user, a LID or a group)
     * @param sender the author as the key names it: the participant in a group, else the chat; our own user when
     *               {@code fromMe}
     */
    record Resent(String id, Jid chat, Jid sender, boolean fromMe, String pushName, Instant timestamp,
                  Message message) {
    }

    /**
     * {@code PEER_DATA_OPERATION_REQUEST_MESSAGE} of type {@code PLACEHOLDER_MESSAGE_RESEND} for message {@code id}
     * in {@code chat} from {@code sender}; the key says {@code fromMe} when {@code sender} is one of our own users
     * and names the participant only in a group (whatsmeow {@code BuildMessageKey}).
     */
    static Message request(Jid chat, Jid sender, String id, boolean fromMe) {
        MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(chat.toNonAd().toString()).setFromMe(fromMe)
                .setId(id);
        if (!fromMe && !chat.isUser()) {
            key.setParticipant(sender.toNonAd().toString());
        }
        return Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_MESSAGE)
                .setPeerDataOperationRequestMessage(Message.PeerDataOperationRequestMessage.newBuilder()
                        .setPeerDataOperationRequestType(Message.PeerDataOperationRequestMessage
                                .PeerDataOperationRequestType.PLACEHOLDER_MESSAGE_RESEND)
                        .addPlaceholderMessageResendRequest(Message.PeerDataOperationRequestMessage
                                .PlaceholderMessageResendRequest.newBuilder().setMessageKey(key)))).build();
    }

    /** Whether {@code message} is our phone's answer to placeholder resend requests. */
    static boolean isResponse(Message.ProtocolMessage message) {
        return message.getType() == Message.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_RESPONSE_MESSAGE
                && message.getPeerDataOperationRequestResponseMessage().getPeerDataOperationRequestType()
                == Message.PeerDataOperationRequestMessage.PeerDataOperationRequestType.PLACEHOLDER_MESSAGE_RESEND;
    }

    /**
     * The messages in an answer; an item without a message, with unreadable bytes or without a valid key is left
     * out (both references log and skip it).
     *
     * @param ownUser our own user JID, the sender of messages the key marks {@code fromMe}
     */
    static List<Resent> messages(Message.PeerDataOperationRequestResponseMessage response, Jid ownUser) {
        List<Resent> out = new ArrayList<>();
        for (Message.PeerDataOperationRequestResponseMessage.PeerDataOperationResult result
                : response.getPeerDataOperationResultList()) {
            if (!result.getPlaceholderMessageResendResponse().hasWebMessageInfoBytes()) {
                continue;
            }
            try {
                WebMessageInfo info = WebMessageInfo.parseFrom(result.getPlaceholderMessageResendResponse()
                        .getWebMessageInfoBytes());
                resent(info, ownUser).ifPresent(out::add);
            } catch (InvalidProtocolBufferException e) {
                // an item we cannot read: the others still count
            }
        }
        return out;
    }

    private static Optional<Resent> resent(WebMessageInfo info, Jid ownUser) {
        MessageKey key = info.getKey();
        Optional<Jid> chat = Jid.tryParse(key.getRemoteJid()).map(Jid::toNonAd);
        if (chat.isEmpty() || key.getId().isEmpty() || !info.hasMessage()) {
            return Optional.empty();
        }
        String participantText = !key.getParticipant().isEmpty() ? key.getParticipant() : info.getParticipant();
        Optional<Jid> sender = key.getFromMe() ? Optional.of(ownUser)
                : participantText.isEmpty() ? chat : Jid.tryParse(participantText).map(Jid::toNonAd);
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        Message message = info.getMessage();
        if (message.hasDeviceSentMessage()) {
            message = message.getDeviceSentMessage().getMessage();
        }
        return Optional.of(new Resent(key.getId(), chat.get(), sender.get(), key.getFromMe(), info.getPushName(),
                Instant.ofEpochSecond(info.getMessageTimestamp()), message));
    }
}
