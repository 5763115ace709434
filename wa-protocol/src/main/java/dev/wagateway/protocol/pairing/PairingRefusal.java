package dev.wagateway.protocol.pairing;

/**
 * A {@code pair-success} we refuse (protocol §4.3 step 8): the error code and text go back in the error IQ.
 */
public final class PairingRefusal extends Exception {

    private final int code;
    private final String text;

    /**
     * @param code   {@code 401} for a failed check, {@code 500} for anything else
     * @param text   {@code hmac-mismatch}, {@code signature-mismatch} or {@code internal-error}
     * @param detail what exactly was wrong, for logs
     */
    public PairingRefusal(int code, String text, String detail) {
        super(text + ": " + detail);
        this.code = code;
        this.text = text;
    }

    /** The IQ error code. */
    public int code() {
        return code;
    }

    /** The IQ error text. */
    public String text() {
        return text;
    }
}
