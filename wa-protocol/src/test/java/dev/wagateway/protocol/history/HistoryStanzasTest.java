package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history sync stanzas against the references (whatsmeow {@code sendProtocolMessageReceipt}, {@code BuildHistorySyncRequest}). */
class HistoryStanzasTest {

    @Test
    void theReceiptGoesToOurOwnPhoneNumberWithoutADevice() {
        Node receipt = HistoryStanzas.historySyncReceipt("3EB0ABC", Jid.parse("15550001111:7@s.whatsapp.net"));
        assertThat(receipt.tag()).isEqualTo("receipt");
        assertThat(receipt.attribute("id", "")).isEqualTo("3EB0ABC");
        assertThat(receipt.attribute("type", "")).isEqualTo("hist_sync");
        assertThat(receipt.attribute("to", "")).isEqualTo("15550001111@s.whatsapp.net");
        assertThat(receipt.children()).isEmpty();
    }

    @Test
    void theOnDemandRequestCarriesTheOldestMessageAndSecondsDespiteTheFieldName() throws Exception {
        Message request = HistoryStanzas.onDemandRequest(Jid.parse("15550002222@s.whatsapp.net"), "3EB0OLD", true,
                Instant.ofEpochSecond(1_700_000_123L), 50);
        Message parsed = Message.parseFrom(request.toByteArray());
        Message.ProtocolMessage protocol = parsed.getProtocolMessage();
        assertThat(protocol.getType()).isEqualTo(Message.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_MESSAGE);
        assertThat(protocol.getType().getNumber()).isEqualTo(16);
        Message.PeerDataOperationRequestMessage peer = protocol.getPeerDataOperationRequestMessage();
        assertThat(peer.getPeerDataOperationRequestType().getNumber()).isEqualTo(3);
        Message.PeerDataOperationRequestMessage.HistorySyncOnDemandRequest ask = peer.getHistorySyncOnDemandRequest();
        assertThat(ask.getChatJid()).isEqualTo("15550002222@s.whatsapp.net");
        assertThat(ask.getOldestMsgId()).isEqualTo("3EB0OLD");
        assertThat(ask.getOldestMsgFromMe()).isTrue();
        assertThat(ask.getOnDemandMsgCount()).isEqualTo(50);
        assertThat(ask.getOldestMsgTimestampMs()).isEqualTo(1_700_000_123L);
        // field numbers: protocolMessage 12 → peerDataOperationRequestMessage 16 → historySyncOnDemandRequest 4
        assertThat(Message.ProtocolMessage.getDescriptor().findFieldByName("peer_data_operation_request_message")
                .getNumber()).isEqualTo(16);
        assertThat(Message.PeerDataOperationRequestMessage.getDescriptor()
                .findFieldByName("history_sync_on_demand_request").getNumber()).isEqualTo(4);
        assertThatThrownBy(() -> HistoryStanzas.onDemandRequest(Jid.user("15550002222"), "x", false, Instant.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
