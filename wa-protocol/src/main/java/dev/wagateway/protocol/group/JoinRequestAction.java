package dev.wagateway.protocol.group;

/** What an admin does with pending join requests ({@code <membership_requests_action>} child tag). */
public enum JoinRequestAction {
    APPROVE("approve"),
    REJECT("reject");

    private final String tag;

    JoinRequestAction(String tag) {
        this.tag = tag;
    }

    /** The tag inside {@code <membership_requests_action>}. */
    public String tag() {
        return tag;
    }
}
