package dev.wagateway.protocol.receipt;

/**
 * The receipts this account sends about messages it received (protocol §7.5): {@code read}; {@code read-self} when
 * our read-receipts privacy is {@code none} (the sender is not told, only our other devices); {@code played} when a
 * voice note was played (or view-once media opened).
 */
public enum ReceiptKind {
    /** Read, and the sender is told. */
    READ("read"),
    /** Read with read receipts off: only our own other devices learn it. */
    READ_SELF("read-self"),
    /** A voice note played. */
    PLAYED("played");

    private final String type;

    ReceiptKind(String type) {
        this.type = type;
    }

    /** The stanza's {@code type} attribute. */
    public String type() {
        return type;
    }
}
