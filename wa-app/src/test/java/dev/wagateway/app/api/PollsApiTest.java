package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poll votes (api.md §6.4, §7.9) against the sandbox, both ways: the gateway votes on a poll a phone sent and on its
 * own poll, and the phone decrypts each vote with the poll's secret to the options chosen; the phone votes on the
 * gateway's poll and the gateway decrypts and records it. Refusals: an option the poll does not have, more options
 * than a single-choice poll allows, a poll the device does not know.
 */
class PollsApiTest {

    private static final String PHONE = "15550717171";
    private static final String FRIEND = "15550727272";
    private static final String FRIEND_JID = FRIEND + "@s.whatsapp.net";

    private static TestGateway gateway;
    private static String token;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"));
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
        token = gateway.pairedDevice(PHONE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theGatewayVotesOnAPhonesPollAndThePhoneReadsTheVote() {
        String poll = gateway.sandbox().phoneSend(FRIEND, PHONE,
                new PhoneContent.Poll("Lunch?", List.of("Pizza", "Sushi", "Tacos"), 0));
        await(() -> stored(poll).isPresent(), "the phone's poll stored");
        assertThat(stored(poll).orElseThrow().path("type").asText()).isEqualTo("poll");

        TestGateway.Answer vote = gateway.device(token, "POST", "/polls/" + poll + "/vote",
                "{\"chat_jid\":\"" + FRIEND + "\",\"options\":[\"Tacos\",\"Pizza\"]}");
        assertThat(vote.status()).as(vote.body()).isEqualTo(200);
        assertThat(vote.message()).isEqualTo("Success vote on poll");
        ReceivedMessage.PollVote read = awaitVoteAtPhone(vote.json().path("data").path("message_id").asText());
        assertThat(read.error()).isNull();
        assertThat(read.pollId()).isEqualTo(poll);
        assertThat(read.options()).containsExactly("Pizza", "Tacos");

        // a changed vote replaces the first
        TestGateway.Answer changed = gateway.device(token, "POST", "/polls/" + poll + "/vote",
                "{\"chat_jid\":\"" + FRIEND_JID + "\",\"options\":[\"Sushi\"]}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(awaitVoteAtPhone(changed.json().path("data").path("message_id").asText()).options())
                .containsExactly("Sushi");
        List<String> recorded = gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                        "select array_to_string(selected_options, ',') from wa_poll_votes where poll_message_id = :p")
                .bind("p", poll).mapTo(String.class).list());
        assertThat(recorded).containsExactly("Sushi");
    }

