package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;

import java.time.Instant;

/** The stanzas and protocol messages of history sync (protocol §8.8), built apart from sending so each is tested. */
public final class HistoryStanzas {

    private HistoryStanzas() {
    }

    /**
     * {@code <receipt id to type="hist_sync"/>}: we have the history sync notification {@code messageId}; sent to our
     * own phone-number JID (whatsmeow {@code sendProtocolMessageReceipt}).
     */
    public static Node historySyncReceipt(String messageId, Jid ownUser) {
        return Node.builder("receipt").attribute("id", messageId).attribute("to", ownUser.toNonAd())
                .attribute("type", "hist_sync").build();
    }

    /**
     * The peer message asking our phone for up to {@code count} messages of {@code chat} older than the given one
     * ({@code PEER_DATA_OPERATION_REQUEST_MESSAGE} of type {@code HISTORY_SYNC_ON_DEMAND}; whatsmeow
     * {@code BuildHistorySyncRequest}). The timestamp goes in seconds despite the field's name.
     */
    public static Message onDemandRequest(Jid chat, String oldestMessageId, boolean oldestFromMe, Instant oldestAt,
                                          int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("ask for at least one message");
        }
        Message.PeerDataOperationRequestMessage.HistorySyncOnDemandRequest request =
                Message.PeerDataOperationRequestMessage.HistorySyncOnDemandRequest.newBuilder()
                        .setChatJid(chat.toNonAd().toString()).setOldestMsgId(oldestMessageId)
                        .setOldestMsgFromMe(oldestFromMe).setOnDemandMsgCount(count)
                        .setOldestMsgTimestampMs(oldestAt.getEpochSecond()).build();
        return Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_MESSAGE)
                .setPeerDataOperationRequestMessage(Message.PeerDataOperationRequestMessage.newBuilder()
                        .setPeerDataOperationRequestType(Message.PeerDataOperationRequestMessage
                                .PeerDataOperationRequestType.HISTORY_SYNC_ON_DEMAND)
                        .setHistorySyncOnDemandRequest(request))).build();
    }
}
