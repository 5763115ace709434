package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member cache follows the server's {@code w:gp2} notifications (parsed from the shapes the references read), so a
 * send right after a change fans out to the new member set without waiting for the cache to expire.
 */
class GroupParticipantsTest {

    private static final Jid GROUP = Jid.parse("120363041234567890@g.us");
    private static final Jid OTHER_GROUP = Jid.parse("120363049999999999@g.us");
    private static final Jid ME = Jid.parse("15550000000@s.whatsapp.net");
    private static final Jid ALICE = Jid.parse("15550001111@s.whatsapp.net");
    private static final Jid BOB = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid CAROL = Jid.parse("15550003333@s.whatsapp.net");

    // folding needs no query: the channel is never used
    private final GroupParticipants cache = new GroupParticipants(null, Clock.systemUTC());

    @Test
    void addedMembersJoinTheCachedListOnceAndInOrder() throws MalformedNodeException {
        cache.remember(info(GROUP, ME, ALICE));
        fold(change("add", BOB, ALICE));
        assertThat(cache.cached(GROUP)).contains(List.of(ME, ALICE, BOB));
    }

    @Test
    void removedAndDepartedMembersLeaveIt() throws MalformedNodeException {
        cache.remember(info(GROUP, ME, ALICE, BOB, CAROL));
        fold(change("remove", ALICE));
        fold(change("leave", Jid.parse("15550002222:3@s.whatsapp.net")));
        assertThat(cache.cached(GROUP)).contains(List.of(ME, CAROL));
    }

    @Test
    void rolesAndSettingsDoNotTouchTheMembers() throws MalformedNodeException {
        cache.remember(info(GROUP, ME, ALICE));
        fold(change("promote", ALICE));
        fold(notification(Node.of("announcement")));
        fold(notification(Node.builder("subject").attribute("subject", "Renamed").build()));
        assertThat(cache.cached(GROUP)).contains(List.of(ME, ALICE));
    }

    @Test
    void whatCannotBeFollowedDropsTheEntry() throws MalformedNodeException {
        cache.remember(info(GROUP, ME, ALICE));
        fold(change("modify", ALICE));
        assertThat(cache.cached(GROUP)).as("a number change").isEmpty();

        cache.remember(info(GROUP, ME, ALICE));
        fold(change("remove", ME));
        assertThat(cache.cached(GROUP)).as("we were removed").isEmpty();

        cache.remember(info(GROUP, ME, ALICE));
        fold(notification(Node.of("some_future_change")));
        assertThat(cache.cached(GROUP)).as("an unknown change").isEmpty();

        cache.remember(info(GROUP, ME, ALICE));
        fold(notification(Node.builder("delete").attribute("reason", "deactivated").build()));
        assertThat(cache.cached(GROUP)).as("a deleted group").isEmpty();
    }

    @Test
    void aGroupNotCachedStaysUncachedAndOthersAreUntouched() throws MalformedNodeException {
        cache.remember(info(OTHER_GROUP, ME, CAROL));
        fold(change("add", BOB));
        assertThat(cache.cached(GROUP)).isEmpty();
        assertThat(cache.cached(OTHER_GROUP)).contains(List.of(ME, CAROL));
    }

    @Test
    void aCreateNotificationCachesTheNewGroupsMembers() throws MalformedNodeException {
        Node group = Node.builder("group").attribute("id", GROUP.user()).attribute("subject", "New")
                .attribute("creation", "1700000000").attribute("creator", ALICE)
                .children(participant(ALICE, "superadmin"), participant(ME, null)).build();
        fold(notification(Node.builder("create").attribute("reason", "new").children(group).build()));
        assertThat(cache.cached(GROUP)).contains(List.of(ALICE, ME));
    }

    private void fold(Node notification) throws MalformedNodeException {
        for (GroupNotification change : GroupNotifications.parse(notification)) {
            cache.apply(change, Optional.of(ME));
        }
    }

    private static GroupInfo info(Jid group, Jid... members) throws MalformedNodeException {
        Node.Builder node = Node.builder("group").attribute("id", group.user()).attribute("subject", "Group")
                .attribute("creation", "1700000000");
        node.children(java.util.Arrays.stream(members).map(member -> participant(member, null)).toList());
        return GroupAnswers.info(Node.builder("iq").attribute("type", "result").children(node.build()).build());
    }

    private static Node participant(Jid jid, String type) {
        Node.Builder participant = Node.builder("participant").attribute("jid", jid);
        if (type != null) {
            participant.attribute("type", type);
        }
        return participant.build();
    }

    private static Node change(String tag, Jid... members) {
        return notification(Node.builder(tag).children(java.util.Arrays.stream(members)
                .map(member -> participant(member, null)).toList()).build());
    }

    private static Node notification(Node change) {
        return Node.builder("notification").attribute("from", GROUP).attribute("type", "w:gp2").attribute("id", "N1")
                .attribute("participant", ALICE).attribute("t", "1700000000").children(change).build();
    }
}
