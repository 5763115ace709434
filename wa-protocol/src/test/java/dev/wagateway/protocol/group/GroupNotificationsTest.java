package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.group.GroupNotification.MemberChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code w:gp2} notifications in the shapes whatsmeow's parseGroupChange and Baileys' handleGroupNotification read. */
class GroupNotificationsTest {

    private static final Jid GROUP = Jid.parse("120363041234567890@g.us");
    private static final Jid ALICE = Jid.parse("15550001111@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid ALICE_LID = Jid.parse("111111111111111@lid");
    private static final Jid BOB_LID = Jid.parse("222222222222222@lid");

    @Test
    void theContextCarriesGroupAuthorAndTimeAndTheLidAuthorsPhoneNumber() throws MalformedNodeException {
        Node notification = notification(Node.builder("subject").attribute("subject", "New").attribute("s_t", "1700000001")
                .attribute("s_o", ALICE_LID).attribute("s_o_pn", ALICE).build()).toBuilder()
                .attribute("participant", "111111111111111:4@lid").attribute("participant_pn", ALICE).build();
        GroupNotification.SubjectChanged subject = only(notification, GroupNotification.SubjectChanged.class);
        assertThat(subject.context().id()).isEqualTo("N1");
        assertThat(subject.context().group()).isEqualTo(GROUP);
        assertThat(subject.context().author()).as("device dropped").contains(ALICE_LID);
        assertThat(subject.context().authorPn()).contains(ALICE);
        assertThat(subject.context().at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(subject.subject()).isEqualTo("New");
        assertThat(subject.setAt()).contains(Instant.ofEpochSecond(1_700_000_001L));
        assertThat(subject.setBy()).contains(ALICE_LID);
        assertThat(subject.setByPn()).contains(ALICE);
    }

    @Test
    void memberChangesWithVersionsReasonsAndLidPairs() throws MalformedNodeException {
        Node add = Node.builder("add").attribute("reason", "invite").attribute("v_id", "V2").attribute("prev_v_id", "V1")
                .children(Node.builder("participant").attribute("jid", BOB_LID).attribute("phone_number", BOB).build())
                .build();
        GroupNotification.MembersChanged added = only(notification(add), GroupNotification.MembersChanged.class);
        assertThat(added.change()).isEqualTo(MemberChange.ADDED);
        assertThat(added.reason()).contains("invite");
        assertThat(added.versionId()).contains("V2");
        assertThat(added.previousVersionId()).contains("V1");
        assertThat(added.participants()).singleElement().satisfies(p -> {
            assertThat(p.jid()).isEqualTo(BOB_LID);
            assertThat(p.phoneNumber()).contains(BOB);
        });

        for (String tag : List.of("remove", "promote", "demote", "leave", "modify")) {
            Node change = Node.builder(tag).children(Node.builder("participant").attribute("jid", BOB).build()).build();
            assertThat(only(notification(change), GroupNotification.MembersChanged.class).change()).as(tag)
                    .isEqualTo(switch (tag) {
                        case "remove" -> MemberChange.REMOVED;
                        case "promote" -> MemberChange.PROMOTED;
                        case "demote" -> MemberChange.DEMOTED;
                        case "leave" -> MemberChange.LEFT;
                        default -> MemberChange.NUMBER_CHANGED;
                    });
        }
    }

    @Test
    void aRemovalOfTheAuthorAloneIsLeaving() throws MalformedNodeException {
        Node remove = Node.builder("remove").children(Node.builder("participant").attribute("jid", ALICE).build())
                .build();
        assertThat(only(notification(remove), GroupNotification.MembersChanged.class).change())
                .isEqualTo(MemberChange.LEFT);
        Node removeLid = Node.builder("remove").children(Node.builder("participant").attribute("jid", ALICE).build())
                .build();
        Node byLid = notification(removeLid).toBuilder().attribute("participant", ALICE_LID)
                .attribute("participant_pn", ALICE).build();
        assertThat(only(byLid, GroupNotification.MembersChanged.class).change()).isEqualTo(MemberChange.LEFT);
        Node other = Node.builder("remove").children(Node.builder("participant").attribute("jid", BOB).build()).build();
        assertThat(only(notification(other), GroupNotification.MembersChanged.class).change())
                .isEqualTo(MemberChange.REMOVED);
    }

    @Test
    void descriptionSetAndDeleted() throws MalformedNodeException {
        GroupNotification.DescriptionChanged set = only(notification(Node.builder("description").attribute("id", "D2")
                .children(Node.builder("body").text("rules").build()).build()), GroupNotification.DescriptionChanged.class);
        assertThat(set).isEqualTo(new GroupNotification.DescriptionChanged(set.context(), "D2", "rules", false));
        GroupNotification.DescriptionChanged deleted = only(notification(Node.builder("description")
                .attribute("id", "D3").children(Node.of("delete")).build()), GroupNotification.DescriptionChanged.class);
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.text()).isEmpty();
        assertThatThrownBy(() -> GroupNotifications.parse(notification(Node.builder("description").attribute("id", "D4")
                .build()))).as("neither body nor delete").isInstanceOf(MalformedNodeException.class);
    }

    @Test
    void settingsChanges() throws MalformedNodeException {
        assertThat(only(notification(Node.builder("announcement").attribute("v_id", "A1").build()),
                GroupNotification.AnnounceChanged.class))
                .satisfies(a -> {
                    assertThat(a.announce()).isTrue();
                    assertThat(a.versionId()).contains("A1");
                });
        assertThat(only(notification(Node.of("not_announcement")), GroupNotification.AnnounceChanged.class).announce())
                .isFalse();
        assertThat(only(notification(Node.of("locked")), GroupNotification.LockedChanged.class).locked()).isTrue();
        assertThat(only(notification(Node.of("unlocked")), GroupNotification.LockedChanged.class).locked()).isFalse();
        assertThat(only(notification(Node.builder("ephemeral").attribute("expiration", "604800").build()),
                GroupNotification.EphemeralChanged.class).seconds()).isEqualTo(604800);
        assertThat(only(notification(Node.of("not_ephemeral")), GroupNotification.EphemeralChanged.class).seconds())
                .isZero();
        assertThat(only(notification(Node.builder("member_add_mode").text("all_member_add").build()),
                GroupNotification.MemberAddModeChanged.class).mode()).isEqualTo(MemberAddMode.ALL_MEMBERS);
        assertThat(only(notification(Node.builder("membership_approval_mode").children(Node.builder("group_join")
                .attribute("state", "on").build()).build()), GroupNotification.JoinApprovalChanged.class).required())
                .isTrue();
        assertThat(only(notification(Node.builder("membership_approval_mode").children(Node.builder("group_join")
                .attribute("state", "off").build()).build()), GroupNotification.JoinApprovalChanged.class).required())
                .isFalse();
        assertThat(only(notification(Node.builder("invite").attribute("code", "NEWCODE").build()),
                GroupNotification.InviteReset.class).code()).isEqualTo("NEWCODE");
        assertThat(only(notification(Node.builder("delete").attribute("reason", "community_deactivated").build()),
                GroupNotification.Deleted.class).reason()).contains("community_deactivated");
        assertThat(only(notification(Node.of("suspended")), GroupNotification.SuspensionChanged.class).suspended())
                .isTrue();
    }

    @Test
    void createCarriesTheFullGroupAndTakesTheAddressingModeFromTheNotification() throws MalformedNodeException {
        Node create = Node.builder("create").attribute("reason", "create").attribute("key", "3EB0K")
                .children(Node.builder("group").attribute("id", "120363041234567890").attribute("subject", "Team")
                        .attribute("creator", ALICE_LID).attribute("creation", "1700000000")
                        .children(Node.builder("participant").attribute("jid", ALICE_LID).attribute("type", "superadmin")
                                .attribute("phone_number", ALICE).build()).build()).build();
        Node notification = notification(create).toBuilder().attribute("addressing_mode", "lid").build();
        GroupNotification.Created created = only(notification, GroupNotification.Created.class);
        assertThat(created.info().jid()).isEqualTo(GROUP);
        assertThat(created.info().subject()).isEqualTo("Team");
        assertThat(created.info().addressingMode()).isEqualTo(AddressingMode.LID);
        assertThat(created.info().participants()).singleElement()
                .satisfies(p -> assertThat(p.role()).isEqualTo(ParticipantRole.SUPERADMIN));
        assertThat(created.reason()).contains("create");
        assertThat(created.createKey()).contains("3EB0K");
        assertThatThrownBy(() -> GroupNotifications.parse(notification(Node.of("create"))))
                .isInstanceOf(MalformedNodeException.class);
    }

    @Test
    void communityLinksAndJoinRequests() throws MalformedNodeException {
        Jid sub = Jid.parse("120363041234567891@g.us");
        GroupNotification.SubGroupLinkChanged link = only(notification(Node.builder("link").attribute("link_type", "sub_group")
                .children(Node.builder("group").attribute("jid", sub).attribute("subject", "Street").build()).build()),
                GroupNotification.SubGroupLinkChanged.class);
        assertThat(link.linked()).isTrue();
        assertThat(link.linkType()).isEqualTo("sub_group");
        assertThat(link.group().jid()).isEqualTo(sub);
        assertThat(link.group().subject()).contains("Street");
        GroupNotification.SubGroupLinkChanged unlink = only(notification(Node.builder("unlink")
                .attribute("unlink_type", "sub_group").attribute("unlink_reason", "delete")
                .children(Node.builder("group").attribute("jid", sub).build()).build()),
                GroupNotification.SubGroupLinkChanged.class);
        assertThat(unlink.linked()).isFalse();
        assertThat(unlink.unlinkReason()).contains("delete");
        assertThatThrownBy(() -> GroupNotifications.parse(notification(Node.builder("link")
                .attribute("link_type", "sub_group").build()))).isInstanceOf(MalformedNodeException.class);

        GroupNotification.JoinRequested requested = only(notification(Node.builder("created_membership_requests")
                .attribute("request_method", "invite_link").children(Node.builder("participant").attribute("jid", BOB_LID)
                        .attribute("phone_number", BOB).build()).build()), GroupNotification.JoinRequested.class);
        assertThat(requested.requestMethod()).contains("invite_link");
        assertThat(requested.requesters()).extracting(GroupParticipant::phoneNumber).containsExactly(Optional.of(BOB));
        GroupNotification.JoinRequested single = only(notification(Node.builder("membership_approval_request")
                .attribute("jid", BOB).build()), GroupNotification.JoinRequested.class);
        assertThat(single.requesters()).extracting(GroupParticipant::jid).containsExactly(BOB);
        GroupNotification.JoinRequestsRevoked revoked = only(notification(Node.builder("revoked_membership_requests")
                .children(Node.builder("participant").attribute("jid", BOB).build()).build()),
                GroupNotification.JoinRequestsRevoked.class);
        assertThat(revoked.requesters()).extracting(GroupParticipant::jid).containsExactly(BOB);
    }

    @Test
    void severalChangesInOneNotificationAndUnknownOnesKept() throws MalformedNodeException {
        Node notification = notification(Node.of("locked")).toBuilder().children(Node.of("locked"),
                Node.builder("subject").attribute("subject", "S").build(), Node.of("future_thing")).build();
        List<GroupNotification> changes = GroupNotifications.parse(notification);
        assertThat(changes).hasSize(3);
        assertThat(changes.get(0)).isInstanceOf(GroupNotification.LockedChanged.class);
        assertThat(changes.get(1)).isInstanceOf(GroupNotification.SubjectChanged.class);
        assertThat(changes.get(2)).isInstanceOfSatisfying(GroupNotification.Unknown.class,
                unknown -> assertThat(unknown.change().tag()).isEqualTo("future_thing"));
    }

    @Test
    void malformedNotificationsAreProtocolErrors() {
        List<Node> broken = List.of(
                Node.builder("notification").attribute("type", "w:gp2").attribute("t", "1").children(Node.of("locked"))
                        .build(),
                notification(Node.of("locked")).toBuilder().attribute("from", ALICE).build(),
                notification(Node.of("locked")).toBuilder().attribute("t", "soon").build(),
                notification(Node.of("locked")).toBuilder().attribute("participant", GROUP).build(),
                notification(Node.of("locked")).toBuilder().attribute("type", "encrypt").build(),
                notification(Node.of("locked")).toBuilder().children(List.of()).build(),
                notification(Node.of("subject")),
                notification(Node.of("invite")),
                notification(Node.builder("member_add_mode").text("whoever").build()),
                notification(Node.builder("add").children(Node.builder("participant").attribute("jid", "x").build())
                        .build()),
                notification(Node.builder("ephemeral").attribute("expiration", "99999999999").build()));
        for (Node node : broken) {
            assertThatThrownBy(() -> GroupNotifications.parse(node)).as("%s", node)
                    .isInstanceOf(MalformedNodeException.class);
        }
        List<Node> many = new java.util.ArrayList<>();
        for (int i = 0; i <= GroupNotifications.MAX_CHANGES; i++) {
            many.add(Node.of("locked"));
        }
        assertThatThrownBy(() -> GroupNotifications.parse(notification(Node.of("locked")).toBuilder().children(many)
                .build())).isInstanceOf(MalformedNodeException.class);
    }

    private static Node notification(Node change) {
        return Node.builder("notification").attribute("from", GROUP).attribute("type", "w:gp2").attribute("id", "N1")
                .attribute("participant", ALICE).attribute("t", "1700000000").children(change).build();
    }

    private static <T extends GroupNotification> T only(Node notification, Class<T> type) throws MalformedNodeException {
        List<GroupNotification> changes = GroupNotifications.parse(notification);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).isInstanceOf(type);
        return type.cast(changes.get(0));
    }
}
