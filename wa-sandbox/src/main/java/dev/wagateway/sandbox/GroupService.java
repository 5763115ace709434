package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.group.GroupStanzas;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The groups service ({@code xmlns="w:g2"}, protocol §11): creation, info, lists, leaving, subject, description,
 * settings, invite links and group photos, refusing what WhatsApp refuses (whatsmeow {@code group.go} maps the
 * codes): an unknown group 404 {@code item-not-found}, a non-member 403 {@code forbidden}, a member without the
 * right 401 {@code not-authorized}, a bad request 400, an unacceptable value 406. Membership changes and join flows
 * are in {@link GroupMembership}, communities in {@link Communities}. Each IQ runs under its group's lock.
 */
final class GroupService {

    /** New groups are LID-addressed, as WhatsApp creates them today (protocol §6.12). */
    static final String DEFAULT_ADDRESSING = "lid";
    /** WhatsApp's limit on a subject's length (whatsmeow notes 25 historically; the server allows 100 today). */
    static final int MAX_SUBJECT = 100;
    static final int MAX_DESCRIPTION = 2048;
    static final int MAX_PICTURE = 2 << 20;
    /** The disappearing timers WhatsApp accepts (24 hours, 7 days, 90 days); others are refused 400. */
    static final Set<Integer> EPHEMERAL_TIMERS = Set.of(86_400, 604_800, 7_776_000);

    /** What to create: from a {@code <create>} IQ or the control API. */
    record Creation(String subject, List<Jid> participants, String descriptionId, String description,
                    String memberAddMode, boolean locked, boolean announce, int ephemeral, boolean joinApproval,
                    boolean community, Jid linkedParent, String key, String addressingMode) {
    }

    private final GroupDirectory groups;
    private final GroupNotifier notifier;
    private final GroupMembership membership;
    private final Communities communities;
    private final SecureRandom random;
    private final IdGenerator ids;
    private final Directory directory;

    GroupService(GroupDirectory groups, Directory directory, PhoneNetwork network, SecureRandom random,
                 IdGenerator ids) {
        this.groups = groups;
        this.random = random;
        this.ids = ids;
        this.directory = directory;
        this.notifier = new GroupNotifier(directory, network, ids);
        this.membership = new GroupMembership(groups, directory, notifier, random);
        this.communities = new Communities(groups, notifier);
    }

    Optional<Group> group(Jid jid) {
        return groups.group(jid);
    }

