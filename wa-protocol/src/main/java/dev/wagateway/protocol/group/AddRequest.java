package dev.wagateway.protocol.group;

import java.time.Instant;

/**
 * What the server returns instead of adding a user whose privacy settings refuse it ({@code <add_request>} under a
 * {@code <participant error="403">}): an invite code the admin can send the user in a group invite message.
 */
public record AddRequest(String code, Instant expiration) {
}
