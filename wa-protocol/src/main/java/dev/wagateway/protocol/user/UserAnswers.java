package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading the answers to {@link UserStanzas}' IQs; malformed entries are skipped, never thrown on. */
public final class UserAnswers {

    private UserAnswers() {
    }

    /**
     * What usync says about one user.
     *
     * @param status       the about text, empty when hidden or unset
     * @param pictureId    the current picture's id, empty when none or hidden
     * @param devices      the user's devices
     * @param verifiedName a business's verified name, empty otherwise
     * @param lid          the user's LID, when the server told it
     */
    public record UserInfo(Jid jid, String status, String pictureId, List<Jid> devices, String verifiedName,
                           Optional<Jid> lid) {
    }

    /**
     * A profile picture.
     *
     * @param directPath the CDN path, without host
     */
    public record ProfilePicture(String id, String url, String type, String directPath) {
    }

    /**
     * One status audience list.
     *
     * @param type {@code contacts}, {@code blacklist} or {@code whitelist}
     */
    public record StatusPrivacy(String type, List<Jid> users, boolean isDefault) {
    }

    /** The users of a usync user-info answer. */
    public static Map<Jid, UserInfo> userInfo(Node answer) {
        Map<Jid, UserInfo> users = new LinkedHashMap<>();
        Map<Jid, List<Jid>> devices = DeviceDirectory.parse(answer);
        Node list = answer.child("usync").flatMap(u -> u.child("list")).orElse(Node.of("list"));
        for (Node user : list.children("user")) {
            Optional<Jid> jid = user.jidAttribute("jid").map(Jid::toNonAd);
            if (jid.isEmpty()) {
                continue;
            }
            String status = user.child("status").filter(s -> s.attribute("code").isEmpty())
                    .flatMap(UserAnswers::text).orElse("");
            String picture = user.child("picture").flatMap(p -> p.attribute("id")).orElse("");
            String verified = user.child("business").flatMap(b -> b.child("verified_name"))
                    .flatMap(v -> v.attribute("name")).orElse("");
            Optional<Jid> lid = user.child("lid").flatMap(l -> l.jidAttribute("val"));
            users.put(jid.get(), new UserInfo(jid.get(), status, picture, devices.getOrDefault(jid.get(), List.of()),
                    verified, lid));
        }
        return users;
    }

    /** The {@code <picture>} of a profile-picture answer; empty when the answer has none (not set). */
    public static Optional<ProfilePicture> profilePicture(Node answer) {
        return answer.child("picture").filter(p -> p.attribute("url").isPresent())
                .map(p -> new ProfilePicture(p.attribute("id", ""), p.attribute("url", ""),
                        p.attribute("type", "image"), p.attribute("direct_path", "")));
    }

    /** The id of the picture just set. */
    public static Optional<String> pictureId(Node answer) {
        return answer.child("picture").flatMap(p -> p.attribute("id"));
    }

    /** The blocked users of a block-list answer. */
    public static List<Jid> blocklist(Node answer) {
        List<Jid> blocked = new ArrayList<>();
        answer.child("list").ifPresent(list -> list.children("item")
                .forEach(item -> item.jidAttribute("jid").map(Jid::toNonAd).ifPresent(blocked::add)));
        return blocked;
    }

    /** The known categories of a privacy answer, with their values; unknown categories are skipped. */
    public static Map<PrivacySetting, String> privacy(Node answer) {
        Map<PrivacySetting, String> settings = new EnumMap<>(PrivacySetting.class);
        answer.child("privacy").ifPresent(privacy -> privacy.children("category").forEach(category ->
                PrivacySetting.fromWire(category.attribute("name", "")).ifPresent(setting ->
                        settings.put(setting, category.attribute("value", "")))));
        return settings;
    }

    /** The status audience lists. */
    public static List<StatusPrivacy> statusPrivacy(Node answer) {
        List<StatusPrivacy> lists = new ArrayList<>();
        answer.child("privacy").ifPresent(privacy -> privacy.children("list").forEach(list -> {
            List<Jid> users = new ArrayList<>();
            list.children("user").forEach(user -> user.jidAttribute("jid").ifPresent(users::add));
            lists.add(new StatusPrivacy(list.attribute("type", ""), users,
                    list.attribute("default", "false").equals("true")));
        }));
        return lists;
    }

    private static Optional<String> text(Node node) {
        return node.bytes().map(b -> new String(b, StandardCharsets.UTF_8)).or(node::text);
    }
}
