package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import dev.wagateway.protocol.proto.WebMessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phones answering their companions' {@code PLACEHOLDER_MESSAGE_RESEND} peer requests (whatsmeow
 * {@code BuildUnavailableMessageRequest}, Baileys {@code requestPlaceholderResend}): for each message key asked, a
 * message the phone holds (it received or sent it) goes back inside a {@code PeerDataOperationRequestResponseMessage}
 * as a serialized {@code WebMessageInfo}, naming the request's message id as {@code stanza_id}. A message the phone
 * does not hold is left out of the answer; a request naming none the phone holds gets no answer, as the references
 * expect (Baileys gives up after 8 s, "phone possibly offline").
 */
final class PhonePlaceholderResend {

    private static final Logger log = LoggerFactory.getLogger(PhonePlaceholderResend.class);

    private final MessageRouter network;
    private final SecureRandom random;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();

    PhonePlaceholderResend(MessageRouter network, SecureRandom random) {
        this.network = network;
        this.random = random;
        network.onPeerRequest(this::onPeerRequest);
    }

    /** What {@code GET /sandbox/stats} shows: message keys asked for, and messages sent back. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("requested", requested.get());
        counts.put("answered", answered.get());
        return counts;
    }

    private void onPeerRequest(Account account, Jid device, String requestId, Message.ProtocolMessage request) {
        Message.PeerDataOperationRequestMessage peer = request.getPeerDataOperationRequestMessage();
        if (peer.getPeerDataOperationRequestType() != Message.PeerDataOperationRequestMessage
                .PeerDataOperationRequestType.PLACEHOLDER_MESSAGE_RESEND) {
            return;
        }
        Message.PeerDataOperationRequestResponseMessage.Builder response =
                Message.PeerDataOperationRequestResponseMessage.newBuilder()
                        .setPeerDataOperationRequestType(peer.getPeerDataOperationRequestType())
                        .setStanzaId(requestId);
        for (Message.PeerDataOperationRequestMessage.PlaceholderMessageResendRequest asked
                : peer.getPlaceholderMessageResendRequestList()) {
            requested.incrementAndGet();
            Optional<PhoneInbox.Known> held = account.phone().messages().find(asked.getMessageKey().getId());
            if (held.isEmpty()) {
                log.info("phone {} holds no message {} that its companion {} asked for", account.jid().user(),
                        asked.getMessageKey().getId(), device);
                continue;
            }
            response.addPeerDataOperationResult(Message.PeerDataOperationRequestResponseMessage
                    .PeerDataOperationResult.newBuilder().setPlaceholderMessageResendResponse(
                            Message.PeerDataOperationRequestResponseMessage.PeerDataOperationResult
                                    .PlaceholderMessageResendResponse.newBuilder().setWebMessageInfoBytes(
                                            webMessage(account, held.get()).toByteString())));
        }
        if (response.getPeerDataOperationResultCount() == 0) {
            return;
        }
        Message answer = Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_RESPONSE_MESSAGE)
                .setPeerDataOperationRequestResponseMessage(response)).build();
        // counted before it leaves: the companion may have it (and a test read the counts) before the send returns
        answered.addAndGet(response.getPeerDataOperationResultCount());
        try {
            account.phone().sendToCompanion(device, answer, network, SimulatedPhone.newMessageId(random));
        } catch (Exception e) {
            answered.addAndGet(-response.getPeerDataOperationResultCount());
            log.warn("phone {} could not answer the placeholder request {} of {}: {}", account.jid().user(),
                    requestId, device, e.getMessage());
        }
    }

    /** The message as the phone's chat list holds it: key (participant in groups), content, time. */
    private static WebMessageInfo webMessage(Account account, PhoneInbox.Known held) {
        boolean fromMe = held.author().user().equals(account.jid().user());
        MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(held.chat().toString()).setFromMe(fromMe)
                .setId(held.id());
        WebMessageInfo.Builder info = WebMessageInfo.newBuilder().setMessage(held.content())
                .setMessageTimestamp(held.timestamp());
        if (!fromMe && !held.chat().isUser()) {
            key.setParticipant(held.author().toString());
            info.setParticipant(held.author().toString());
        }
        return info.setKey(key).build();
    }
}
