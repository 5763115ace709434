package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;

import java.util.Objects;

/**
 * A contact's display name as the phone knows it ({@code HistorySync.pushnames}).
 *
 * @param jid      the contact (a user or LID JID, without a device)
 * @param pushName the name they chose for themselves
 */
public record HistoryPushName(Jid jid, String pushName) {

    /** Checks presence. */
    public HistoryPushName {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(pushName, "pushName");
    }
}
