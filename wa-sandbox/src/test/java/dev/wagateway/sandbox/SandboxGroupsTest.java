package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.group.GroupAnswers;
import dev.wagateway.protocol.group.GroupInfo;
import dev.wagateway.protocol.group.GroupNotification;
import dev.wagateway.protocol.group.GroupNotifications;
import dev.wagateway.protocol.group.GroupStanzas;
import dev.wagateway.protocol.group.JoinRequestAction;
import dev.wagateway.protocol.group.JoinResult;
import dev.wagateway.protocol.group.MemberAddMode;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.group.ParticipantAction;
import dev.wagateway.protocol.group.ParticipantResult;
import dev.wagateway.protocol.group.ParticipantRole;
import dev.wagateway.protocol.group.SubGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The groups service over a real websocket with raw stanzas built by wa-protocol's {@link GroupStanzas} and read by
 * {@link GroupAnswers}/{@link GroupNotifications}: each IQ, each refusal WhatsApp makes, and the notifications the
 * members' devices receive.
 */
class SandboxGroupsTest {

    private static final String ALICE = "15550101111";
    private static final String BOB = "15550102222";
    private static final String CAROL = "15550103333";
    private static final String DAVE = "15550104444";

    private final List<RawCompanion> open = new ArrayList<>();
    private int nextId;
    private final java.util.Map<RawCompanion, java.util.Deque<Node>> stashes = new java.util.HashMap<>();

    @RegisterExtension
    final LoopbackSandbox world = new LoopbackSandbox().phones(ALICE, BOB, CAROL, DAVE);

    @AfterEach
    void stop() {
        open.forEach(RawCompanion::close);
    }

    @Test
    void createInfoListAndTheCreateNotification() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        RawCompanion dave = online(DAVE);
        Node created = ok(alice, GroupStanzas.create(NewGroup.group("Team", List.of(user(BOB), user(CAROL),
                Jid.user("15559999999"))).withCreateKey("3EB0KEY").withDescription("D1", "rules")));
        GroupInfo info = GroupAnswers.info(created);
        assertThat(info.subject()).isEqualTo("Team");
        assertThat(info.owner()).contains(user(ALICE));
        assertThat(info.participants()).extracting(p -> p.phoneNumber().orElseThrow().user())
                .as("unknown numbers are left out").containsExactly(ALICE, BOB, CAROL);
        assertThat(info.participant(user(ALICE)).orElseThrow().role()).isEqualTo(ParticipantRole.SUPERADMIN);
        assertThat(info.description().orElseThrow().text()).isEqualTo("rules");
        assertThat(info.memberAddMode()).contains(MemberAddMode.ALL_MEMBERS);

        GroupNotification.Created notified = notification(bob, GroupNotification.Created.class);
        assertThat(notified.info().jid()).isEqualTo(info.jid());
        assertThat(notified.createKey()).contains("3EB0KEY");
        assertThat(notified.context().authorPn()).contains(user(ALICE));

        assertThat(GroupAnswers.info(ok(bob, GroupStanzas.info(info.jid()))).participants()).hasSize(3);
        assertThat(GroupAnswers.joinedGroups(ok(bob, GroupStanzas.joinedGroups()))).extracting(GroupInfo::jid)
                .containsExactly(info.jid());
        assertThat(GroupAnswers.joinedGroups(ok(dave, GroupStanzas.joinedGroups()))).isEmpty();
        assertError(dave, GroupStanzas.info(info.jid()), 403);
        assertError(dave, GroupStanzas.info(Jid.parse("120363000000000001@g.us")), 404);
        assertError(alice, GroupStanzas.create(new NewGroup("x".repeat(101), List.of(), Optional.empty(),
                MemberAddMode.ADMINS, false, false, 0, false, false, Optional.empty(), Optional.empty())), 406);
        assertError(alice, GroupStanzas.create(NewGroup.group("Timer", List.of()).withEphemeral(1234)), 400);

