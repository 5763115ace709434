package dev.wagateway.protocol.group;

import java.util.Optional;

/** Who may add members to a group ({@code <member_add_mode>} text, protocol §11.1). */
public enum MemberAddMode {
    /** Any member may add ({@code all_member_add}). */
    ALL_MEMBERS("all_member_add"),
    /** Only admins may add ({@code admin_add}). */
    ADMINS("admin_add");

    private final String wire;

    MemberAddMode(String wire) {
        this.wire = wire;
    }

    /** The text WhatsApp uses. */
    public String wire() {
        return wire;
    }

    /** The mode named by {@code wire}, empty for an unknown text. */
    public static Optional<MemberAddMode> fromWire(String wire) {
        for (MemberAddMode mode : values()) {
            if (mode.wire.equals(wire)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
