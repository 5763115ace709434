package dev.wagateway.protocol.group;

/** A member's standing ({@code type} attribute of {@code <participant>}: absent, {@code admin}, {@code superadmin}). */
public enum ParticipantRole {
    MEMBER,
    ADMIN,
    /** The creator: an admin who cannot be demoted by other admins. */
    SUPERADMIN;

    /** Admin or superadmin. */
    public boolean isAdmin() {
        return this != MEMBER;
    }

    static ParticipantRole fromType(String type) {
        return switch (type) {
            case "superadmin" -> SUPERADMIN;
            case "admin" -> ADMIN;
            default -> MEMBER;
        };
    }
}
