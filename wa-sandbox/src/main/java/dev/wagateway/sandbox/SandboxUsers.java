package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.group.GroupStanzas;
import dev.wagateway.protocol.user.PrivacySetting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server side of users and profiles (protocol §12.1–§12.6), as strict as WhatsApp: about texts and pictures
 * shown only as the owner's privacy allows and never to users the owner blocked, pictures only as JPEG, privacy
 * categories and values only those that exist, the block list.
 */
final class SandboxUsers {

    /** WhatsApp's limit on an about text. */
    static final int MAX_ABOUT = 139;
    /** Profile pictures above this are refused, as WhatsApp's servers do. */
    static final int MAX_PICTURE = 2 * 1024 * 1024;

    private final Directory directory;
    private final Supplier<String> mediaHost;
    private final IdGenerator ids;

    SandboxUsers(Directory directory, Supplier<String> mediaHost, IdGenerator ids) {
        this.directory = directory;
        this.mediaHost = mediaHost;
        this.ids = ids;
    }

    /** The usync {@code status} and {@code picture} parts about {@code account} for {@code asking}. */
    List<Node> usyncParts(Node query, Account account, Jid asking) {
        List<Node> parts = new ArrayList<>();
        AccountProfile profile = account.profile();
        if (query.child("status").isPresent()) {
            parts.add(profile.shows(PrivacySetting.STATUS, asking)
                    ? Node.builder("status").attribute("t", profile.aboutSetAt())
                    .bytes(profile.about().getBytes(StandardCharsets.UTF_8)).build()
                    : Node.builder("status").attribute("code", "401").build());
        }
        if (query.child("picture").isPresent()) {
            Optional<AccountProfile.Picture> picture = profile.picture()
                    .filter(p -> profile.shows(PrivacySetting.PROFILE, asking));
            parts.add(picture.map(p -> Node.builder("picture").attribute("id", p.id()).build())
                    .orElseGet(() -> Node.of("picture")));
        }
        if (query.child("business").isPresent()) {
            parts.add(Node.of("business"));
        }
        return parts;
    }

    /** An IQ of {@code xmlns} {@code blocklist}, {@code privacy}, {@code status} or a user's profile picture. */
    Node handle(Node iq, CompanionDevice device) {
        Account me = directory.account(device.jid()).orElseThrow();
        return switch (iq.attribute("xmlns", "")) {
            case "blocklist" -> blocklist(iq, me);
            case "privacy" -> privacy(iq, me);
            case "status" -> status(iq, me);
            case "w:profile:picture" -> picture(iq, me);
            default -> Stanzas.error(iq, 400, "bad-request");
        };
    }

    private Node blocklist(Node iq, Account me) {
        if (iq.attribute("type", "").equals("set")) {
            List<Node> items = iq.children("item");
            if (items.isEmpty()) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            for (Node item : items) {
                String action = item.attribute("action", "");
                Optional<Account> user = item.jidAttribute("jid").flatMap(directory::account);
                if (user.isEmpty()) {
                    return Stanzas.error(iq, 404, "item-not-found");
                }
                if (!action.equals("block") && !action.equals("unblock")) {
                    return Stanzas.error(iq, 400, "bad-request");
                }
                if (user.get() == me) {
                    return Stanzas.error(iq, 406, "not-acceptable");
                }
                me.profile().block(user.get(), action.equals("block"));
            }
        }
        List<Node> listed = new ArrayList<>();
        for (Account account : directory.accounts()) {
            if (me.profile().isBlocked(account.jid())) {
                listed.add(Node.builder("item").attribute("jid", account.jid()).build());
            }
        }
        return Stanzas.result(iq, Node.builder("list").attribute("dhash", Integer.toHexString(listed.hashCode()))
                .children(listed).build());
    }

