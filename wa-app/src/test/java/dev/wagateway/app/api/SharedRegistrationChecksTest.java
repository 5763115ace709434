package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.core.address.CombiningRegistrationLookup;
import dev.wagateway.core.address.DeviceRegistrationLookup;
import dev.wagateway.core.address.PhoneNumber;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.sandbox.ContactQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * R1 registration checks (api.md §4.3) of one device share usync queries: checks that arrive while the device's
 * query is on the wire wait and are asked together by the next query, one number once, each check answered with its
 * own numbers' answers, never from a query sent before it arrived; a failed query fails only its own checks. Counted
 * at the real sandbox, which holds a query's answer for as long as a test needs (its contact-query fault).
 */
class SharedRegistrationChecksTest {

    private static final String SHOP = "15554040101";
    private static final String ALICE = "15554040202";
    private static final String BOB = "15554040303";
    private static final String NOBODY = "15554049999";
    private static TestGateway gateway;
    private static String token;
    private static UUID device;
    private static String deviceJid;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        JsonNode created = gateway.createDevice(gateway.createApiKey(1), SHOP);
        token = created.path("token").asText();
        device = UUID.fromString(created.path("device_id").asText());
        deviceJid = gateway.pair(token, SHOP);
        gateway.phone(ALICE);
        gateway.phone(BOB);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static ContactQueries queries() {
        return gateway.sandbox().contactQueries();
    }

    private static RegistrationLookup asked() {
        return new DeviceRegistrationLookup(gateway.application().services().sessions().calls(), 50);
    }

