package dev.wagateway.core.message;

import java.time.Duration;

/**
 * Measures each outgoing message for the embedding application's metrics: its stored type (text, image, reaction...),
 * how the send ended and how long the server took to acknowledge it (the typing and presence simulation around it
 * excluded). Called on the sending thread, once per message; an implementation must be quick and must not throw.
 */
@FunctionalInterface
public interface SendMeter {

    /** Measures nothing. */
    SendMeter NONE = (type, outcome, took) -> {
    };

    /** How a send ended. */
    enum Outcome {
        /** The server acknowledged it. */
        SENT,
        /** Surely never delivered: not sent, or refused. */
        FAILED,
        /** Timed out or lost with its connection: WhatsApp may have it. */
        UNCONFIRMED
    }

    /**
     * @param type    the stored message type
     * @param outcome how the send ended
     * @param took    from handing it to the device to the outcome
     */
    void sent(String type, Outcome outcome, Duration took);
}