    @Test
    void thePhoneVotesOnTheGatewaysPollAndTheGatewayDecryptsIt() {
        TestGateway.Answer sent = gateway.device(token, "POST", "/chats/" + FRIEND + "/polls",
                "{\"question\":\"Meeting day?\",\"options\":[\"Mon\",\"Tue\",\"Wed\"],\"multi_answer\":false}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String poll = sent.json().path("data").path("message_id").asText();
        await(() -> phoneMessage(poll).isPresent(), "the poll at the phone");

        String voteId = gateway.sandbox().phoneSend(FRIEND, null, new PhoneContent.Vote(poll, List.of("Tue")));
        await(() -> event("poll.vote_decrypted", voteId).isPresent(), "poll.vote_decrypted");
        JsonNode decrypted = event("poll.vote_decrypted", voteId).orElseThrow();
        assertThat(decrypted.path("data").path("poll_id").asText()).isEqualTo(poll);
        assertThat(decrypted.path("data").path("selected_option_names").get(0).asText()).isEqualTo("Tue");
        assertThat(decrypted.path("data").path("selected_options").get(0).asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(
                        dev.wagateway.protocol.message.Polls.optionHash("Tue")));
        JsonNode received = event("message.received", voteId).orElseThrow();
        assertThat(received.path("data").path("type").asText()).isEqualTo("poll_vote");
        assertThat(received.path("data").path("poll_vote").path("selected_options").get(0).asText())
                .isEqualTo("Tue");
        assertThat(event("poll.vote", voteId)).isPresent();
        assertThat(event("poll.update", voteId)).isPresent();
        assertThat(stored(voteId).orElseThrow().path("type").asText()).isEqualTo("poll_vote");

        // the gateway's own vote on its poll reaches the phone too
        TestGateway.Answer own = gateway.device(token, "POST", "/polls/" + poll + "/vote",
                "{\"chat_jid\":\"" + FRIEND + "\",\"options\":[\"Wed\"]}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(awaitVoteAtPhone(own.json().path("data").path("message_id").asText()).options())
                .containsExactly("Wed");

        // the results count both voters' current choices, per option
        JsonNode results = gateway.device(token, "GET", "/polls/" + poll + "/results", null).json().path("data");
        assertThat(results.path("question").asText()).isEqualTo("Meeting day?");
        assertThat(results.path("voters").asInt()).isEqualTo(2);
        assertThat(results.path("options").get(0).path("votes").asInt()).isZero();
        assertThat(results.path("options").get(1).path("voters").get(0).asText()).isEqualTo(FRIEND
                + "@s.whatsapp.net");
        assertThat(results.path("options").get(2).path("votes").asInt()).isEqualTo(1);

        // deleting the poll revokes it at the phone
        TestGateway.Answer deleted = gateway.device(token, "DELETE", "/polls/" + poll,
                "{\"chat_jid\":\"" + FRIEND + "\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.message()).isEqualTo("Success delete poll");
    }

    @Test
    void aBadVoteIsRefusedBeforeAnythingIsSent() {
        TestGateway.Answer sent = gateway.device(token, "POST", "/chats/" + FRIEND + "/polls",
                "{\"question\":\"One only\",\"options\":[\"A\",\"B\"]}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String poll = sent.json().path("data").path("message_id").asText();
        int before = gateway.sandbox().phoneMessages(FRIEND).size();

        expect(vote(poll, FRIEND, "[\"C\"]"), 400, "not an option of the poll");
        expect(vote(poll, FRIEND, "[\"A\",\"B\"]"), 400, "allows 1 option");
        expect(vote(poll, FRIEND, "[\"A\",\"A\"]"), 400, "named twice");
        expect(vote(poll, FRIEND, "[]"), 400, "options is required");
        expect(gateway.device(token, "POST", "/polls/" + poll + "/vote", "{\"options\":[\"A\"]}"), 400,
                "chat_jid is required");
        expect(vote("3EB0NOSUCHPOLL", FRIEND, "[\"A\"]"), 404, "failed to build poll vote");
        expect(vote(poll, "15550999999", "[\"A\"]"), 404, "failed to build poll vote"); // another chat
        assertThat(gateway.sandbox().phoneMessages(FRIEND)).hasSize(before);
    }

    private static TestGateway.Answer vote(String poll, String chat, String options) {
        return gateway.device(token, "POST", "/polls/" + poll + "/vote",
                "{\"chat_jid\":\"" + chat + "\",\"options\":" + options + "}");
    }

    private static void expect(TestGateway.Answer answer, int status, String messagePart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.message()).contains(messagePart);
    }

    private static ReceivedMessage.PollVote awaitVoteAtPhone(String id) {
        await(() -> phoneMessage(id).isPresent(), "the vote at the phone");
        ReceivedMessage message = phoneMessage(id).orElseThrow();
        assertThat(message.type()).isEqualTo("poll_vote");
        return message.vote();
    }

    private static Optional<ReceivedMessage> phoneMessage(String id) {
        return gateway.sandbox().phoneMessages(FRIEND).stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private static Optional<JsonNode> stored(String id) {
        for (JsonNode message : gateway.device(token, "GET", "/chats/" + FRIEND + "/messages?limit=500", null).json()
                .path("data").path("messages")) {
            if (message.path("message_id").asText().equals(id)) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    /** The event of {@code type} about message {@code id}, from the durable event log. */
    private static Optional<JsonNode> event(String type, String id) {
        return gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                        "select payload from wa_events where event_type = :t order by id")
                .bind("t", type).mapTo(String.class).list()).stream().map(PollsApiTest::json)
                .filter(event -> event.path("data").path("message_id").asText().equals(id)).findFirst();
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
