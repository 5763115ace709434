package dev.wagateway.protocol.signal.groups;

import dev.wagateway.protocol.signal.SignalAddress;

import java.util.Objects;

/**
 * Names the sender key of one sender in one group: (group JID string, sender's Signal address). WhatsApp uses the
 * sender's LID address when it is known.
 *
 * @param groupId the group JID, for example {@code 120363000977714522@g.us}
 * @param sender  the sending device's address
 */
public record SenderKeyName(String groupId, SignalAddress sender) {

    /** Checks both parts are present. */
    public SenderKeyName {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(sender, "sender");
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("a sender key name needs a group id");
        }
    }

    /** {@code groupId::name::device}, the form the peers use as a store key. */
    @Override
    public String toString() {
        return groupId + "::" + sender.name() + "::" + sender.deviceId();
    }
}
