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
        super("message " + messageId + " rejected with error " + code + explanation(code).map(e -> ": " + e).orElse(""));
        this.messageId = messageId;
        this.code = code;
    }

    /**
     * What WhatsApp means by {@code code}, for the codes the references name. A 463 is never retried: Baileys warns
     * that sending again without the token worsens the account's restriction.
     */
    public static java.util.Optional<String> explanation(int code) {
        return java.util.Optional.ofNullable(switch (code) {
            case 463 -> "the recipient requires a privacy token (tctoken) this device does not hold; not retried, as "
                    + "retrying makes WhatsApp restrict the account further";
            case 479 -> "the stanza mixes phone-number and LID addressing";
            case 403 -> "not allowed to send to this chat";
            case 404 -> "the chat does not exist";
            default -> null;
        });
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