    private static CompletableFuture<Optional<Jid>> check(RegistrationLookup lookup, String number) {
        CompletableFuture<Optional<Jid>> answer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                answer.complete(lookup.lookup(device, PhoneNumber.parse(number)));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** Starts a check whose query the sandbox holds, and waits until that query is on the wire. */
    private static CompletableFuture<Optional<Jid>> inFlight(RegistrationLookup lookup, String number) {
        int before = queries().asked(deviceJid).size();
        queries().hold(deviceJid, true);
        CompletableFuture<Optional<Jid>> first = check(lookup, number);
        await(() -> queries().asked(deviceJid).size() == before + 1, "the first query to reach the sandbox");
        return first;
    }

    private static Optional<Jid> answer(CompletableFuture<Optional<Jid>> check) throws Exception {
        return check.get(30, TimeUnit.SECONDS);
    }

    @Test
    void checksArrivingDuringAQueryShareTheNextOneAndEachGetsItsOwnAnswer() throws Exception {
        CombiningRegistrationLookup lookup = new CombiningRegistrationLookup(asked(), 50);
        int before = queries().asked(deviceJid).size();
        CompletableFuture<Optional<Jid>> first = inFlight(lookup, ALICE);
        Map<String, List<CompletableFuture<Optional<Jid>>>> later = new LinkedHashMap<>();
        for (String number : List.of(ALICE, BOB, NOBODY)) {
            later.put(number, List.of(check(lookup, number), check(lookup, number)));
        }
        await(() -> lookup.waiting(device) == 6, "six checks to wait for the query on the wire");

        queries().hold(deviceJid, false);

        assertThat(answer(first)).contains(Jid.user(ALICE));
        for (CompletableFuture<Optional<Jid>> alice : later.get(ALICE)) {
            assertThat(answer(alice)).contains(Jid.user(ALICE));
        }
        for (CompletableFuture<Optional<Jid>> bob : later.get(BOB)) {
            assertThat(answer(bob)).contains(Jid.user(BOB));
        }
        for (CompletableFuture<Optional<Jid>> nobody : later.get(NOBODY)) {
            assertThat(answer(nobody)).as("not registered, for its own checks only").isEmpty();
        }
        List<List<String>> sent = queries().asked(deviceJid).subList(before, queries().asked(deviceJid).size());
        assertThat(sent).as("the first query alone, then one query for the six checks, each number once")
                .hasSize(2);
        assertThat(sent.get(0)).containsExactly(ALICE);
        assertThat(sent.get(1)).as("Alice asked again: her later checks came after the first query left")
                .containsExactlyInAnyOrder(ALICE, BOB, NOBODY);
    }

    @Test
    void aFailedQueryFailsOnlyItsOwnChecksWithTheErrorOfAnUncombinedCheck() throws Exception {
        queries().refuseNext(deviceJid, 500);
        GatewayException uncombined = null;
        try {
            asked().lookup(device, PhoneNumber.parse(ALICE));
        } catch (GatewayException e) {
            uncombined = e;
        }
        assertThat(uncombined).isInstanceOf(WhatsAppFailureException.class);

        CombiningRegistrationLookup lookup = new CombiningRegistrationLookup(asked(), 50);
        queries().refuseNext(deviceJid, 500);
        CompletableFuture<Optional<Jid>> refused = inFlight(lookup, ALICE);
        CompletableFuture<Optional<Jid>> alice = check(lookup, ALICE);
        CompletableFuture<Optional<Jid>> nobody = check(lookup, NOBODY);
        await(() -> lookup.waiting(device) == 2, "two checks to wait for the refused query");

        queries().hold(deviceJid, false);

        assertThatThrownBy(() -> answer(refused)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(uncombined.getClass()).hasMessage(uncombined.getMessage());
        assertThat(answer(alice)).as("asked by the next query, which WhatsApp answered").contains(Jid.user(ALICE));
        assertThat(answer(nobody)).isEmpty();
    }

    @Test
    void manyWaitingNumbersAreAskedInQueriesOfTheBatchSize() throws Exception {
        CombiningRegistrationLookup lookup = new CombiningRegistrationLookup(asked(), 2);
        int before = queries().asked(deviceJid).size();
        CompletableFuture<Optional<Jid>> first = inFlight(lookup, BOB);
        List<String> numbers = List.of(ALICE, BOB, NOBODY, "15554049998", "15554049997");
        List<CompletableFuture<Optional<Jid>>> checks = numbers.stream().map(number -> check(lookup, number)).toList();
        await(() -> lookup.waiting(device) == numbers.size(), "five checks to wait");

        queries().hold(deviceJid, false);

        assertThat(answer(first)).contains(Jid.user(BOB));
        assertThat(answer(checks.get(0))).contains(Jid.user(ALICE));
        assertThat(answer(checks.get(1))).contains(Jid.user(BOB));
        for (CompletableFuture<Optional<Jid>> unregistered : checks.subList(2, 5)) {
            assertThat(answer(unregistered)).isEmpty();
        }
        List<List<String>> sent = queries().asked(deviceJid).subList(before + 1, queries().asked(deviceJid).size());
        assertThat(sent).hasSize(3).allSatisfy(query -> assertThat(query).hasSizeLessThanOrEqualTo(2));
        assertThat(sent.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(numbers);
    }

    @Test
    void concurrentSendsToOneNumberShareOneQueryAndAllLandEachOnce() throws Exception {
        int sends = 24;
        CombiningRegistrationLookup checks = gateway.application().services().registrationChecks();
        int before = queries().asked(deviceJid).size();
        HttpClient http = HttpClient.newHttpClient();
        queries().hold(deviceJid, true);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        answers.add(send(http, 0));
        await(() -> queries().asked(deviceJid).size() == before + 1, "the first send's query to reach the sandbox");
        for (int i = 1; i < sends; i++) {
            answers.add(send(http, i));
        }
        await(() -> checks.waiting(device) == sends - 1, "the other sends' checks to wait for the query on the wire");

        queries().hold(deviceJid, false);

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        List<List<String>> sent = queries().asked(deviceJid).subList(before, queries().asked(deviceJid).size());
        assertThat(sent).as("the first send's query, then one query shared by the 23 checks that waited for it")
                .containsExactly(List.of(ALICE), List.of(ALICE));
        await(() -> gateway.sandbox().phoneMessages(ALICE).stream()
                .filter(m -> m.text() != null && m.text().startsWith("shared check ")).count() >= sends,
                "every send to reach Alice's phone");
        List<String> texts = new ArrayList<>();
        gateway.sandbox().phoneMessages(ALICE).stream().map(m -> m.text())
                .filter(t -> t != null && t.startsWith("shared check ")).forEach(texts::add);
        assertThat(texts).as("each send once").hasSize(sends);
        assertThat(new HashSet<>(texts)).hasSize(sends);
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient http, int i) {
        return http.sendAsync(gateway.sendTextRequest(token, ALICE, "shared check " + i),
                HttpResponse.BodyHandlers.ofString());
    }
}
