package dev.wagateway.protocol.group;

import java.util.Optional;

/**
 * The outcome for one participant of an add, remove, promote, demote or join-request action.
 *
 * @param participant who (role as the answer gives it, usually member)
 * @param error       the WhatsApp status for this participant: 0 done; e.g. 403 refused (privacy, with
 *                    {@code addRequest}), 404 not a member / not on WhatsApp, 408 left recently, 409 already a member
 * @param addRequest  the invite to send instead, when a user's privacy refused the add
 */
public record ParticipantResult(GroupParticipant participant, int error, Optional<AddRequest> addRequest) {

    /** Whether the action succeeded for this participant. */
    public boolean ok() {
        return error == 0;
    }
}
