package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A feature that takes protocol messages our own account sends to this device (history sync notifications, key
 * shares...; protocol §8.9 accepts those only from our own account). The receiver hands each such message to the
 * registered handlers in turn; the first that takes it owns it, and the stanza is acknowledged when its future
 * completes (never, if it fails: the server then delivers it again).
 */
@FunctionalInterface
public interface OwnProtocolMessages {

    /**
     * @param messageId the stanza's message id
     * @param sender    our own device that sent it
     * @param message   the protocol message
     * @return empty when this handler does not take the message; else when it is done with it
     */
    Optional<CompletableFuture<Void>> handle(String messageId, Jid sender, Message.ProtocolMessage message);
}
