package dev.wagateway.sandbox.e2e;

import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.GroupInfo;
import dev.wagateway.protocol.group.GroupNotification;
import dev.wagateway.protocol.group.GroupNotification.MemberChange;
import dev.wagateway.protocol.group.GroupStanzas;
import dev.wagateway.protocol.group.JoinRequestAction;
import dev.wagateway.protocol.group.JoinResult;
import dev.wagateway.protocol.group.MemberAddMode;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.group.ParticipantAction;
import dev.wagateway.protocol.group.ParticipantResult;
import dev.wagateway.protocol.group.ParticipantRole;
import dev.wagateway.protocol.group.SubGroup;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WaClient#groups()} against the sandbox over real websockets: a group's whole life (create, info, list,
 * rename, description, settings, participants with their per-participant outcomes, invite links, joining by code
 * with join approval, leaving), communities, and the server's notifications changing whom the next group send
 * reaches at once.
 */
class GroupsE2eTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<WaClient> CLIENTS = new ArrayList<>();
    private static SandboxServer sandbox;
    private static WaClientRuntime runtime;
    private static WaClientConfig config;

    @BeforeAll
    static void start() {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        runtime = WaClientRuntime.create(HTTP);
        config = WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .preKeys(30, 10, 5)
                .build();
    }

    @AfterAll
    static void stop() {
        CLIENTS.forEach(WaClient::close);
        sandbox.close();
        runtime.close();
    }

    @Test
    void aGroupsWholeLife() throws Exception {
        String alicePhone = phone("15551110001");
        String bob = phone("15551110002");
        String carol = phone("15551110003");
        String daveNumber = phone("15551110004");
        EventRecorder aliceEvents = new EventRecorder();
        WaClient alice = pairedClient(alicePhone, aliceEvents);
        EventRecorder daveEvents = new EventRecorder();
        WaClient dave = pairedClient(daveNumber, daveEvents);

        GroupInfo created = await(alice.groups().create(NewGroup.group("Customers", List.of(Jid.user(bob)))
                .withDescription("D1", "first description")));
        Jid group = created.jid();
        assertThat(group.isGroup()).isTrue();
        assertThat(created.subject()).isEqualTo("Customers");
        assertThat(created.participant(Jid.user(alicePhone))).get().extracting(p -> p.role())
                .isEqualTo(ParticipantRole.SUPERADMIN);
        assertThat(created.participant(Jid.user(bob))).isPresent();

        GroupInfo info = await(alice.groups().info(group));
        assertThat(info.description()).get().satisfies(d -> assertThat(d.text()).isEqualTo("first description"));
        assertThat(await(alice.groups().joinedGroups())).extracting(GroupInfo::jid).contains(group);

        await(alice.groups().setSubject(group, "Customers 2026"));
        await(alice.groups().setDescription(group, "second description"));
        await(alice.groups().setTopic(group, "", "TOPIC2", "third description"));
        info = await(alice.groups().info(group));
        assertThat(info.subject()).isEqualTo("Customers 2026");
        assertThat(info.description()).get().satisfies(d -> {
            assertThat(d.text()).isEqualTo("third description");
            assertThat(d.id()).isEqualTo("TOPIC2");
        });
        // a stale previous id is refused, as WhatsApp does
        assertThat(refusal(alice.groups().setTopic(group, "STALE", "TOPIC3", "x"))).isEqualTo(409);

        await(alice.groups().setAnnounce(group, true));
        await(alice.groups().setLocked(group, true));
        await(alice.groups().setMemberAddMode(group, MemberAddMode.ALL_MEMBERS));
        Map<String, Object> view = sandbox.groups().group(group.toString());
        assertThat(view).containsEntry("subject", "Customers 2026").containsEntry("announce", true)
                .containsEntry("locked", true).containsEntry("member_add_mode", "all_members");
        await(alice.groups().setAnnounce(group, false));

        List<ParticipantResult> added = await(alice.groups().updateParticipants(group, ParticipantAction.ADD,
                List.of(Jid.user(carol), Jid.user(bob))));
        assertThat(added).hasSize(2);
        assertThat(result(added, carol).error()).isZero();
        assertThat(result(added, bob).error()).as("already a member").isEqualTo(409);
        List<ParticipantResult> promoted = await(alice.groups().updateParticipants(group, ParticipantAction.PROMOTE,
                List.of(Jid.user(carol))));
        assertThat(result(promoted, carol).ok()).isTrue();
        assertThat(members(group)).containsEntry(carol, "admin");
        await(alice.groups().updateParticipants(group, ParticipantAction.DEMOTE, List.of(Jid.user(carol))));
        List<ParticipantResult> removed = await(alice.groups().updateParticipants(group, ParticipantAction.REMOVE,
                List.of(Jid.user(carol), Jid.user("15551119999"))));
        assertThat(result(removed, carol).ok()).isTrue();
        assertThat(result(removed, "15551119999").error()).as("not a member").isEqualTo(404);
        assertThat(members(group)).doesNotContainKey(carol);

        // invite links: reset revokes the old code
        String link = await(alice.groups().inviteLink(group, false));
        assertThat(link).startsWith(GroupStanzas.INVITE_LINK_PREFIX);
        String fresh = await(alice.groups().inviteLink(group, true));
        assertThat(fresh).isNotEqualTo(link);
        assertThat(refusal(dave.groups().previewInvite(link))).as("a revoked code").isIn(406, 410);
        assertThat(await(dave.groups().previewInvite(fresh)).subject()).isEqualTo("Customers 2026");

        // joining by code waits for an admin when approval is required
        await(alice.groups().setJoinApproval(group, true));
        JoinResult joined = await(dave.groups().joinByInvite(fresh));
        assertThat(joined.pendingApproval()).isTrue();
        assertThat(await(alice.groups().joinRequests(group))).extracting(r -> r.jid().user()).contains(daveNumber);
        List<ParticipantResult> approved = await(alice.groups().reviewJoinRequests(group, JoinRequestAction.APPROVE,
                List.of(Jid.user(daveNumber))));
        assertThat(result(approved, daveNumber).ok()).isTrue();
        assertThat(members(group)).containsKey(daveNumber);
        // Alice hears of Dave's arrival from the server
        aliceEvents.next(WaEvent.GroupChanged.class, e -> e.change() instanceof GroupNotification.MembersChanged m
                && m.change() == MemberChange.ADDED
                && m.participants().stream().anyMatch(p -> p.phoneNumber().orElseThrow().user().equals(daveNumber)),
                WAIT);

        // Dave, a plain member of a locked group, may not rename it; then he leaves
        assertThat(refusal(dave.groups().setSubject(group, "Dave's"))).isEqualTo(401);
        await(dave.groups().leave(group));
        assertThat(members(group)).doesNotContainKey(daveNumber);
        assertThat(refusal(dave.groups().info(group))).as("no longer a member").isEqualTo(403);
    }

    @Test
    void communitiesLinkGroups() throws Exception {
        String owner = phone("15552220001");
        String member = phone("15552220002");
        WaClient client = pairedClient(owner, new EventRecorder());
        GroupInfo community = await(client.groups().createCommunity("Neighbours"));
        assertThat(community.community()).isTrue();
        GroupInfo group = await(client.groups().create(NewGroup.group("Street party", List.of(Jid.user(member)))));

        await(client.groups().linkSubGroup(community.jid(), group.jid()));
        assertThat(sandbox.groups().group(group.jid().toString())).containsEntry("parent", community.jid().toString());
        List<SubGroup> subGroups = await(client.groups().subGroups(community.jid()));
        assertThat(subGroups).extracting(SubGroup::jid).contains(group.jid());
        assertThat(await(client.groups().linkedParticipants(community.jid())))
                .extracting(p -> p.phoneNumber().orElseThrow().user()).contains(member);

        await(client.groups().unlinkSubGroup(community.jid(), group.jid()));
        assertThat(await(client.groups().subGroups(community.jid()))).extracting(SubGroup::jid)
                .doesNotContain(group.jid());
    }

    @Test
    void aMemberAddedByAnotherAdminGetsTheNextGroupMessageAtOnce() throws Exception {
        String alicePhone = phone("15553330001");
        String bobPhone = phone("15553330002");
        String carol = phone("15553330003");
        EventRecorder aliceEvents = new EventRecorder();
        WaClient alice = pairedClient(alicePhone, aliceEvents);
        WaClient bob = pairedClient(bobPhone, new EventRecorder());
        Jid group = await(alice.groups().create(NewGroup.group("Fan-out", List.of(Jid.user(bobPhone))))).jid();
        await(alice.groups().updateParticipants(group, ParticipantAction.PROMOTE, List.of(Jid.user(bobPhone))));

        // the first send fetches and caches the members (Alice, Bob)
        await(alice.messages().send(group, text("before carol")));
        awaitPhoneText(bobPhone, "before carol");

        // Bob's companion adds Carol; Alice learns it only from the server's notification
        List<ParticipantResult> added = await(bob.groups().updateParticipants(group, ParticipantAction.ADD,
                List.of(Jid.user(carol))));
        assertThat(result(added, carol).ok()).isTrue();
        aliceEvents.next(WaEvent.GroupChanged.class, e -> e.change() instanceof GroupNotification.MembersChanged m
                && m.change() == MemberChange.ADDED, WAIT);

        await(alice.messages().send(group, text("welcome carol")));
        awaitPhoneText(carol, "welcome carol");
        assertThat(sandbox.control().phoneMessages(carol)).noneMatch(m -> m.text().equals("before carol"));

        // and a removal: Carol no longer receives what follows
        await(bob.groups().updateParticipants(group, ParticipantAction.REMOVE, List.of(Jid.user(carol))));
        aliceEvents.next(WaEvent.GroupChanged.class, e -> e.change() instanceof GroupNotification.MembersChanged m
                && m.change() == MemberChange.REMOVED, WAIT);
        await(alice.messages().send(group, text("after carol")));
        awaitPhoneText(bobPhone, "after carol");
        assertThat(sandbox.control().phoneMessages(carol)).noneMatch(m -> m.text().equals("after carol"));
    }

    private static String phone(String number) {
        sandbox.control().createPhone(number, "Phone " + number);
        return number;
    }

    private static Map<String, String> members(Jid group) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) sandbox.groups()
                .group(group.toString()).get("participants");
        Map<String, String> members = new java.util.HashMap<>();
        participants.forEach(p -> members.put(Jid.parse((String) p.get("jid")).user(), (String) p.get("role")));
        return members;
    }

    private static ParticipantResult result(List<ParticipantResult> results, String phone) {
        return results.stream().filter(r -> r.participant().jid().user().equals(phone)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + phone + ": " + results));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The IQ error code a request was refused with. */
    private static int refusal(CompletableFuture<?> future) throws Exception {
        try {
            Object answer = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("not refused: " + answer);
        } catch (ExecutionException e) {
            if (Causes.root(e) instanceof IqErrorException refused) {
                return refused.code();
            }
            throw new AssertionError("failed otherwise than by a refusal", e);
        }
    }

    private WaClient pairedClient(String phone, EventRecorder events) throws Exception {
        WaClient client = new WaClient(config, runtime, new InMemoryDeviceStore());
        client.addListener(events);
        CLIENTS.add(client);
        client.connect();
        sandbox.control().linkQr(phone, events.next(WaEvent.QrCode.class, WAIT).text());
        events.next(WaEvent.Connected.class, WAIT);
        return client;
    }

    private static void awaitPhoneText(String phone, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (sandbox.control().phoneMessages(phone).stream().anyMatch(m -> text.equals(m.text()))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(phone + " never received \"" + text + "\": "
                + sandbox.control().phoneMessages(phone));
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