    /** Answers one {@code w:g2} IQ from {@code actor}. */
    Node handle(Node iq, Jid actor) {
        Jid user = actor.toNonAd();
        Optional<Jid> target = iq.jidAttribute("to");
        List<Node> children = iq.children();
        if (children.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        Node request = children.get(0);
        boolean get = iq.attribute("type", "").equals("get");
        if (target.isEmpty() || target.get().isServer()) {
            return switch (request.tag()) {
                case "create" -> get ? Stanzas.error(iq, 400, "bad-request") : create(iq, request, user);
                case "participating" -> Stanzas.result(iq, Node.builder("groups").children(groups.all().stream()
                        .filter(group -> group.isMember(user)).map(group -> group.infoNode(directory)).toList())
                        .build());
                case "leave" -> leave(iq, request, user);
                case "invite" -> get ? membership.previewByLink(iq, request) : membership.joinByLink(iq, request, user);
                default -> Stanzas.error(iq, 400, "bad-request");
            };
        }
        Optional<Group> found = group(target.get());
        if (found.isEmpty()) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        Group group = found.get();
        return group.locked(() -> {
            // A direct invite's preview and acceptance come from someone not (yet) in the group.
            if (request.tag().equals("accept")) {
                return membership.acceptDirectInvite(iq, request, group, user);
            }
            if (request.tag().equals("query") && request.child("add_request").isPresent()) {
                return membership.previewDirectInvite(iq, request.child("add_request").get(), group, user);
            }
            if (!group.members.containsKey(user)) {
                return Stanzas.error(iq, 403, "forbidden");
            }
            return switch (request.tag()) {
                case "query" -> Stanzas.result(iq, group.infoNode(directory));
                case "subject" -> infoEditor(iq, group, user, () -> subject(iq, request, group, user));
                case "description" -> infoEditor(iq, group, user, () -> description(iq, request, group, user));
                case "ephemeral", "not_ephemeral" -> infoEditor(iq, group, user, () -> ephemeral(iq, request, group, user));
                case "announcement", "not_announcement" -> admin(iq, group, user, () -> {
                    group.announcement = request.tag().equals("announcement");
                    notifier.toMembers(group, user, Node.builder(request.tag()).attribute("v_id", group.nextVersion())
                            .build());
                    return Stanzas.result(iq);
                });
                case "locked", "unlocked" -> admin(iq, group, user, () -> {
                    group.locked = request.tag().equals("locked");
                    notifier.toMembers(group, user, Node.of(request.tag()));
                    return Stanzas.result(iq);
                });
                case "member_add_mode" -> admin(iq, group, user, () -> memberAddMode(iq, request, group, user));
                case "membership_approval_mode" -> admin(iq, group, user, () -> joinApproval(iq, request, group, user));
                case "invite" -> admin(iq, group, user, () -> invite(iq, group, user, !get));
                case "add", "remove", "promote", "demote" -> membership.change(iq, request, group, user);
                case "membership_approval_requests" -> admin(iq, group, user, () -> membership.requests(iq, group));
                case "membership_requests_action" -> admin(iq, group, user,
                        () -> membership.review(iq, request, group, user));
                case "revoke" -> admin(iq, group, user, () -> membership.revokeDirectInvites(iq, request, group));
                case "links", "unlink", "sub_groups", "linked_groups_participants" ->
                        communities.handle(iq, request, group, user);
                default -> Stanzas.error(iq, 400, "bad-request");
            };
        });
    }

    /** Sets or removes a group's picture ({@code xmlns="w:profile:picture"} with a group {@code target}). */
    Node photo(Node iq, Jid actor) {
        Jid user = actor.toNonAd();
        Optional<Group> found = iq.jidAttribute("target").flatMap(this::group);
        if (found.isEmpty()) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        Group group = found.get();
        return group.locked(() -> {
            if (!iq.attribute("type", "").equals("set")) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            if (!group.members.containsKey(user)) {
                return Stanzas.error(iq, 403, "forbidden");
            }
            return infoEditor(iq, group, user, () -> {
                Optional<Node> picture = iq.child("picture");
                if (picture.isEmpty()) {
                    group.picture = null;
                    group.pictureId = null;
                    return Stanzas.result(iq);
                }
                byte[] jpeg = picture.get().bytes().orElse(new byte[0]);
                if (!picture.get().attribute("type", "image").equals("image") || !isJpeg(jpeg)
                        || jpeg.length > MAX_PICTURE) {
                    return Stanzas.error(iq, 406, "not-acceptable");
                }
                group.picture = jpeg;
                group.pictureId = Long.toString(System.currentTimeMillis());
                return Stanzas.result(iq, Node.builder("picture").attribute("id", group.pictureId).build());
            });
        });
    }

    /** Creates a group for {@code creator}; the answer is the new group's node (or an error IQ). */
    Node create(Node iq, Node create, Jid creator) {
        String subject = create.attribute("subject", "").trim();
        String addMode = create.child("member_add_mode").flatMap(Node::text).orElse("admin_add");
        Optional<Node> ephemeralNode = create.child("ephemeral");
        long ephemeral = ephemeralNode.flatMap(e -> e.longAttribute("expiration")).orElse(0L);
        if (ephemeralNode.isPresent() && ephemeralNode.get().longAttribute("expiration").isEmpty()
                || ephemeral != 0 && !EPHEMERAL_TIMERS.contains((int) Math.min(ephemeral, Integer.MAX_VALUE))) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        List<Jid> participants = new ArrayList<>();
        for (Node participant : create.children("participant")) {
            Optional<Jid> jid = participant.jidAttribute("jid").filter(Jid::isUser);
            if (jid.isEmpty()) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            participants.add(directory.phoneUser(jid.get()));
        }
        Optional<Node> description = create.child("description");
        Optional<Node> linkedParent = create.child("linked_parent");
        Jid parent = linkedParent.flatMap(p -> p.jidAttribute("jid")).orElse(null);
        if (linkedParent.isPresent() && parent == null) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        Boolean approval = create.child("membership_approval_mode").flatMap(m -> m.child("group_join"))
                .map(join -> join.attribute("state", "off").equals("on")).orElse(false);
        Creation creation = new Creation(subject, participants,
                description.map(d -> d.attribute("id", ids.next())).orElse(null),
                description.flatMap(d -> d.child("body")).flatMap(Node::text).orElse(null), addMode,
                create.child("locked").isPresent(), create.child("announcement").isPresent(), (int) ephemeral,
                approval, create.child("parent").isPresent(), parent, create.attribute("key").orElse(null),
                DEFAULT_ADDRESSING);
        return create(creation, creator).fold(error -> Stanzas.error(iq, error.code(), error.text()),
                node -> Stanzas.result(iq, node));
    }

    /** A refusal: the IQ error's code and text. */
    record Refusal(int code, String text) {
    }

    /** Either a refusal or the created group's node. */
    record Created(Refusal refusal, Node group, Group created) {
        <T> T fold(java.util.function.Function<Refusal, T> refused, java.util.function.Function<Node, T> done) {
            return refusal != null ? refused.apply(refusal) : done.apply(group);
        }
    }

    /** Creates a group or community from {@code request} for {@code creator}, as the IQ and the control API do. */
    Created create(Creation request, Jid creator) {
        if (request.subject().isEmpty()) {
            return new Created(new Refusal(400, "bad-request"), null, null);
        }
        if (request.subject().length() > MAX_SUBJECT || request.description() != null
                && request.description().length() > MAX_DESCRIPTION) {
            return new Created(new Refusal(406, "not-acceptable"), null, null);
        }
        if (!request.memberAddMode().equals("admin_add") && !request.memberAddMode().equals("all_member_add")
                || request.community() && request.linkedParent() != null) {
            return new Created(new Refusal(400, "bad-request"), null, null);
        }
        Group parent = null;
        if (request.linkedParent() != null) {
            Optional<Group> found = group(request.linkedParent());
            if (found.isEmpty()) {
                return new Created(new Refusal(404, "item-not-found"), null, null);
            }
            parent = found.get();
            if (!parent.community) {
                return new Created(new Refusal(400, "bad-request"), null, null);
            }
            if (!parent.isAdmin(creator)) {
                return new Created(new Refusal(401, "not-authorized"), null, null);
            }
        }
        Group group = newGroup(creator, request.subject(), request.addressingMode(), request.community());
        List<Node> refused = group.locked(() -> {
            group.memberAddMode = request.memberAddMode();
            group.locked = request.locked();
            group.announcement = request.announce();
            group.ephemeral = request.ephemeral();
            group.joinApproval = request.joinApproval();
            if (request.description() != null && !request.description().isEmpty()) {
                group.descriptionId = request.descriptionId() == null ? ids.next() : request.descriptionId();
                group.description = request.description();
                group.descriptionOwner = creator;
                group.descriptionTime = group.creation;
            }
            return membership.addAtCreation(group, creator, request.participants());
        });
        groups.add(group);
        if (request.community()) {
            Group announcements = newGroup(creator, request.subject(), request.addressingMode(), false);
            announcements.locked(() -> {
                announcements.announcement = true;
                announcements.defaultSubGroup = true;
                announcements.linkedParent = group.jid;
                return null;
            });
            groups.add(announcements);
            group.locked(() -> group.subGroups.add(announcements.jid));
        }
        if (parent != null) {
            communities.attach(parent, group);
        }
        Node.Builder create = Node.builder("create").attribute("reason", "create");
        if (request.key() != null) {
            create.attribute("key", request.key());
        }
        notifier.toMembers(group, creator, create.children(group.infoNode(directory)).build());
        Node info = group.infoNode(directory);
        if (!refused.isEmpty()) {
            List<Node> children = new ArrayList<>(info.children());
            children.addAll(refused);
            info = info.toBuilder().children(children).build();
        }
        return new Created(null, info, group);
    }

    private Group newGroup(Jid creator, String subject, String addressingMode, boolean community) {
        String id = "120363" + String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
        return new Group(new Jid(id, 0, 0, Jid.GROUP_SERVER), creator, subject, Stanzas.now(), newInviteCode(),
                addressingMode, community);
    }

    private Node leave(Node iq, Node leave, Jid user) {
        List<Node> results = new ArrayList<>();
        for (Node entry : leave.children()) {
            Optional<Group> found = entry.jidAttribute("id").flatMap(this::group);
            boolean left = found.isPresent() && (entry.tag().equals("community") ? communities.leave(found.get(), user)
                    : found.get().locked(() -> leaveOne(found.get(), user)));
            Node.Builder result = Node.builder(entry.tag()).attribute("id", entry.attribute("id", ""));
            if (!left) {
                result.attribute("error", "404");
            }
            results.add(result.build());
        }
        if (results.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        return Stanzas.result(iq, Node.builder("leave").children(results).build());
    }

    /** {@code user} leaves: a removal of themselves, as whatsmeow and Baileys read it (Baileys: "leave"). */
    boolean leaveOne(Group group, Jid user) {
        if (group.members.remove(user) == null) {
            return false;
        }
        notifier.toMembers(group, user, GroupNotifier.participants("remove", List.of(user)), List.of(user));
        return true;
    }

    private Node subject(Node iq, Node request, Group group, Jid user) {
        String subject = request.text().orElse("").trim();
        if (subject.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        if (subject.length() > MAX_SUBJECT) {
            return Stanzas.error(iq, 406, "not-acceptable");
        }
        group.subject = subject;
        group.subjectOwner = user;
        group.subjectTime = Stanzas.now();
        notifier.toMembers(group, user, Node.builder("subject").attribute("subject", subject)
                .attribute("s_t", group.subjectTime).attribute("s_o", user).build());
        return Stanzas.result(iq);
    }

    /**
     * Sets or deletes the description. A {@code prev} that is not the current id is a stale edit: 409 conflict,
     * as with WhatsApp's topic ids (protocol §11.1).
     */
    private Node description(Node iq, Node request, Group group, Jid user) {
        Optional<String> prev = request.attribute("prev");
        if (prev.isPresent() && !prev.get().equals(group.descriptionId)) {
            return Stanzas.error(iq, 409, "conflict");
        }
        boolean delete = request.attribute("delete", "").equals("true");
        Optional<String> body = request.child("body").flatMap(Node::text);
        if (!delete && body.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        if (body.isPresent() && body.get().length() > MAX_DESCRIPTION) {
            return Stanzas.error(iq, 406, "not-acceptable");
        }
        String id = request.attribute("id").filter(value -> !value.isEmpty()).orElseGet(ids::next);
        group.descriptionId = id;
        group.description = delete ? null : body.get();
        group.descriptionOwner = user;
        group.descriptionTime = Stanzas.now();
        notifier.toMembers(group, user, Node.builder("description").attribute("id", id).children(delete
                ? Node.of("delete") : Node.builder("body").bytes(body.get().getBytes(StandardCharsets.UTF_8)).build())
                .build());
        return Stanzas.result(iq);
    }

    private Node ephemeral(Node iq, Node request, Group group, Jid user) {
        long seconds = request.tag().equals("not_ephemeral") ? 0 : request.longAttribute("expiration").orElse(-1L);
        if (seconds != 0 && !EPHEMERAL_TIMERS.contains((int) Math.max(-1, Math.min(seconds, Integer.MAX_VALUE)))) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        group.ephemeral = (int) seconds;
        notifier.toMembers(group, user, seconds == 0 ? Node.of("not_ephemeral")
                : Node.builder("ephemeral").attribute("expiration", seconds).build());
        return Stanzas.result(iq);
    }

    private Node memberAddMode(Node iq, Node request, Group group, Jid user) {
        String mode = request.text().orElse("");
        if (!mode.equals("admin_add") && !mode.equals("all_member_add")) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        group.memberAddMode = mode;
        notifier.toMembers(group, user, Node.builder("member_add_mode").text(mode).build());
        return Stanzas.result(iq);
    }

    private Node joinApproval(Node iq, Node request, Group group, Jid user) {
        Optional<String> state = request.child(group.community ? "community_join" : "group_join")
                .or(() -> request.child("group_join")).flatMap(join -> join.attribute("state"));
        if (state.isEmpty() || !state.get().equals("on") && !state.get().equals("off")) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        group.joinApproval = state.get().equals("on");
        notifier.toMembers(group, user, Node.builder("membership_approval_mode").children(Node.builder("group_join")
                .attribute("state", state.get()).build()).build());
        return Stanzas.result(iq);
    }

    private Node invite(Node iq, Group group, Jid user, boolean reset) {
        if (reset) {
            groups.replaceInvite(group, newInviteCode());
            notifier.toMembers(group, user, Node.builder("invite").attribute("code", group.inviteCode).build());
        }
        return Stanzas.result(iq, Node.builder("invite").attribute("code", group.inviteCode).build());
    }

    /** Admins only: 401 {@code not-authorized} otherwise (whatsmeow ErrGroupInviteLinkUnauthorized et al.). */
    private static Node admin(Node iq, Group group, Jid user, Supplier<Node> action) {
        return group.members.getOrDefault(user, Group.Role.MEMBER) != Group.Role.MEMBER ? action.get()
                : Stanzas.error(iq, 401, "not-authorized");
    }

    /** The group's info (subject, description, picture, timer): any member unless locked, then admins only. */
    private static Node infoEditor(Node iq, Group group, Jid user, Supplier<Node> action) {
        return group.locked ? admin(iq, group, user, action) : action.get();
    }

    /** A JPEG from its start of image to its end of image marker: the server decodes pictures, a stub fails. */
    static boolean isJpeg(byte[] bytes) {
        int n = bytes.length;
        return GroupStanzas.isJpeg(bytes) && n > 4 && (bytes[n - 2] & 0xff) == 0xff && (bytes[n - 1] & 0xff) == 0xd9;
    }

    String newInviteCode() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 22);
    }
}
