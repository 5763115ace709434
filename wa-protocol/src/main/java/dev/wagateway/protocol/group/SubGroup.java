package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.Optional;

/**
 * A group linked into a community ({@code <group>} under {@code <sub_groups>}, {@code <link>} or {@code <unlink>}).
 *
 * @param defaultSubGroup whether it is the community's announcement group, created with the community
 */
public record SubGroup(Jid jid, Optional<String> subject, Optional<Instant> subjectSetAt, boolean defaultSubGroup) {
}
