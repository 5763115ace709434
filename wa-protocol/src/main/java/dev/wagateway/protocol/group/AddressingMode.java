package dev.wagateway.protocol.group;

/**
 * How a group names its members (protocol §6.12, §11.2): by phone number ({@code pn}) or by LID ({@code lid}, with
 * {@code phone_number} attributes alongside).
 */
public enum AddressingMode {
    PN("pn"),
    LID("lid");

    private final String wire;

    AddressingMode(String wire) {
        this.wire = wire;
    }

    /** The attribute value WhatsApp uses. */
    public String wire() {
        return wire;
    }
}