    private Node privacy(Node iq, Account me) {
        if (iq.child("tokens").isPresent()) {
            return Stanzas.result(iq); // a trusted-contact token issued (protocol §7.7)
        }
        Optional<Node> privacy = iq.child("privacy");
        if (privacy.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        if (iq.attribute("type", "").equals("set")) {
            List<Node> changed = new ArrayList<>();
            for (Node category : privacy.get().children("category")) {
                Optional<PrivacySetting> setting = PrivacySetting.fromWire(category.attribute("name", ""));
                String value = category.attribute("value", "");
                if (setting.isEmpty() || !me.profile().privacy(setting.get(), value)) {
                    return Stanzas.error(iq, 400, "bad-request");
                }
                if (setting.get() == PrivacySetting.GROUP_ADD) {
                    me.groupAddPrivacy(value);
                }
                changed.add(category(setting.get(), value));
            }
            if (changed.isEmpty()) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            return Stanzas.result(iq, Node.builder("privacy").children(changed).build());
        }
        List<Node> categories = new ArrayList<>();
        me.profile().privacy().forEach((setting, value) -> categories.add(category(setting, value)));
        return Stanzas.result(iq, Node.builder("privacy").children(categories).build());
    }

    private static Node category(PrivacySetting setting, String value) {
        return Node.builder("category").attribute("name", setting.wireName()).attribute("value", value).build();
    }

    private Node status(Node iq, Account me) {
        if (iq.attribute("type", "").equals("set")) {
            Optional<Node> status = iq.child("status");
            if (status.isEmpty()) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            String text = status.get().bytes().map(b -> new String(b, StandardCharsets.UTF_8))
                    .or(() -> status.get().text()).orElse("");
            if (text.codePointCount(0, text.length()) > MAX_ABOUT) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            me.profile().about(text);
            return Stanzas.result(iq);
        }
        if (iq.child("privacy").isPresent()) {
            return Stanzas.result(iq, Node.builder("privacy").children(Node.builder("list")
                    .attribute("type", "contacts").attribute("default", "true").build()).build());
        }
        return Stanzas.error(iq, 400, "bad-request");
    }

    private Node picture(Node iq, Account me) {
        if (iq.attribute("type", "").equals("set")) {
            if (iq.attribute("target").isPresent()) {
                return Stanzas.error(iq, 403, "forbidden"); // only groups' and one's own pictures are set
            }
            Optional<Node> picture = iq.child("picture");
            if (picture.isEmpty()) {
                me.profile().picture(null);
                return Stanzas.result(iq);
            }
            byte[] jpeg = picture.get().bytes().orElse(new byte[0]);
            if (jpeg.length == 0 || jpeg.length > MAX_PICTURE || !GroupStanzas.isJpeg(jpeg)) {
                return Stanzas.error(iq, 406, "not-acceptable");
            }
            String id = ids.next();
            me.profile().picture(new AccountProfile.Picture(id, jpeg));
            return Stanzas.result(iq, Node.builder("picture").attribute("id", id).build());
        }
        Optional<Account> target = iq.jidAttribute("target").flatMap(directory::account);
        if (target.isEmpty()) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        AccountProfile profile = target.get().profile();
        if (!profile.shows(PrivacySetting.PROFILE, me.jid())) {
            return Stanzas.error(iq, 401, "not-authorized");
        }
        Optional<AccountProfile.Picture> picture = profile.picture();
        if (picture.isEmpty()) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        String type = iq.child("picture").map(p -> p.attribute("type", "image")).orElse("image");
        String path = "/v/t61.24694-24/" + target.get().jid().user() + "_" + picture.get().id() + ".jpg";
        return Stanzas.result(iq, Node.builder("picture").attribute("id", picture.get().id())
                .attribute("type", type).attribute("direct_path", path)
                .attribute("url", "https://" + mediaHost.get() + path).build());
    }

    /** The profile as the control API shows it. */
    static Map<String, Object> view(Account account, java.util.Collection<Account> everyone) {
        AccountProfile profile = account.profile();
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("status", profile.about());
        view.put("picture_id", profile.picture().map(AccountProfile.Picture::id).orElse(null));
        Map<String, String> privacy = new java.util.LinkedHashMap<>();
        profile.privacy().forEach((setting, value) -> privacy.put(controlName(setting), value));
        view.put("privacy", privacy);
        view.put("blocked", everyone.stream().filter(other -> profile.isBlocked(other.jid()))
                .map(other -> other.jid().toString()).sorted().toList());
        return view;
    }

    /** The control API's names: {@code last_seen}, {@code group_add}, {@code read_receipts}... */
    static String controlName(PrivacySetting setting) {
        return setting.name().toLowerCase(java.util.Locale.ROOT);
    }
}
