package dev.wagateway.core.user;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.user.PrivacySetting;
import dev.wagateway.protocol.user.UserAnswers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Users and this account's profile (api.md rows 23–31): user info, profile pictures, the block list, privacy
 * settings, the status audience, the about text and a user's devices. JIDs are read literally (R3, api.md §4.3):
 * decoded, the device suffix dropped, no registration check.
 */
public final class UserService {

    private final DeviceCalls calls;

    public UserService(DeviceCalls calls) {
        this.calls = calls;
    }

    /** About text, picture id, devices and verified name of {@code user}; empty values when WhatsApp has none. */
    public UserAnswers.UserInfo info(UUID deviceId, String user) {
        Jid jid = literal(user);
        Map<Jid, UserAnswers.UserInfo> info = calls.call(deviceId, "get user info",
                client -> client.users().info(List.of(jid)));
        return info.getOrDefault(jid, new UserAnswers.UserInfo(jid, "", "", List.of(), "", Optional.empty()));
    }

    /** The full-size profile picture of {@code user}; 404 when none is set. */
    public UserAnswers.ProfilePicture picture(UUID deviceId, String user) {
        Jid jid = literal(user);
        return calls.call(deviceId, "get profile picture", client -> client.users().profilePicture(jid, false))
                .orElseThrow(() -> new dev.wagateway.core.error.NotFoundException("no profile picture"));
    }

    /** Blocks or unblocks {@code user}. */
    public List<Jid> block(UUID deviceId, String user, boolean block) {
        Jid jid = literal(user);
        return calls.call(deviceId, block ? "block user" : "unblock user", client -> client.users().block(jid, block));
    }

    /** The blocked users. */
    public List<Jid> blocklist(UUID deviceId) {
        return calls.call(deviceId, "get blocklist", client -> client.users().blocklist());
    }

    /** The privacy settings. */
    public Map<PrivacySetting, String> privacy(UUID deviceId) {
        return calls.call(deviceId, "get privacy settings", client -> client.users().privacy());
    }

    /**
     * Sets one privacy setting, named as api.md row 28 names it ({@code group_add}, {@code last_seen},
     * {@code status}, {@code profile}, {@code read_receipts}; also {@code online}, {@code call_add},
     * {@code messages}) with its value ({@code matched} = {@code match_last_seen}; {@code true}/{@code false} for
     * read receipts).
     *
     * @throws InvalidRequestException an unknown setting or value
     */
    public Map<PrivacySetting, String> setPrivacy(UUID deviceId, String setting, String value) {
        String name = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        PrivacySetting category = switch (name) {
            case "group_add", "groupadd" -> PrivacySetting.GROUP_ADD;
            case "last_seen", "last" -> PrivacySetting.LAST_SEEN;
            case "status" -> PrivacySetting.STATUS;
            case "profile" -> PrivacySetting.PROFILE;
            case "read_receipts", "readreceipts" -> PrivacySetting.READ_RECEIPTS;
            case "online" -> PrivacySetting.ONLINE;
            case "call_add", "calladd" -> PrivacySetting.CALL_ADD;
            case "messages" -> PrivacySetting.MESSAGES;
            default -> throw new InvalidRequestException("invalid privacy setting: " + setting);
        };
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        String wire = switch (wanted) {
            case "matched" -> "match_last_seen";
            case "true" -> category == PrivacySetting.READ_RECEIPTS ? "all" : wanted;
            case "false" -> category == PrivacySetting.READ_RECEIPTS ? "none" : wanted;
            default -> wanted;
        };
        if (!category.allowed().contains(wire)) {
            throw new InvalidRequestException("invalid privacy value: " + value);
        }
        return calls.call(deviceId, "update privacy settings", client -> client.users().setPrivacy(category, wire));
    }

    /** Who sees our status updates. */
    public List<UserAnswers.StatusPrivacy> statusPrivacy(UUID deviceId) {
        return calls.call(deviceId, "get status privacy", client -> client.users().statusPrivacy());
    }

    /** Sets the about text; empty clears it. */
    public void setAbout(UUID deviceId, String text) {
        calls.call(deviceId, "update status", client -> client.users().setAbout(text == null ? "" : text));
    }

    /** Every device of {@code user}. */
    public List<Jid> devices(UUID deviceId, String user) {
        Jid jid = literal(user);
        return calls.call(deviceId, "get user devices", client -> client.users().devices(List.of(jid)));
    }

    /** R3: {@code user@server} as written, the device suffix dropped; a user or LID only. */
    static Jid literal(String value) {
        String text = value == null ? "" : value.strip();
        Optional<Jid> jid = text.contains("@") ? Jid.tryParse(text) : Optional.empty();
        if (jid.isEmpty() || !(jid.get().isUser() || jid.get().isLid()) || jid.get().user().isEmpty()) {
            throw new InvalidRequestException("invalid JID format: " + value);
        }
        return jid.get().toNonAd();
    }
}
