package dev.wagateway.protocol.user;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The privacy categories and the values each takes (protocol §12.5; WM {@code types/user.go PrivacySetting*},
 * {@code privacysettings.go}). The server refuses any other name or value.
 */
public enum PrivacySetting {
    GROUP_ADD("groupadd", "GroupAdd", "all", "contacts", "contact_blacklist", "none"),
    LAST_SEEN("last", "LastSeen", "all", "contacts", "contact_blacklist", "none"),
    STATUS("status", "Status", "all", "contacts", "contact_blacklist", "none"),
    PROFILE("profile", "Profile", "all", "contacts", "contact_blacklist", "none"),
    READ_RECEIPTS("readreceipts", "ReadReceipts", "all", "none"),
    CALL_ADD("calladd", "CallAdd", "all", "known"),
    ONLINE("online", "Online", "all", "match_last_seen"),
    MESSAGES("messages", "Messages", "all", "contacts"),
    DEFENSE("defense", "Defense", "on_standard", "off"),
    STICKERS("stickers", "Stickers", "contacts", "contact_allowlist", "none");

    private final String wireName;
    private final String goName;
    private final List<String> values;

    PrivacySetting(String wireName, String goName, String... values) {
        this.wireName = wireName;
        this.goName = goName;
        this.values = List.of(values);
    }

    /** The category's {@code name} on the wire. */
    public String wireName() {
        return wireName;
    }

    /** whatsmeow's field name, which api.md row 27 answers with. */
    public String goName() {
        return goName;
    }

    /** The values the category takes. */
    public List<String> allowed() {
        return values;
    }

    /** The category named {@code name} on the wire. */
    public static Optional<PrivacySetting> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
