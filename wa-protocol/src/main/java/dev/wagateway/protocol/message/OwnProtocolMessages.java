package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.Message;

/**
 * Takes the protocol messages our own devices send us that another feature handles (an app-state key share,
 * protocol §10.2). Runs on the client's node thread; the message is acknowledged after it returns.
 */
@FunctionalInterface
public interface OwnProtocolMessages {

    /**
     * Handles {@code message} when it is one of the handler's.
     *
     * @return whether it was handled (then it is acknowledged and not emitted as a message)
     */
    boolean handle(Message.ProtocolMessage message);
}
