package dev.wagateway.protocol.binary;

/** The bytes are not a valid binary node: the only exception the decoder throws, whatever the input. */
public final class MalformedNodeException extends Exception {

    public MalformedNodeException(String message) {
        super(message);
    }

    public MalformedNodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
