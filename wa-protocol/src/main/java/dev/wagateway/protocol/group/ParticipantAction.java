package dev.wagateway.protocol.group;

/** A change to a group's members, named by the IQ child's tag (protocol §11.1). */
public enum ParticipantAction {
    ADD("add"),
    REMOVE("remove"),
    PROMOTE("promote"),
    DEMOTE("demote");

    private final String tag;

    ParticipantAction(String tag) {
        this.tag = tag;
    }

    /** The tag of the IQ's child and of the answer. */
    public String tag() {
        return tag;
    }
}
