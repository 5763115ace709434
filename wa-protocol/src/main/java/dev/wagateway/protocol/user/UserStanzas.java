package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The IQs about users and this account's profile (protocol §12.1–§12.6), built apart from sending so each shape is
 * tested against the references: usync user info, profile pictures, the block list, privacy settings, the status
 * audience and the about text.
 */
public final class UserStanzas {

    private UserStanzas() {
    }

    /**
     * usync {@code full}/{@code background} with the {@code business}, {@code status}, {@code picture},
     * {@code devices} and {@code lid} protocols (WM {@code GetUserInfo}).
     */
    public static Node userInfo(List<Jid> users, String sid) {
        List<Node> list = users.stream().map(user -> Node.builder("user").attribute("jid", user.toNonAd()).build())
                .toList();
        return iq("get", "usync", Node.builder("usync").attribute("sid", sid).attribute("mode", "full")
                .attribute("last", "true").attribute("index", "0").attribute("context", "background")
                .children(Node.builder("query").children(
                                Node.builder("business").children(Node.of("verified_name")).build(),
                                Node.of("status"), Node.of("picture"),
                                Node.builder("devices").attribute("version", "2").build(), Node.of("lid")).build(),
                        Node.builder("list").children(list).build()).build());
    }

    /** A profile picture's URL ({@code type="image"}, or the small {@code preview}) of {@code target}. */
    public static Node profilePicture(Jid target, boolean preview) {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get")
                .attribute("xmlns", "w:profile:picture").attribute("target", target.toNonAd())
                .children(Node.builder("picture").attribute("type", preview ? "preview" : "image")
                        .attribute("query", "url").build()).build();
    }

    /** Sets our own profile picture (a JPEG); {@code null} removes it. */
    public static Node setProfilePicture(byte[] jpeg) {
        Node.Builder iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set")
                .attribute("xmlns", "w:profile:picture");
        if (jpeg != null) {
            iq.children(Node.builder("picture").attribute("type", "image").bytes(jpeg).build());
        }
        return iq.build();
    }

    /** The block list. */
    public static Node blocklist() {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get").attribute("xmlns", "blocklist")
                .build();
    }

    /** Blocks or unblocks {@code user} ({@code <item jid action>}). */
    public static Node updateBlocklist(Jid user, boolean block) {
        return iq("set", "blocklist", Node.builder("item").attribute("jid", user.toNonAd())
                .attribute("action", block ? "block" : "unblock").build());
    }

    /** All privacy settings. */
    public static Node privacySettings() {
        return iq("get", "privacy", Node.of("privacy"));
    }

    /** Sets one privacy category ({@code <privacy><category name value/></privacy>}). */
    public static Node setPrivacySetting(PrivacySetting setting, String value) {
        return iq("set", "privacy", Node.builder("privacy").children(Node.builder("category")
                .attribute("name", setting.wireName()).attribute("value", value).build()).build());
    }

    /** Who sees our status updates ({@code xmlns="status"} {@code <privacy/>}). */
    public static Node statusPrivacy() {
        return iq("get", "status", Node.of("privacy"));
    }

    /** Sets our about text (Baileys' {@code updateProfileStatus}). */
    public static Node setAbout(String text) {
        return iq("set", "status", Node.builder("status").bytes(text.getBytes(StandardCharsets.UTF_8)).build());
    }

    private static Node iq(String type, String xmlns, Node child) {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", type).attribute("xmlns", xmlns)
                .children(child).build();
    }
}
