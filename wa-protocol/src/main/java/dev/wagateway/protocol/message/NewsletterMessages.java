package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.EventSink;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.client.spi.Stanzas;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A channel (newsletter) message: not end-to-end encrypted, its content is a {@code <plaintext>} child (whatsmeow
 * {@code handlePlaintextMessage}). Emitted as a message of the channel, then acknowledged; no delivery receipt and
 * never a retry receipt (there is nothing to encrypt again).
 */
final class NewsletterMessages {

    private static final Logger log = LoggerFactory.getLogger(NewsletterMessages.class);

    private final ServerChannel channel;
    private final EventSink events;
    private final Clock clock;

    NewsletterMessages(ServerChannel channel, EventSink events, Clock clock) {
        this.channel = channel;
        this.events = events;
        this.clock = clock;
    }

    void onMessage(Node stanza, Jid newsletter) {
        String id = stanza.attribute("id", "");
        Optional<byte[]> body = stanza.child("plaintext").flatMap(Node::bytes);
        Message message;
        try {
            if (body.isEmpty()) {
                channel.sendQuietly(Stanzas.ack(stanza, Optional.empty()));
                return;
            }
            message = Message.parseFrom(body.get());
        } catch (InvalidProtocolBufferException e) {
            log.warn("unreadable channel message {} from {}: {}", id, newsletter, e.getMessage());
            channel.sendQuietly(Stanzas.ack(stanza, Optional.empty()));
            return;
        }
        Instant timestamp = stanza.longAttribute("t").map(Instant::ofEpochSecond).orElse(clock.instant());
        events.emit(new WaEvent.MessageReceived(id, newsletter, newsletter, false, "", timestamp,
                        stanza.attribute("offline").isPresent(), message))
                .whenComplete((ignored, error) -> {
                    if (error == null) {
                        channel.sendQuietly(Stanzas.ack(stanza, Optional.empty()));
                    } else {
                        log.warn("listener did not accept channel message {}; it stays unacknowledged", id, error);
                    }
                });
    }
}