        JsonNode view = control("GET", "/groups/" + info.jid(), null);
        assertThat(view.path("subject").asText()).isEqualTo("Team");
        assertThat(view.path("addressing_mode").asText()).as("new groups are LID-addressed").isEqualTo("lid");
        assertThat(view.path("participants").findValuesAsText("role")).containsExactly("superadmin", "member", "member");
        assertThat(view.path("participants").get(1).path("phone").asText()).isEqualTo(BOB);
        assertThat(view.path("participants").get(1).path("lid").asText()).endsWith("@lid");
        assertThat(view.path("invite_code").asText()).isNotEmpty();
    }

    @Test
    void aPhoneCreatesAGroupThroughTheControlApi() throws Exception {
        RawCompanion bob = online(BOB);
        JsonNode group = control("POST", "/groups",
                "{\"creator\":\"" + ALICE + "\",\"subject\":\"From the phone\",\"participants\":[\"" + BOB + "\"]}");
        Jid jid = Jid.parse(group.path("jid").asText());
        assertThat(group.path("participants").findValuesAsText("phone")).containsExactly(ALICE, BOB);
        assertThat(notification(bob, GroupNotification.Created.class).info().jid()).isEqualTo(jid);
        assertThat(GroupAnswers.info(ok(bob, GroupStanzas.info(jid))).subject()).isEqualTo("From the phone");
        assertThat(group.path("addressing_mode").asText()).as("LID-addressed unless asked").isEqualTo("lid");
        assertThat(control("POST", "/groups", "{\"creator\":\"" + ALICE + "\",\"subject\":\"x\","
                + "\"addressing_mode\":\"pn\"}").path("addressing_mode").asText()).isEqualTo("pn");
        assertThat(controlStatus("POST", "/groups", "{\"creator\":\"" + ALICE + "\",\"subject\":\"x\","
                + "\"addressing_mode\":\"both\"}")).isEqualTo(400);
        assertThat(controlStatus("POST", "/groups", "{\"creator\":\"" + ALICE + "\",\"subject\":\" \"}")).isEqualTo(400);
        assertThat(controlStatus("POST", "/groups", "{\"creator\":\"15550000000\",\"subject\":\"x\"}")).isEqualTo(404);
        assertThat(controlStatus("POST", "/groups", "[1]")).isEqualTo(400);
        assertThat(controlStatus("GET", "/groups/120363000000000001@g.us", null)).isEqualTo(404);
        assertThat(controlStatus("GET", "/groups/" + BOB + "@s.whatsapp.net", null)).isEqualTo(400);
    }

    @Test
    void settingsAreAdminOnlyAndEachIsApplied() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        Jid group = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Team", List.of(user(BOB))))))
                .jid();
        notification(bob, GroupNotification.Created.class);

        for (Node refused : List.of(GroupStanzas.setAnnounce(group, true), GroupStanzas.setLocked(group, true),
                GroupStanzas.setMemberAddMode(group, MemberAddMode.ADMINS), GroupStanzas.setJoinApproval(group, true),
                GroupStanzas.inviteCode(group, false), GroupStanzas.inviteCode(group, true),
                GroupStanzas.joinRequests(group))) {
            assertError(bob, refused, 401);
        }
        // Unlocked, any member edits the info; WhatsApp's default.
        ok(bob, GroupStanzas.setSubject(group, "Bob's name"));
        assertThat(notification(alice, GroupNotification.SubjectChanged.class).subject()).isEqualTo("Bob's name");

        ok(alice, GroupStanzas.setAnnounce(group, true));
        assertThat(notification(bob, GroupNotification.AnnounceChanged.class).announce()).isTrue();
        ok(alice, GroupStanzas.setLocked(group, true));
        assertThat(notification(bob, GroupNotification.LockedChanged.class).locked()).isTrue();
        ok(alice, GroupStanzas.setMemberAddMode(group, MemberAddMode.ADMINS));
        assertThat(notification(bob, GroupNotification.MemberAddModeChanged.class).mode()).isEqualTo(MemberAddMode.ADMINS);
        ok(alice, GroupStanzas.setJoinApproval(group, true));
        assertThat(notification(bob, GroupNotification.JoinApprovalChanged.class).required()).isTrue();
        ok(alice, GroupStanzas.setEphemeral(group, 604_800));
        assertThat(notification(bob, GroupNotification.EphemeralChanged.class).seconds()).isEqualTo(604_800);
        assertError(alice, GroupStanzas.setEphemeral(group, 3600), 400);
        assertError(bob, GroupStanzas.setSubject(group, "locked now"), 401);

        GroupInfo info = GroupAnswers.info(ok(bob, GroupStanzas.info(group)));
        assertThat(info.announce()).isTrue();
        assertThat(info.locked()).isTrue();
        assertThat(info.memberAddMode()).contains(MemberAddMode.ADMINS);
        assertThat(info.joinApprovalRequired()).isTrue();
        assertThat(info.ephemeralSeconds()).isEqualTo(604_800);
        JsonNode view = control("GET", "/groups/" + group, null);
        assertThat(view.path("announce").asBoolean()).isTrue();
        assertThat(view.path("locked").asBoolean()).isTrue();
        assertThat(view.path("member_add_mode").asText()).isEqualTo("admin_only");
        assertThat(view.path("join_approval").asBoolean()).isTrue();

        ok(alice, GroupStanzas.setAnnounce(group, false));
        assertThat(notification(bob, GroupNotification.AnnounceChanged.class).announce()).isFalse();
        assertThat(control("GET", "/groups/" + group, null).path("announce").asBoolean()).isFalse();
    }

    @Test
    void descriptionsFollowTopicIds() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        Jid group = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Team", List.of(user(BOB))))))
                .jid();
        ok(alice, GroupStanzas.setDescription(group, "D1", null, "first"));
        GroupNotification.DescriptionChanged first = notification(bob, GroupNotification.DescriptionChanged.class);
        assertThat(first.id()).isEqualTo("D1");
        assertThat(first.text()).isEqualTo("first");
        ok(bob, GroupStanzas.setDescription(group, "D2", "D1", "second"));
        assertError(alice, GroupStanzas.setDescription(group, "D3", "D1", "stale"), 409);
        GroupInfo info = GroupAnswers.info(ok(alice, GroupStanzas.info(group)));
        assertThat(info.description().orElseThrow().id()).isEqualTo("D2");
        assertThat(info.description().orElseThrow().setBy()).contains(user(BOB));
        ok(alice, GroupStanzas.setDescription(group, "D4", "D2", ""));
        assertThat(GroupAnswers.info(ok(alice, GroupStanzas.info(group))).description()).isEmpty();
        GroupNotification.DescriptionChanged deleted = lastNotification(bob, GroupNotification.DescriptionChanged.class,
                d -> d.id().equals("D4"));
        assertThat(deleted.deleted()).isTrue();
    }

    @Test
    void participantChangesAnswerPerParticipantAndRemovedMembersCannotSend() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        RawCompanion carol = online(CAROL);
        Jid group = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Team", List.of(user(BOB)))
                .withMemberAddMode(MemberAddMode.ADMINS)))).jid();

        List<ParticipantResult> added = GroupAnswers.participants(ok(alice, GroupStanzas.participants(group,
                ParticipantAction.ADD, List.of(user(CAROL), user(BOB), Jid.user("15559999999")))), ParticipantAction.ADD);
        assertThat(added).extracting(ParticipantResult::error).containsExactly(0, 409, 404);
        GroupNotification.MembersChanged joined = notification(carol, GroupNotification.MembersChanged.class);
        assertThat(joined.change()).isEqualTo(GroupNotification.MemberChange.ADDED);
        assertThat(joined.participants()).extracting(p -> p.phoneNumber().orElseThrow()).containsExactly(user(CAROL));

        assertError(bob, GroupStanzas.participants(group, ParticipantAction.ADD, List.of(user(DAVE))), 401);
        assertError(bob, GroupStanzas.participants(group, ParticipantAction.REMOVE, List.of(user(CAROL))), 401);
        assertThat(GroupAnswers.participants(ok(alice, GroupStanzas.participants(group, ParticipantAction.REMOVE,
                List.of(user(DAVE)))), ParticipantAction.REMOVE)).extracting(ParticipantResult::error).containsExactly(404);
        assertThat(GroupAnswers.participants(ok(alice, GroupStanzas.participants(group, ParticipantAction.PROMOTE,
                List.of(user(BOB), user(DAVE)))), ParticipantAction.PROMOTE)).extracting(ParticipantResult::error)
                .containsExactly(0, 404);
        assertThat(GroupAnswers.info(ok(carol, GroupStanzas.info(group))).participant(user(BOB)).orElseThrow().role())
                .isEqualTo(ParticipantRole.ADMIN);
        assertThat(GroupAnswers.participants(ok(bob, GroupStanzas.participants(group, ParticipantAction.DEMOTE,
                List.of(user(ALICE)))), ParticipantAction.DEMOTE)).as("the creator stays superadmin")
                .extracting(ParticipantResult::error).containsExactly(403);

        ok(bob, GroupStanzas.participants(group, ParticipantAction.REMOVE, List.of(user(CAROL))));
        GroupNotification.MembersChanged removed = lastNotification(carol, GroupNotification.MembersChanged.class,
                m -> m.change() == GroupNotification.MemberChange.REMOVED);
        assertThat(removed.context().authorPn()).contains(user(BOB));
        assertError(carol, GroupStanzas.info(group), 403);
        carol.send(Node.builder("message").attribute("to", group).attribute("id", "3EB0GONE").attribute("type", "text")
                .children(Node.builder("enc").attribute("v", "2").attribute("type", "skmsg").bytes(new byte[]{1}).build())
                .build());
        assertThat(take(carol, node -> node.tag().equals("ack")).attribute("error")).contains("403");

        ok(alice, GroupStanzas.setMemberAddMode(group, MemberAddMode.ALL_MEMBERS));
        RawCompanion dave = online(DAVE);
        ok(carolLess(bob), GroupStanzas.participants(group, ParticipantAction.ADD, List.of(user(DAVE))));
        assertThat(notification(dave, GroupNotification.MembersChanged.class).change())
                .isEqualTo(GroupNotification.MemberChange.ADDED);

        ok(dave, GroupStanzas.leave(List.of(group)));
        GroupNotification.MembersChanged left = lastNotification(alice, GroupNotification.MembersChanged.class,
                m -> m.participants().stream().anyMatch(p -> p.phoneNumber().equals(Optional.of(user(DAVE))))
                        && m.change() == GroupNotification.MemberChange.LEFT);
        assertThat(left.context().authorPn()).contains(user(DAVE));
        assertThat(control("GET", "/groups/" + group, null).path("participants").findValuesAsText("phone"))
                .containsExactly(ALICE, BOB);
    }

    @Test
    void privacyTurnsAnAddIntoADirectInvite() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion dave = online(DAVE);
        world.sandbox().groups().groupAddPrivacy(DAVE, "contacts");
        Jid group = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Team", List.of())))).jid();
        ParticipantResult refused = GroupAnswers.participants(ok(alice, GroupStanzas.participants(group,
                ParticipantAction.ADD, List.of(user(DAVE)))), ParticipantAction.ADD).get(0);
        assertThat(refused.error()).isEqualTo(403);
        String code = refused.addRequest().orElseThrow().code();
        long expiration = refused.addRequest().orElseThrow().expiration().getEpochSecond();
        assertThat(control("GET", "/groups/" + group, null).path("participants").size()).isEqualTo(1);

        assertThat(GroupAnswers.info(ok(dave, GroupStanzas.previewDirectInvite(group, code, expiration, user(ALICE))))
                .subject()).isEqualTo("Team");
        assertError(dave, GroupStanzas.acceptDirectInvite(group, code + "x", expiration, user(ALICE)), 406);
        assertError(dave, GroupStanzas.acceptDirectInvite(group, code, expiration, user(BOB)), 406);
        ok(dave, GroupStanzas.acceptDirectInvite(group, code, expiration, user(ALICE)));
        assertThat(GroupAnswers.info(ok(dave, GroupStanzas.info(group))).participant(user(DAVE))).isPresent();
        assertError(online(BOB), GroupStanzas.acceptDirectInvite(group, code, expiration, user(ALICE)), 406);
    }

    @Test
    void inviteLinksAndJoinApproval() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        RawCompanion carol = online(CAROL);
        Jid group = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Open", List.of())))).jid();
        String code = GroupAnswers.inviteCode(ok(alice, GroupStanzas.inviteCode(group, false)));
        assertThat(GroupAnswers.info(ok(bob, GroupStanzas.previewInvite(GroupStanzas.INVITE_LINK_PREFIX + code))).jid())
                .isEqualTo(group);
        assertThat(GroupAnswers.joined(ok(bob, GroupStanzas.joinByInvite(code)))).isEqualTo(new JoinResult(group, false));
        GroupNotification.MembersChanged joined = notification(alice, GroupNotification.MembersChanged.class);
        assertThat(joined.reason()).contains("invite");

        String reset = GroupAnswers.inviteCode(ok(alice, GroupStanzas.inviteCode(group, true)));
        assertThat(reset).isNotEqualTo(code);
        assertThat(notification(bob, GroupNotification.InviteReset.class).code()).isEqualTo(reset);
        assertError(carol, GroupStanzas.joinByInvite(code), 410);
        assertError(carol, GroupStanzas.previewInvite(code), 410);
        assertError(carol, GroupStanzas.joinByInvite("NoSuchCode123"), 406);

        ok(alice, GroupStanzas.setJoinApproval(group, true));
        assertThat(GroupAnswers.joined(ok(carol, GroupStanzas.joinByInvite(reset)))).isEqualTo(new JoinResult(group, true));
        GroupNotification.JoinRequested requested = lastNotification(alice, GroupNotification.JoinRequested.class,
                r -> true);
        assertThat(requested.requesters()).extracting(p -> p.phoneNumber().orElseThrow()).containsExactly(user(CAROL));
        assertThat(requested.requestMethod()).contains("invite_link");
        assertError(carol, GroupStanzas.info(group), 403);
        assertThat(control("GET", "/groups/" + group, null).path("pending").get(0).asText()).isEqualTo(user(CAROL).toString());
        RawCompanion dave = online(DAVE);
        ok(dave, GroupStanzas.joinByInvite(reset));

        assertThat(GroupAnswers.joinRequests(ok(alice, GroupStanzas.joinRequests(group)))).extracting(r -> r.jid())
                .containsExactly(user(CAROL), user(DAVE));
        assertThat(GroupAnswers.reviewedJoinRequests(ok(alice, GroupStanzas.reviewJoinRequests(group,
                JoinRequestAction.APPROVE, List.of(user(CAROL), user(BOB)))), JoinRequestAction.APPROVE))
                .extracting(ParticipantResult::error).containsExactly(0, 404);
        assertThat(lastNotification(carol, GroupNotification.MembersChanged.class, m -> true).participants())
                .extracting(p -> p.phoneNumber().orElseThrow()).containsExactly(user(CAROL));
        ok(alice, GroupStanzas.reviewJoinRequests(group, JoinRequestAction.REJECT, List.of(user(DAVE))));
        assertThat(lastNotification(alice, GroupNotification.JoinRequestsRevoked.class, r -> true).requesters())
                .extracting(p -> p.phoneNumber().orElseThrow()).containsExactly(user(DAVE));
        JsonNode view = control("GET", "/groups/" + group, null);
        assertThat(view.path("pending").size()).isZero();
        assertThat(view.path("participants").findValuesAsText("phone")).containsExactly(ALICE, BOB, CAROL);
    }

    @Test
    void communitiesLinkGroupsAndListTheirParticipants() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        GroupInfo community = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.community("Neighbours"))));
        assertThat(community.community()).isTrue();
        List<SubGroup> initial = GroupAnswers.subGroups(ok(alice, GroupStanzas.subGroups(community.jid())));
        assertThat(initial).singleElement().satisfies(sub -> assertThat(sub.defaultSubGroup()).isTrue());
        GroupInfo announcements = GroupAnswers.info(ok(alice, GroupStanzas.info(initial.get(0).jid())));
        assertThat(announcements.announce()).isTrue();
        assertThat(announcements.linkedParent()).contains(community.jid());

        Jid street = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Street", List.of(user(BOB))))))
                .jid();
        assertError(bob, GroupStanzas.linkSubGroup(community.jid(), street), 403);
        ok(alice, GroupStanzas.linkSubGroup(community.jid(), street));
        GroupNotification.SubGroupLinkChanged link = lastNotification(bob, GroupNotification.SubGroupLinkChanged.class,
                l -> true);
        assertThat(link.linked()).isTrue();
        assertThat(link.group().jid()).isEqualTo(street);
        assertThat(GroupAnswers.subGroups(ok(bob, GroupStanzas.subGroups(community.jid())))).extracting(SubGroup::jid)
                .containsExactly(initial.get(0).jid(), street);
        assertThat(GroupAnswers.linkedParticipants(ok(bob, GroupStanzas.linkedParticipants(community.jid()))))
                .extracting(p -> p.phoneNumber().orElseThrow()).containsExactlyInAnyOrder(user(ALICE), user(BOB));
        assertThat(GroupAnswers.info(ok(alice, GroupStanzas.info(street))).linkedParent()).contains(community.jid());
        assertError(bob, GroupStanzas.unlinkSubGroup(community.jid(), street), 401);
        assertError(alice, GroupStanzas.linkSubGroup(community.jid(), street), 409);
        assertError(alice, GroupStanzas.unlinkSubGroup(community.jid(), initial.get(0).jid()), 400);

        Jid inside = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Park", List.of())
                .inCommunity(community.jid())))).jid();
        assertThat(GroupAnswers.subGroups(ok(alice, GroupStanzas.subGroups(community.jid())))).extracting(SubGroup::jid)
                .contains(inside);

        ok(alice, GroupStanzas.unlinkSubGroup(community.jid(), street));
        assertThat(lastNotification(bob, GroupNotification.SubGroupLinkChanged.class, l -> !l.linked()).group().jid())
                .isEqualTo(street);
        assertThat(control("GET", "/groups/" + street, null).path("parent").isNull()).isTrue();
        assertThat(control("GET", "/groups/" + community.jid(), null).path("is_community").asBoolean()).isTrue();
    }

    @Test
    void groupPhotosAreJpegsSetByThoseWhoMayEditTheInfo() throws Exception {
        RawCompanion alice = online(ALICE);
        RawCompanion bob = online(BOB);
        RawCompanion dave = online(DAVE);
        Jid group = GroupAnswers.info(ok(alice, GroupStanzas.create(NewGroup.group("Team", List.of(user(BOB))))))
                .jid();
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0,
                (byte) 0xff, (byte) 0xd9};
        String id = GroupAnswers.pictureId(ok(alice, GroupStanzas.setPhoto(group, jpeg)));
        assertThat(control("GET", "/groups/" + group, null).path("picture_id").asText()).isEqualTo(id);
        Node png = GroupStanzas.setPhoto(group, jpeg).toBuilder().children(Node.builder("picture")
                .attribute("type", "image").bytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10}).build()).build();
        assertError(alice, png, 406);
        assertError(dave, GroupStanzas.setPhoto(group, jpeg), 403);
        ok(alice, GroupStanzas.setLocked(group, true));
        assertError(bob, GroupStanzas.setPhoto(group, jpeg), 401);
        ok(alice, GroupStanzas.removePhoto(group));
        assertThat(control("GET", "/groups/" + group, null).path("picture_id").isNull()).isTrue();
    }

    // ---- helpers

    private RawCompanion online(String phone) throws Exception {
        TestDevice device = world.device();
        device.pairWith(phone);
        RawCompanion companion = device.login();
        open.add(companion);
        return companion;
    }

    /** Bob's companion, named for readability where Carol has just been removed. */
    private static RawCompanion carolLess(RawCompanion bob) {
        return bob;
    }

    private static Jid user(String phone) {
        return Jid.user(phone);
    }

    private Node query(RawCompanion companion, Node iq) throws Exception {
        String id = "t" + ++nextId;
        companion.send(iq.toBuilder().attribute("id", id).build());
        return take(companion, node -> node.tag().equals("iq") && node.attribute("id").filter(id::equals).isPresent());
    }

    /**
     * The first node {@code wanted} accepts, earlier ones kept for later: a notification sent just before an IQ's
     * answer must not be lost by waiting for the answer.
     */
    private Node take(RawCompanion companion, java.util.function.Predicate<Node> wanted) throws Exception {
        java.util.Deque<Node> stash = stashes.computeIfAbsent(companion, c -> new java.util.ArrayDeque<>());
        for (java.util.Iterator<Node> it = stash.iterator(); it.hasNext(); ) {
            Node node = it.next();
            if (wanted.test(node)) {
                it.remove();
                return node;
            }
        }
        for (int i = 0; i < 100; i++) {
            Node node = companion.next();
            if (wanted.test(node)) {
                return node;
            }
            stash.add(node);
        }
        throw new AssertionError("not among the next 100 nodes");
    }

    private Node ok(RawCompanion companion, Node iq) throws Exception {
        Node answer = query(companion, iq);
        assertThat(answer.attribute("type")).as("%s answered %s", iq, answer).contains("result");
        return answer;
    }

    private void assertError(RawCompanion companion, Node iq, int code) throws Exception {
        Node answer = query(companion, iq);
        assertThat(answer.attribute("type")).as("%s answered %s", iq, answer).contains("error");
        assertThat(answer.child("error").flatMap(e -> e.attribute("code"))).as("%s", iq).contains(String.valueOf(code));
    }

    /** The next group notification of {@code type} on this connection, skipping other notifications. */
    private <T extends GroupNotification> T notification(RawCompanion companion, Class<T> type) throws Exception {
        return lastNotification(companion, type, change -> true);
    }

    private <T extends GroupNotification> T lastNotification(RawCompanion companion, Class<T> type,
                                                                     java.util.function.Predicate<T> wanted)
            throws Exception {
        for (int i = 0; i < 30; i++) {
            Node node = take(companion, GroupNotifications::isGroupNotification);
            for (GroupNotification change : GroupNotifications.parse(node)) {
                if (type.isInstance(change) && wanted.test(type.cast(change))) {
                    return type.cast(change);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }

    private JsonNode control(String method, String path, String body) throws Exception {
        HttpResponse<String> response = controlCall(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return new ObjectMapper().readTree(response.body());
    }

    private int controlStatus(String method, String path, String body) throws Exception {
        return controlCall(method, path, body).statusCode();
    }

    private HttpResponse<String> controlCall(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.sandbox().controlUrl() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return world.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
