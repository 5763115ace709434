package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

/**
 * The answer to joining by invite link: joined, or waiting for an admin's approval (the group requires it).
 */
public record JoinResult(Jid group, boolean pendingApproval) {
}
