package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.Optional;

/** A user waiting for an admin to approve their joining ({@code <membership_approval_request jid request_time/>}). */
public record JoinRequest(Jid jid, Optional<Jid> phoneNumber, Optional<Instant> requestedAt) {
}
