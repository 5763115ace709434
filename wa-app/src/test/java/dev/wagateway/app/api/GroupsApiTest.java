package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.group.JoinResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows 43–66 through REST in sandbox mode, each checked against the sandbox's own view of the group
 * ({@code GET /sandbox/groups/{jid}}), and the errors of api.md §5.8 with bad input: malformed and non-group JIDs,
 * empty and huge lists, unknown invite codes, unparsable bodies — each a 4xx envelope unless the contract says 500.
 */
class GroupsApiTest {

    private static final String OWNER = "15554440001";
    private static final String MEMBER = "15554440002";
    private static final String OTHER = "15554440003";
    private static final String JOINER = "15554440004";
    private static final String INVITEE = "15554440005";
    /** The smallest thing the sandbox (like WhatsApp) takes for a JPEG: SOI and a marker. */
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F',
            0, 1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xff, (byte) 0xd9};

    private static TestGateway gateway;
    private static String owner;
    private static String joiner;
    private static String invitee;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        owner = gateway.pairedDevice(OWNER);
        joiner = gateway.pairedDevice(JOINER);
        invitee = gateway.pairedDevice(INVITEE);
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + MEMBER + "\",\"name\":\"Member\"}");
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + OTHER + "\",\"name\":\"Other\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyRowChangesWhatTheSandboxHolds() throws Exception {
        // webhooks of both sides (to a closed port: the delivery logs still name every event)
        long ownerHook = hook(owner, "group.participant_update", "group.info_update");
        long joinerHook = hook(joiner, "group.join", "group.leave");
        // 44: create, skipping a group, a malformed entry and an unregistered number
        TestGateway.Answer created = ok(gateway.device(owner, "POST", "/groups", "{\"name\":\"Customers\","
                + "\"participants\":[\"" + MEMBER + "\",\"120363000000000001@g.us\",\"not a phone\",\"15559999990\"],"
                + "\"description\":\"first\",\"photo\":\"" + Base64.getEncoder().encodeToString(JPEG) + "\"}"),
                "Success create group");
        String group = created.json().path("data").path("JID").asText();
        assertThat(group).endsWith("@g.us");
        // a new group is LID-addressed: members listed by LID, their numbers beside (whatsmeow's GroupParticipant)
        assertThat(created.json().path("data").path("Participants")).extracting(p -> p.path("PhoneNumber").asText())
                .containsExactlyInAnyOrder(OWNER + "@s.whatsapp.net", MEMBER + "@s.whatsapp.net");
        assertThat(created.json().path("data").path("Participants")).extracting(p -> p.path("JID").asText())
                .allMatch(jid -> jid.endsWith("@lid"));
        JsonNode view = view(group);
        assertThat(view.path("subject").asText()).isEqualTo("Customers");
        assertThat(view.path("description").asText()).isEqualTo("first");
        assertThat(view.path("picture_id").isTextual()).isTrue();

        // 45, 43: info and the list, whose cache every change of this device drops
        JsonNode info = ok(gateway.device(owner, "GET", "/groups/" + group, null), "Success get group info").json()
                .path("data");
        assertThat(info.path("Name").asText()).isEqualTo("Customers");
        assertThat(info.path("Topic").asText()).isEqualTo("first");
        assertThat(info.path("OwnerJID").asText()).isEqualTo(OWNER + "@s.whatsapp.net");
        TestGateway.Answer list = gateway.device(owner, "GET", "/groups", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.message()).isEqualTo("Success get " + list.json().path("data").size()
                + " groups with members");
        assertThat(enhanced(list, group).path("Participants")).extracting(p -> p.path("PhoneNumber").asText())
                .contains(OWNER, MEMBER);

        // 47, 48, 57
        ok(gateway.device(owner, "PATCH", "/groups/" + group + "/name", "{\"name\":\"Customers 2026\"}"),
                "Success update group name");
        assertThat(view(group).path("subject").asText()).isEqualTo("Customers 2026");
        assertThat(enhanced(gateway.device(owner, "GET", "/groups", null), group).path("Name").asText())
                .as("the list cache was dropped by the rename").isEqualTo("Customers 2026");
        ok(gateway.device(owner, "PATCH", "/groups/" + group + "/description", "{\"description\":\"second\"}"),
                "Success update group description");
        assertThat(view(group).path("description").asText()).isEqualTo("second");
        ok(gateway.device(owner, "PATCH", "/groups/" + group + "/topic", "{\"topic\":\"third\",\"new_id\":\"T3\"}"),
                "Success set group topic");
        assertThat(view(group).path("description").asText()).isEqualTo("third");
        TestGateway.Answer stale = gateway.device(owner, "PATCH", "/groups/" + group + "/topic",
                "{\"topic\":\"x\",\"previous_id\":\"NOT-T3\",\"new_id\":\"T4\"}");
        assertThat(stale.status()).as("a stale topic id is WhatsApp's refusal").isEqualTo(500);
        assertThat(view(group).path("description").asText()).isEqualTo("third");

        // 49
        TestGateway.Answer photo = ok(gateway.uploadFile(owner, "/groups/" + group + "/photo", "photo", "p.jpg",
                JPEG), "Success update group photo");
        assertThat(photo.json().path("data").path("photo_url").asText()).isEqualTo(view(group).path("picture_id")
                .asText());

        // 50, 54
        String link = ok(gateway.device(owner, "GET", "/groups/" + group + "/invite-link", null),
                "Success get invite link").json().path("data").path("link").asText();
        assertThat(link).isEqualTo("https://chat.whatsapp.com/" + view(group).path("invite_code").asText());
        String reset = gateway.device(owner, "GET", "/groups/" + group + "/invite-link?reset=true", null).json()
                .path("data").path("link").asText();
        assertThat(reset).isNotEqualTo(link).endsWith(view(group).path("invite_code").asText());
        String code = reset.substring(reset.lastIndexOf('/') + 1);
        assertThat(ok(gateway.device(joiner, "GET", "/groups/invite/" + code, null), "Success get group info")
                .json().path("data").path("Name").asText()).isEqualTo("Customers 2026");

        // 51: every field applied
        ok(gateway.device(owner, "PATCH", "/groups/" + group + "/settings", "{\"announce\":true,\"locked\":true,"
                + "\"member_add_mode\":\"all\",\"join_approval\":true}"), "Success update group settings");
        view = view(group);
        assertThat(view.path("announce").asBoolean()).isTrue();
        assertThat(view.path("locked").asBoolean()).isTrue();
        assertThat(view.path("member_add_mode").asText()).isEqualTo("all_members");
        assertThat(view.path("join_approval").asBoolean()).isTrue();
        ok(gateway.device(owner, "PATCH", "/groups/" + group + "/settings", "{\"announce\":false}"),
                "Success update group settings");
        assertThat(view(group).path("announce").asBoolean()).isFalse();
        assertThat(view(group).path("locked").asBoolean()).as("an absent field stays").isTrue();

        // 56, 53
        ok(gateway.device(owner, "PATCH", "/groups/" + group + "/member-add-mode", "{\"mode\":\"admin_only\"}"),
                "Success set member add mode");
        assertThat(view(group).path("member_add_mode").asText()).isEqualTo("admin_only");
        ok(gateway.device(owner, "POST", "/groups/" + group + "/join-approval", "{\"mode\":false}"),
                "Success set join approval mode");
        assertThat(view(group).path("join_approval").asBoolean()).isFalse();
        ok(gateway.device(owner, "POST", "/groups/" + group + "/join-approval", "{\"mode\":true}"),
                "Success set join approval mode");

        // 52, 64, 63: join requests (the joiner asks by link through its own session)
        assertThat(joinByLink(joiner, code).pendingApproval()).isTrue();
        JsonNode requests = ok(gateway.device(owner, "GET", "/groups/" + group + "/participant-requests", null),
                "Success get participant requests").json().path("data");
        assertThat(requests).extracting(r -> r.path("JID").asText()).contains(JOINER + "@s.whatsapp.net");
        JsonNode rejected = ok(gateway.device(owner, "POST", "/groups/" + group + "/requests/reject",
                "{\"users\":[\"" + JOINER + "\"]}"), "Success reject join requests").json().path("data");
        assertThat(rejected.get(0).path("Error").asInt()).isZero();
        assertThat(view(group).path("pending")).isEmpty();
        joinByLink(joiner, code);
        ok(gateway.device(owner, "POST", "/groups/" + group + "/requests/approve", "{\"users\":[\"" + JOINER
                + "\"]}"), "Success approve join requests");
        assertThat(roles(group)).containsKey(JOINER);
        awaitEvent(joiner, joinerHook, "group.join");

        // 61, 65, 66, 62: per-participant results
        JsonNode added = ok(gateway.device(owner, "POST", "/groups/" + group + "/participants",
                "{\"participants\":[\"" + OTHER + "\",\"+" + MEMBER + "\"]}"), "Success add participants").json()
                .path("data");
        assertThat(error(added, OTHER)).isZero();
        assertThat(error(added, MEMBER)).as("already a member").isEqualTo(409);
        awaitEvent(owner, ownerHook, "group.participant_update");
        awaitEvent(owner, ownerHook, "group.info_update");
        ok(gateway.device(owner, "POST", "/groups/" + group + "/admins", "{\"users\":[\"" + OTHER + "\"]}"),
                "Success promote admins");
        assertThat(roles(group)).containsEntry(OTHER, "admin");
        ok(gateway.device(owner, "DELETE", "/groups/" + group + "/admins", "{\"users\":[\"" + OTHER + "\"]}"),
                "Success demote admins");
        assertThat(roles(group)).containsEntry(OTHER, "member");
        JsonNode removed = ok(gateway.device(owner, "DELETE", "/groups/" + group + "/participants",
                "{\"participants\":[\"" + OTHER + "@s.whatsapp.net\"]}"), "Success remove participants").json()
                .path("data");
        assertThat(error(removed, OTHER)).isZero();
        assertThat(roles(group)).doesNotContainKey(OTHER);

        // 55: a user whose privacy refuses adds gets an invite, and joins with it
        gateway.application().sandbox().orElseThrow().groups().groupAddPrivacy(INVITEE, "none");
        JsonNode refused = gateway.device(owner, "POST", "/groups/" + group + "/participants",
                "{\"participants\":[\"" + INVITEE + "\"]}").json().path("data");
        assertThat(error(refused, INVITEE)).isEqualTo(403);
        JsonNode invite = refused.get(0).path("AddRequest");
        long expiration = java.time.Instant.parse(invite.path("Expiration").asText()).getEpochSecond();
        ok(gateway.device(invitee, "POST", "/groups/" + group + "/join-invite", "{\"invite_code\":\""
                + invite.path("Code").asText() + "\",\"inviter\":\"" + OWNER + "\",\"expiration\":" + expiration
                + "}"), "Success join group with invite");
        assertThat(roles(group)).containsKey(INVITEE);

        // 58, 59, 60: communities (created through the owner's session: the README has no route for it)
        Jid community = session(owner).groups().createCommunity("Neighbours").get(15, TimeUnit.SECONDS).jid();
        ok(gateway.device(owner, "POST", "/groups/" + community + "/link/" + group, null), "Success link groups");
        assertThat(view(group).path("parent").asText()).isEqualTo(community.toString());
        JsonNode subGroups = ok(gateway.device(owner, "GET", "/groups/" + community + "/subgroups", null),
                "Success get sub groups").json().path("data");
        assertThat(subGroups).extracting(g -> g.path("JID").asText()).contains(group);
        JsonNode linked = ok(gateway.device(owner, "GET", "/groups/" + community + "/linked-participants", null),
                "Success get linked participants").json().path("data");
        assertThat(linked).extracting(JsonNode::asText).contains(MEMBER + "@s.whatsapp.net");

        // 46
        ok(gateway.device(owner, "POST", "/groups/" + group + "/leave", null), "Success leave group");
        assertThat(roles(group)).doesNotContainKey(OWNER);
        assertThat(gateway.device(owner, "GET", "/groups/" + group, null).status())
                .as("no longer a member: WhatsApp's refusal").isEqualTo(500);
    }

    @Test
    void badInputIsRefusedWithTheContractsErrors() {
        String group = gateway.device(owner, "POST", "/groups", "{\"name\":\"Errors\",\"participants\":[\""
                + MEMBER + "\"]}").json().path("data").path("JID").asText();

        refused(gateway.device(owner, "GET", "/groups/not@a@jid", null), 400);
        refused(gateway.device(owner, "GET", "/groups/abc@g.us", null), 400);
        assertThat(refused(gateway.device(owner, "POST", "/groups/" + MEMBER + "@s.whatsapp.net/leave", null), 400)
                .message()).isEqualTo("WhatsApp Group ID is Not Group Server");
        refused(gateway.device(owner, "GET", "/groups/" + group.replace("@g.us", ""), null), 400);
        refused(gateway.device(owner, "GET", "/groups/120363999999999999@g.us", null), 404);
        refused(gateway.device(owner, "GET", "/groups/15550000000-1600000000", null), 404);
        refused(gateway.device(owner, "GET", "/groups/invite/NoSuchCode123", null), 400);

        assertThat(refused(gateway.device(owner, "PATCH", "/groups/" + group + "/name", "{bad"), 400).message())
                .isEqualTo("Failed parse body request");
        assertThat(refused(gateway.device(owner, "DELETE", "/groups/" + group + "/participants", null), 400)
                .message()).isEqualTo("Failed parse body request");
        refused(gateway.device(owner, "POST", "/groups", "{\"name\":\"  \"}"), 400);
        refused(gateway.device(owner, "POST", "/groups/" + group + "/participants", "{\"participants\":[]}"), 400);
        refused(gateway.device(owner, "POST", "/groups/" + group + "/admins", "{}"), 400);
        refused(gateway.device(owner, "POST", "/groups/" + group + "/participants",
                "{\"participants\":\"" + MEMBER + "\"}"), 400);
        List<String> thousand = new ArrayList<>();
        IntStream.range(0, 1000).forEach(i -> thousand.add("\"1555777" + String.format("%04d", i) + "\""));
        refused(gateway.device(owner, "POST", "/groups/" + group + "/participants",
                "{\"participants\":[" + String.join(",", thousand) + "]}"), 400);
        assertThat(refused(gateway.device(owner, "POST", "/groups/" + group + "/photo", "{}"), 400).message())
                .isEqualTo("photo is required");
        refused(gateway.uploadFile(owner, "/groups/" + group + "/photo", "photo", "p.png",
                new byte[]{(byte) 0x89, 'P', 'N', 'G'}), 400);
        refused(gateway.device(owner, "POST", "/groups", "{\"name\":\"x\",\"photo\":\"***\"}"), 400);
        refused(gateway.device(owner, "POST", "/groups/" + group + "/join-invite", "{\"inviter\":\"" + MEMBER
                + "\"}"), 400);

        assertThat(refused(gateway.device(owner, "PATCH", "/groups/" + group + "/settings",
                "{\"member_add_mode\":\"everyone\"}"), 500).message()).isEqualTo("invalid member_add_mode: everyone");
        assertThat(refused(gateway.device(owner, "PATCH", "/groups/" + group + "/member-add-mode",
                "{\"mode\":\"everyone\"}"), 500).message()).isEqualTo("invalid member add mode");
        refused(gateway.device(owner, "PATCH", "/groups/" + group + "/member-add-mode", "{}"), 400);

        // WhatsApp's refusals are 500s (api.md §5.8): a member who is not an admin of someone else's group
        String foreign = gateway.admin("POST", "/sandbox/groups", "{\"creator\":\"" + MEMBER
                + "\",\"subject\":\"Not ours\",\"participants\":[\"" + OWNER + "\"]}").json().path("data")
                .path("jid").asText();
        refused(gateway.device(owner, "GET", "/groups/" + foreign + "/participant-requests", null), 500);
        refused(gateway.device(owner, "POST", "/groups/" + foreign + "/participants",
                "{\"participants\":[\"" + OTHER + "\"]}"), 500);
        assertThat(roles(foreign)).doesNotContainKey(OTHER);
    }

    private static long hook(String token, String... events) {
        return gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/groups\",\"events\":[\""
                + String.join("\",\"", events) + "\"]}").json().path("data").path("webhook_id").asLong();
    }

    private static void awaitEvent(String token, long hook, String type) {
        ReadmeFlowTest.await(() -> {
            for (JsonNode log : gateway.device(token, "GET", "/webhooks/" + hook + "/logs", null).json().path("data")
                    .path("logs")) {
                if (log.path("event_type").asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }, "a " + type + " event");
    }

    private static JoinResult joinByLink(String token, String code) throws Exception {
        return session(token).groups().joinByInvite(code).get(15, TimeUnit.SECONDS);
    }

    private static WaClient session(String token) {
        UUID device = UUID.fromString(gateway.device(token, "GET", "/devices/me", null).json().path("data")
                .path("device_id").asText());
        return gateway.application().services().sessions().connectedClient(device);
    }

    private static JsonNode view(String group) {
        TestGateway.Answer answer = gateway.admin("GET", "/sandbox/groups/" + group, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("data");
    }

    private static java.util.Map<String, String> roles(String group) {
        java.util.Map<String, String> roles = new java.util.HashMap<>();
        view(group).path("participants").forEach(p -> roles.put(Jid.parse(p.path("jid").asText()).user(),
                p.path("role").asText()));
        return roles;
    }

    private static JsonNode enhanced(TestGateway.Answer list, String group) {
        for (JsonNode entry : list.json().path("data")) {
            if (entry.path("JID").asText().equals(group)) {
                return entry;
            }
        }
        throw new AssertionError(group + " not listed: " + list.body());
    }

    private static int error(JsonNode results, String phone) {
        for (JsonNode result : results) {
            if (result.path("JID").asText().startsWith(phone + "@")) {
                return result.path("Error").asInt();
            }
        }
        throw new AssertionError("no result for " + phone + ": " + results);
    }

    private static TestGateway.Answer ok(TestGateway.Answer answer, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.message()).isEqualTo(message);
        return answer;
    }

    private static TestGateway.Answer refused(TestGateway.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("status").asBoolean()).isFalse();
        assertThat(answer.message()).isNotBlank();
        return answer;
    }
}
