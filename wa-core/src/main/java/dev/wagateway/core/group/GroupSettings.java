package dev.wagateway.core.group;

import java.util.Optional;

/**
 * The settings a {@code PATCH /groups/{group_jid}/settings} changes; each absent field is left as it is.
 *
 * @param memberAddMode {@code all} or {@code admin_only}, as written by the caller (checked by the service)
 */
public record GroupSettings(Optional<Boolean> announce, Optional<Boolean> locked, Optional<String> memberAddMode,
                            Optional<Boolean> joinApproval) {
}
