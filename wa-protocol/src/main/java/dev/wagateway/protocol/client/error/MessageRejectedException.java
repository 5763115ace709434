package dev.wagateway.protocol.client.error;

/** The server's {@code ack} to a message carried an {@code error} (protocol §7.4: 463, 479, ...). */
public final class MessageRejectedException extends WaClientException {

    private final String messageId;
    private final int code;

    /**
     * @param messageId the rejected message
     * @param code      the ack's error code
     */
    public MessageRejectedException(String messageId, int code) {
        super("message " + messageId + " rejected with error " + code);
        this.messageId = messageId;
        this.code = code;
    }

    /** The rejected message's id. */
    public String messageId() {
        return messageId;
    }

    /** The error code. */
    public int code() {
        return code;
    }

    @Override
    public Delivery delivery() {
        return Delivery.REFUSED;
    }
}
