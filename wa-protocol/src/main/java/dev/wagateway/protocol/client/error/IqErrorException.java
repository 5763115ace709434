package dev.wagateway.protocol.client.error;

/** The server answered an IQ with {@code type="error"} (protocol §13.7). */
public final class IqErrorException extends WaClientException {

    private final int code;
    private final String text;

    /**
     * @param code the error code ({@code 0} when the answer had none)
     * @param text the error text, possibly empty
     */
    public IqErrorException(int code, String text) {
        super("server error " + code + (text.isEmpty() ? "" : " " + text));
        this.code = code;
        this.text = text;
    }

    /** The error code. */
    public int code() {
        return code;
    }

    /** The error text. */
    public String text() {
        return text;
    }

    @Override
    public Delivery delivery() {
        return Delivery.REFUSED;
    }
}
