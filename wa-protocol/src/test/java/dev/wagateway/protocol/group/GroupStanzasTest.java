package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every group IQ against the shapes whatsmeow ({@code group.go}) and Baileys ({@code groups.ts},
 * {@code communities.ts}) send, and every answer parser on realistic and malformed answers.
 */
class GroupStanzasTest {

    private static final Jid GROUP = Jid.parse("120363041234567890@g.us");
    private static final Jid COMMUNITY = Jid.parse("120363049999999999@g.us");
    private static final Jid ALICE = Jid.parse("15550001111@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid BOB_LID = Jid.parse("123456789012345@lid");

    @Test
    void everyGroupIqIsAW2IqToTheGroupOrTheGroupsService() {
        for (Node iq : List.of(GroupStanzas.info(GROUP), GroupStanzas.setSubject(GROUP, "x"),
                GroupStanzas.setAnnounce(GROUP, true), GroupStanzas.participants(GROUP, ParticipantAction.ADD, List.of(BOB)),
                GroupStanzas.inviteCode(GROUP, false), GroupStanzas.subGroups(COMMUNITY))) {
            assertThat(iq.tag()).isEqualTo("iq");
            assertThat(iq.attribute("xmlns")).contains("w:g2");
            assertThat(iq.attribute("to").orElseThrow()).endsWith("@g.us");
            assertThat(iq.attribute("id")).as("the sender assigns ids").isEmpty();
            assertThat(iq.children()).hasSize(1);
        }
        for (Node iq : List.of(GroupStanzas.joinedGroups(), GroupStanzas.leave(List.of(GROUP)),
                GroupStanzas.joinByInvite("abc"), GroupStanzas.previewInvite("abc"),
                GroupStanzas.create(NewGroup.group("Team", List.of(BOB))))) {
            assertThat(iq.attribute("to")).contains("@g.us");
        }
    }

    @Test
    void theGroupsServiceIsEncodedAsAJidPairWithAnEmptyUser() throws MalformedNodeException {
        byte[] encoded = NodeEncoder.encode(GroupStanzas.joinedGroups());
        // protocol §11: FA 00 <g.us token>: JID_PAIR, LIST_EMPTY as the user, the server token.
        assertThat(HexFormat.of().formatHex(encoded)).contains("fa00");
        assertThat(NodeDecoder.decode(encoded).attribute("to")).contains("@g.us");
    }

    @Test
    void createCarriesParticipantsAndWhatsmeowsOptions() {
        Node iq = GroupStanzas.create(NewGroup.group("Team", List.of(BOB, ALICE, BOB)).withCreateKey("3EB0KEY")
                .withDescription("3EB0DESC", "hello").withAnnounce(true).withLocked(true).withEphemeral(86400)
                .withJoinApproval(true).withMemberAddMode(MemberAddMode.ADMINS));
        assertThat(iq.attribute("type")).contains("set");
        Node create = iq.child("create").orElseThrow();
        assertThat(create.attributes()).containsExactly(Map.entry("subject", "Team"), Map.entry("key", "3EB0KEY"));
        assertThat(create.children("participant")).extracting(p -> p.attribute("jid", ""))
                .containsExactly(BOB.toString(), ALICE.toString());
        Node description = create.child("description").orElseThrow();
        assertThat(description.attribute("id")).contains("3EB0DESC");
        assertThat(description.child("body").flatMap(Node::text)).contains("hello");
        assertThat(create.child("member_add_mode").flatMap(Node::text)).contains("admin_add");
        assertThat(create.child("locked")).isPresent();
        assertThat(create.child("announcement")).isPresent();
        assertThat(create.child("ephemeral").orElseThrow().attributes())
                .containsExactly(Map.entry("expiration", "86400"), Map.entry("trigger", "1"));
        assertThat(create.child("membership_approval_mode").flatMap(m -> m.child("group_join"))
                .flatMap(j -> j.attribute("state"))).contains("on");
        assertThat(create.child("parent")).isEmpty();
        assertThat(create.child("linked_parent")).isEmpty();
    }

    @Test
    void aPlainCreateSendsTheDefaultsWhatsmeowSends() {
        Node create = GroupStanzas.create(NewGroup.group("Team", List.of(BOB))).child("create").orElseThrow();
        assertThat(create.attribute("key")).isEmpty();
        assertThat(create.child("member_add_mode").flatMap(Node::text)).contains("all_member_add");
        assertThat(create.child("ephemeral").orElseThrow().attributes()).containsExactly(Map.entry("expiration", "0"));
        assertThat(create.child("membership_approval_mode").flatMap(m -> m.child("group_join"))
                .flatMap(j -> j.attribute("state"))).contains("off");
        assertThat(create.child("locked")).isEmpty();
        assertThat(create.child("announcement")).isEmpty();
    }

    @Test
    void communitiesAreCreatedWithAParentAndGroupsInsideThemWithALinkedParent() {
        Node community = GroupStanzas.create(NewGroup.community("Neighbours")).child("create").orElseThrow();
        assertThat(community.child("parent").flatMap(p -> p.attribute("default_membership_approval_mode")))
                .contains("request_required");
        assertThat(community.children("participant")).isEmpty();
        Node inside = GroupStanzas.create(NewGroup.group("Street", List.of(BOB)).inCommunity(COMMUNITY))
                .child("create").orElseThrow();
        assertThat(inside.child("linked_parent").flatMap(p -> p.attribute("jid"))).contains(COMMUNITY.toString());
        assertThatThrownBy(() -> NewGroup.community("x").inCommunity(Jid.user("1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupStanzas.create(NewGroup.group(" ", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void infoListLeaveAndSubject() {
        Node info = GroupStanzas.info(GROUP);
        assertThat(info.attribute("type")).contains("get");
        assertThat(info.attribute("to")).contains(GROUP.toString());
        assertThat(info.child("query").orElseThrow().attributes()).containsExactly(Map.entry("request", "interactive"));

        Node list = GroupStanzas.joinedGroups();
        assertThat(list.attribute("type")).contains("get");
        Node participating = list.child("participating").orElseThrow();
        assertThat(participating.children()).extracting(Node::tag).containsExactly("participants", "description");

        Node leave = GroupStanzas.leave(List.of(GROUP, COMMUNITY, GROUP));
        assertThat(leave.attribute("type")).contains("set");
        assertThat(leave.child("leave").orElseThrow().children("group")).extracting(g -> g.attribute("id", ""))
                .containsExactly(GROUP.toString(), COMMUNITY.toString());
        assertThat(GroupStanzas.leaveCommunity(COMMUNITY).child("leave").flatMap(l -> l.child("community"))
                .flatMap(c -> c.attribute("id"))).contains(COMMUNITY.toString());

        Node subject = GroupStanzas.setSubject(GROUP, "Équipe");
        assertThat(subject.attribute("type")).contains("set");
        assertThat(subject.child("subject").orElseThrow().bytes().orElseThrow())
                .isEqualTo("Équipe".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> GroupStanzas.setSubject(GROUP, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptionsCarryTopicIdsAndDeletionHasNoBody() {
        Node set = GroupStanzas.setDescription(GROUP, "NEW1", "OLD1", "rules").child("description").orElseThrow();
        assertThat(set.attributes()).containsExactly(Map.entry("id", "NEW1"), Map.entry("prev", "OLD1"));
        assertThat(set.child("body").flatMap(Node::text)).contains("rules");

        Node first = GroupStanzas.setDescription(GROUP, "NEW1", null, "rules").child("description").orElseThrow();
        assertThat(first.attributes()).containsExactly(Map.entry("id", "NEW1"));

        Node delete = GroupStanzas.setDescription(GROUP, "NEW2", "NEW1", "").child("description").orElseThrow();
        assertThat(delete.attributes()).containsExactly(Map.entry("id", "NEW2"), Map.entry("prev", "NEW1"),
                Map.entry("delete", "true"));
        assertThat(delete.children()).isEmpty();
        assertThat(delete.bytes()).isEmpty();
    }

    @Test
    void photosAreJpegsSentToTheServerWithTheGroupAsTarget() {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', (byte) 0xff,
                (byte) 0xd9};
        Node set = GroupStanzas.setPhoto(GROUP, jpeg);
        assertThat(set.attributes()).containsExactly(Map.entry("to", Jid.SERVER.toString()), Map.entry("type", "set"),
                Map.entry("xmlns", "w:profile:picture"), Map.entry("target", GROUP.toString()));
        Node picture = set.child("picture").orElseThrow();
        assertThat(picture.attribute("type")).contains("image");
        assertThat(picture.bytes().orElseThrow()).isEqualTo(jpeg);
        assertThatThrownBy(() -> GroupStanzas.setPhoto(GROUP, "\u0089PNG\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupStanzas.setPhoto(GROUP, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(GroupStanzas.removePhoto(GROUP).children()).isEmpty();
        assertThat(GroupStanzas.removePhoto(GROUP).attribute("target")).contains(GROUP.toString());
    }

    @Test
    void inviteLinksAndDirectInvites() {
        assertThat(GroupStanzas.inviteCode(GROUP, false).attribute("type")).contains("get");
        assertThat(GroupStanzas.inviteCode(GROUP, true).attribute("type")).contains("set");
        assertThat(GroupStanzas.inviteCode(GROUP, true).child("invite").orElseThrow().attributes()).isEmpty();

        Node preview = GroupStanzas.previewInvite("https://chat.whatsapp.com/AbCdEf123");
        assertThat(preview.attribute("type")).contains("get");
        assertThat(preview.child("invite").flatMap(i -> i.attribute("code"))).contains("AbCdEf123");
        Node join = GroupStanzas.joinByInvite("AbCdEf123");
        assertThat(join.attribute("type")).contains("set");
        assertThat(join.child("invite").flatMap(i -> i.attribute("code"))).contains("AbCdEf123");
        assertThatThrownBy(() -> GroupStanzas.joinByInvite("https://chat.whatsapp.com/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupStanzas.joinByInvite("a b")).isInstanceOf(IllegalArgumentException.class);

        Node accept = GroupStanzas.acceptDirectInvite(GROUP, "CODE", 1_700_000_000L, ALICE);
        assertThat(accept.attribute("to")).contains(GROUP.toString());
        assertThat(accept.child("accept").orElseThrow().attributes()).containsExactly(Map.entry("code", "CODE"),
                Map.entry("expiration", "1700000000"), Map.entry("admin", ALICE.toString()));
        Node previewDirect = GroupStanzas.previewDirectInvite(GROUP, "CODE", 1_700_000_000L, ALICE);
        assertThat(previewDirect.attribute("type")).contains("get");
        assertThat(previewDirect.child("query").flatMap(q -> q.child("add_request")).orElseThrow().attributes())
                .containsExactly(Map.entry("code", "CODE"), Map.entry("expiration", "1700000000"),
                        Map.entry("admin", ALICE.toString()));
        assertThat(GroupStanzas.revokeDirectInvite(GROUP, BOB).child("revoke").flatMap(r -> r.child("participant"))
                .flatMap(p -> p.attribute("jid"))).contains(BOB.toString());
    }

    @Test
    void settings() {
        assertThat(GroupStanzas.setAnnounce(GROUP, true).children()).extracting(Node::tag).containsExactly("announcement");
        assertThat(GroupStanzas.setAnnounce(GROUP, false).children()).extracting(Node::tag)
                .containsExactly("not_announcement");
        assertThat(GroupStanzas.setLocked(GROUP, true).children()).extracting(Node::tag).containsExactly("locked");
        assertThat(GroupStanzas.setLocked(GROUP, false).children()).extracting(Node::tag).containsExactly("unlocked");
        assertThat(GroupStanzas.setMemberAddMode(GROUP, MemberAddMode.ALL_MEMBERS).child("member_add_mode")
                .flatMap(Node::text)).contains("all_member_add");
        assertThat(GroupStanzas.setMemberAddMode(GROUP, MemberAddMode.ADMINS).child("member_add_mode")
                .flatMap(Node::text)).contains("admin_add");
        for (boolean on : new boolean[]{true, false}) {
            Node mode = GroupStanzas.setJoinApproval(GROUP, on).child("membership_approval_mode").orElseThrow();
            assertThat(mode.children()).hasSize(1);
            assertThat(mode.child("group_join").orElseThrow().attributes())
                    .containsExactly(Map.entry("state", on ? "on" : "off"));
        }
        assertThat(GroupStanzas.setEphemeral(GROUP, 604800).child("ephemeral").flatMap(e -> e.attribute("expiration")))
                .contains("604800");
        assertThat(GroupStanzas.setEphemeral(GROUP, 0).children()).extracting(Node::tag).containsExactly("not_ephemeral");
        for (Node iq : List.of(GroupStanzas.setAnnounce(GROUP, true), GroupStanzas.setLocked(GROUP, true),
                GroupStanzas.setJoinApproval(GROUP, true), GroupStanzas.setEphemeral(GROUP, 0))) {
            assertThat(iq.attribute("type")).contains("set");
        }
    }

    @Test
    void participantChangesAndJoinRequests() {
        for (ParticipantAction action : ParticipantAction.values()) {
            Node iq = GroupStanzas.participants(GROUP, action, List.of(BOB, Jid.parse("15550002222:3@s.whatsapp.net")));
            Node change = iq.child(action.tag()).orElseThrow();
            assertThat(change.attributes()).isEmpty();
            assertThat(change.children("participant")).as("device suffixes dropped, duplicates merged")
                    .extracting(p -> p.attribute("jid", "")).containsExactly(BOB.toString());
        }
        assertThatThrownBy(() -> GroupStanzas.participants(GROUP, ParticipantAction.ADD, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupStanzas.participants(GROUP, ParticipantAction.ADD, List.of(COMMUNITY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupStanzas.participants(BOB, ParticipantAction.ADD, List.of(ALICE)))
                .isInstanceOf(IllegalArgumentException.class);

        Node list = GroupStanzas.joinRequests(GROUP);
        assertThat(list.attribute("type")).contains("get");
        assertThat(list.children()).extracting(Node::tag).containsExactly("membership_approval_requests");
        Node approve = GroupStanzas.reviewJoinRequests(GROUP, JoinRequestAction.APPROVE, List.of(BOB));
        assertThat(approve.child("membership_requests_action").flatMap(a -> a.child("approve"))
                .map(a -> a.children("participant")).orElseThrow()).extracting(p -> p.attribute("jid", ""))
                .containsExactly(BOB.toString());
        assertThat(GroupStanzas.reviewJoinRequests(GROUP, JoinRequestAction.REJECT, List.of(BOB))
                .child("membership_requests_action").flatMap(a -> a.child("reject"))).isPresent();
    }

    @Test
    void communities() {
        Node link = GroupStanzas.linkSubGroup(COMMUNITY, GROUP);
        assertThat(link.attribute("to")).contains(COMMUNITY.toString());
        Node linkEntry = link.child("links").flatMap(l -> l.child("link")).orElseThrow();
        assertThat(linkEntry.attribute("link_type")).contains("sub_group");
        assertThat(linkEntry.child("group").flatMap(g -> g.attribute("jid"))).contains(GROUP.toString());

        Node unlink = GroupStanzas.unlinkSubGroup(COMMUNITY, GROUP).child("unlink").orElseThrow();
        assertThat(unlink.attribute("unlink_type")).contains("sub_group");
        assertThat(unlink.child("group").flatMap(g -> g.attribute("jid"))).contains(GROUP.toString());

        assertThat(GroupStanzas.subGroups(COMMUNITY).attribute("type")).contains("get");
        assertThat(GroupStanzas.subGroups(COMMUNITY).children()).extracting(Node::tag).containsExactly("sub_groups");
        assertThat(GroupStanzas.linkedParticipants(COMMUNITY).children()).extracting(Node::tag)
                .containsExactly("linked_groups_participants");
    }

    // ---- answers

    @Test
    void aFullGroupInfoAnswerIsRead() throws MalformedNodeException {
        Node group = Node.builder("group").attribute("id", "120363041234567890").attribute("creator", ALICE)
                .attribute("creation", "1700000000").attribute("subject", "Team").attribute("s_t", "1700000100")
                .attribute("s_o", BOB).attribute("size", "3").attribute("addressing_mode", "lid")
                .attribute("p_v_id", "PV1")
                .children(Node.builder("participant").attribute("jid", BOB_LID).attribute("type", "superadmin")
                                .attribute("phone_number", BOB).build(),
                        Node.builder("participant").attribute("jid", "99887766554433@lid").attribute("type", "admin")
                                .build(),
                        Node.builder("participant").attribute("jid", ALICE).attribute("lid", "11112222333344@lid")
                                .attribute("display_name", "Al").build(),
                        Node.builder("description").attribute("id", "DESC1").attribute("participant", BOB)
                                .attribute("t", "1700000200").children(Node.builder("body").text("the rules").build())
                                .build(),
                        Node.of("announcement"), Node.of("locked"),
                        Node.builder("ephemeral").attribute("expiration", "86400").build(),
                        Node.builder("member_add_mode").text("admin_add").build(),
                        Node.builder("membership_approval_mode").children(Node.builder("group_join")
                                .attribute("state", "on").build()).build(),
                        Node.builder("linked_parent").attribute("jid", COMMUNITY).build(),
                        Node.of("default_sub_group"), Node.of("incognito"))
                .build();
        GroupInfo info = GroupAnswers.info(result(group));
        assertThat(info.jid()).isEqualTo(GROUP);
        assertThat(info.owner()).contains(ALICE);
        assertThat(info.subject()).isEqualTo("Team");
        assertThat(info.subjectSetAt()).contains(Instant.ofEpochSecond(1_700_000_100L));
        assertThat(info.subjectSetBy()).contains(BOB);
        assertThat(info.created()).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.addressingMode()).isEqualTo(AddressingMode.LID);
        assertThat(info.participantVersionId()).contains("PV1");
        assertThat(info.description()).contains(new GroupDescription("the rules", "DESC1", Optional.of(BOB),
                Optional.empty(), Optional.of(Instant.ofEpochSecond(1_700_000_200L))));
        assertThat(info.announce()).isTrue();
        assertThat(info.locked()).isTrue();
        assertThat(info.ephemeralSeconds()).isEqualTo(86400);
        assertThat(info.memberAddMode()).contains(MemberAddMode.ADMINS);
        assertThat(info.joinApprovalRequired()).isTrue();
        assertThat(info.linkedParent()).contains(COMMUNITY);
        assertThat(info.defaultSubGroup()).isTrue();
        assertThat(info.incognito()).isTrue();
        assertThat(info.community()).isFalse();
        assertThat(info.participants()).hasSize(3);
        GroupParticipant bob = info.participants().get(0);
        assertThat(bob.jid()).isEqualTo(BOB_LID);
        assertThat(bob.lid()).contains(BOB_LID);
        assertThat(bob.phoneNumber()).contains(BOB);
        assertThat(bob.role()).isEqualTo(ParticipantRole.SUPERADMIN);
        assertThat(info.participants().get(1).role()).isEqualTo(ParticipantRole.ADMIN);
        assertThat(info.participants().get(1).phoneNumber()).isEmpty();
        GroupParticipant alice = info.participants().get(2);
        assertThat(alice.phoneNumber()).contains(ALICE);
        assertThat(alice.lid()).contains(Jid.parse("11112222333344@lid"));
        assertThat(alice.role()).isEqualTo(ParticipantRole.MEMBER);
        assertThat(alice.displayName()).contains("Al");
        assertThat(info.participant(BOB)).contains(bob);
    }

    @Test
    void aMinimalGroupNodeTakesTheDefaultsTheReferencesTake() throws MalformedNodeException {
        GroupInfo info = GroupAnswers.info(result(Node.builder("group").attribute("id", GROUP.toString())
                .children(Node.builder("participant").attribute("jid", ALICE).build(),
                        Node.builder("parent").attribute("default_membership_approval_mode", "request_required")
                                .build(),
                        Node.builder("membership_approval_mode").children(Node.builder("group_join")
                                .attribute("state", "off").build()).build()).build()));
        assertThat(info.jid()).as("a full JID as id is accepted").isEqualTo(GROUP);
        assertThat(info.subject()).isEmpty();
        assertThat(info.addressingMode()).isEqualTo(AddressingMode.PN);
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.community()).isTrue();
        assertThat(info.defaultMembershipApprovalMode()).contains("request_required");
        assertThat(info.joinApprovalRequired()).isFalse();
        assertThat(info.memberAddMode()).isEmpty();
        assertThat(info.description()).isEmpty();
        assertThat(info.ephemeralSeconds()).isZero();
    }

    @Test
    void malformedGroupAnswersAreProtocolErrorsNeverNullPointers() {
        List<Node> broken = List.of(
                Node.of("iq"),
                result(Node.of("group")),
                result(Node.builder("group").attribute("id", "").build()),
                result(Node.builder("group").attribute("id", "15550001111@s.whatsapp.net").build()),
                result(Node.builder("group").attribute("id", "1@g.us").attribute("creation", "yesterday").build()),
                result(Node.builder("group").attribute("id", "1@g.us").attribute("s_t", "-5").build()),
                result(Node.builder("group").attribute("id", "1@g.us").attribute("s_t", "99999999999999999").build()),
                result(Node.builder("group").attribute("id", "1@g.us").attribute("creator", "not a jid").build()),
                result(Node.builder("group").attribute("id", "1@g.us").attribute("addressing_mode", "xyz").build()),
                result(Node.builder("group").attribute("id", "1@g.us").children(Node.of("participant")).build()),
                result(Node.builder("group").attribute("id", "1@g.us").children(Node.builder("participant")
                        .attribute("jid", GROUP).build()).build()),
                result(Node.builder("group").attribute("id", "1@g.us").children(Node.builder("description")
                        .children(Node.builder("body").text("x").build()).build()).build()),
                result(Node.builder("group").attribute("id", "1@g.us").children(Node.builder("member_add_mode")
                        .text("everyone").build()).build()),
                result(Node.builder("group").attribute("id", "1@g.us").children(Node.builder("ephemeral")
                        .attribute("expiration", "x").build()).build()),
                result(Node.builder("group").attribute("id", "1@g.us").children(Node.of("linked_parent")).build()));
        for (Node answer : broken) {
            assertThatThrownBy(() -> GroupAnswers.info(answer)).as("%s", answer)
                    .isInstanceOf(MalformedNodeException.class);
        }
    }

    @Test
    void tooManyParticipantsIsRefusedBeforeBuildingThem() {
        List<Node> many = new java.util.ArrayList<>();
        for (int i = 0; i <= GroupNodes.MAX_PARTICIPANTS; i++) {
            many.add(Node.builder("participant").attribute("jid", Jid.user(String.valueOf(1_000_000 + i))).build());
        }
        Node answer = result(Node.builder("group").attribute("id", "1").children(many).build());
        assertThatThrownBy(() -> GroupAnswers.info(answer)).isInstanceOf(MalformedNodeException.class)
                .hasMessageContaining("more than");
    }

    @Test
    void theJoinedGroupsListIsRead() throws MalformedNodeException {
        Node answer = result(Node.builder("groups").children(
                Node.builder("group").attribute("id", "1").attribute("subject", "One").build(),
                Node.builder("group").attribute("id", "2").attribute("subject", "Two").build()).build());
        assertThat(GroupAnswers.joinedGroups(answer)).extracting(GroupInfo::subject).containsExactly("One", "Two");
        assertThat(GroupAnswers.joinedGroups(result(Node.builder("groups").children(List.of()).build()))).isEmpty();
        assertThatThrownBy(() -> GroupAnswers.joinedGroups(result(Node.of("group"))))
                .isInstanceOf(MalformedNodeException.class);
    }

    @Test
    void participantResultsCarryPerParticipantErrorsAndAddRequests() throws MalformedNodeException {
        Node answer = result(Node.builder("add").children(
                Node.builder("participant").attribute("jid", ALICE).build(),
                Node.builder("participant").attribute("jid", BOB).attribute("error", "403")
                        .children(Node.builder("add_request").attribute("code", "INV123")
                                .attribute("expiration", "1700259200").build()).build(),
                Node.builder("participant").attribute("jid", "15550003333@s.whatsapp.net").attribute("error", "409")
                        .build(),
                Node.builder("participant").attribute("jid", BOB_LID).attribute("phone_number", BOB)
                        .attribute("error", "408").build()).build());
        List<ParticipantResult> results = GroupAnswers.participants(answer, ParticipantAction.ADD);
        assertThat(results).extracting(ParticipantResult::error).containsExactly(0, 403, 409, 408);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).addRequest()).contains(new AddRequest("INV123", Instant.ofEpochSecond(1_700_259_200L)));
        assertThat(results.get(2).addRequest()).isEmpty();
        assertThat(results.get(3).participant().phoneNumber()).contains(BOB);

        assertThatThrownBy(() -> GroupAnswers.participants(answer, ParticipantAction.REMOVE))
                .isInstanceOf(MalformedNodeException.class);
        assertThatThrownBy(() -> GroupAnswers.participants(result(Node.builder("add").children(
                Node.builder("participant").attribute("jid", BOB).attribute("error", "forbidden").build()).build()),
                ParticipantAction.ADD)).isInstanceOf(MalformedNodeException.class);
        assertThatThrownBy(() -> GroupAnswers.participants(result(Node.builder("add").children(
                Node.builder("participant").attribute("jid", BOB).attribute("error", "403").children(
                        Node.builder("add_request").attribute("code", "X").build()).build()).build()),
                ParticipantAction.ADD)).as("an add request without expiration").isInstanceOf(MalformedNodeException.class);
    }

    @Test
    void joinRequestsAndTheirReview() throws MalformedNodeException {
        Node list = result(Node.builder("membership_approval_requests").children(
                Node.builder("membership_approval_request").attribute("jid", BOB).attribute("request_time", "1700000000")
                        .build()).build());
        assertThat(GroupAnswers.joinRequests(list)).containsExactly(
                new JoinRequest(BOB, Optional.empty(), Optional.of(Instant.ofEpochSecond(1_700_000_000L))));
        assertThatThrownBy(() -> GroupAnswers.joinRequests(result(Node.builder("membership_approval_requests")
                .children(Node.of("membership_approval_request")).build()))).isInstanceOf(MalformedNodeException.class);

        Node reviewed = result(Node.builder("membership_requests_action").children(Node.builder("approve").children(
                Node.builder("participant").attribute("jid", BOB).build(),
                Node.builder("participant").attribute("jid", ALICE).attribute("error", "404").build()).build()).build());
        assertThat(GroupAnswers.reviewedJoinRequests(reviewed, JoinRequestAction.APPROVE))
                .extracting(ParticipantResult::error).containsExactly(0, 404);
        assertThatThrownBy(() -> GroupAnswers.reviewedJoinRequests(reviewed, JoinRequestAction.REJECT))
                .isInstanceOf(MalformedNodeException.class);
    }

    @Test
    void inviteCodesJoinsPicturesAndSubGroups() throws MalformedNodeException {
        assertThat(GroupAnswers.inviteCode(result(Node.builder("invite").attribute("code", "AbC").build())))
                .isEqualTo("AbC");
        assertThatThrownBy(() -> GroupAnswers.inviteCode(result(Node.of("invite"))))
                .isInstanceOf(MalformedNodeException.class);

        assertThat(GroupAnswers.joined(result(Node.builder("group").attribute("jid", GROUP).build())))
                .isEqualTo(new JoinResult(GROUP, false));
        assertThat(GroupAnswers.joined(result(Node.builder("membership_approval_request").attribute("jid", GROUP)
                .build()))).isEqualTo(new JoinResult(GROUP, true));
        assertThatThrownBy(() -> GroupAnswers.joined(result(Node.builder("group").attribute("jid", BOB).build())))
                .isInstanceOf(MalformedNodeException.class);

        assertThat(GroupAnswers.pictureId(result(Node.builder("picture").attribute("id", "1700000001").build())))
                .isEqualTo("1700000001");
        assertThatThrownBy(() -> GroupAnswers.pictureId(Node.of("iq"))).isInstanceOf(MalformedNodeException.class);

        Node subGroups = result(Node.builder("sub_groups").children(
                Node.builder("group").attribute("id", "120363041234567890").attribute("subject", "Announcements")
                        .attribute("s_t", "1700000000").children(Node.of("default_sub_group")).build(),
                Node.builder("group").attribute("jid", "120363041234567891@g.us").build()).build());
        assertThat(GroupAnswers.subGroups(subGroups)).containsExactly(
                new SubGroup(GROUP, Optional.of("Announcements"), Optional.of(Instant.ofEpochSecond(1_700_000_000L)),
                        true),
                new SubGroup(Jid.parse("120363041234567891@g.us"), Optional.empty(), Optional.empty(), false));

        Node linked = result(Node.builder("linked_groups_participants").children(
                Node.builder("participant").attribute("jid", ALICE).build(),
                Node.builder("participant").attribute("jid", BOB_LID).attribute("phone_number", BOB).build()).build());
        assertThat(GroupAnswers.linkedParticipants(linked)).extracting(GroupParticipant::phoneNumber)
                .containsExactly(Optional.of(ALICE), Optional.of(BOB));
    }

    static Node result(Node child) {
        return Node.builder("iq").attribute("type", "result").attribute("id", "1").attribute("from", GROUP)
                .children(child).build();
    }
}
