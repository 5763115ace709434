package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short CI variant of the soak benchmark (docs/benchmarks.md, issue 22): a few devices with steady traffic both
 * ways and a dropped connection in the middle of it. Every message a send confirmed reaches the phone exactly once,
 * every message the phone sent reaches its device exactly once, and the JVM's platform threads, open file descriptors
 * and sockets do not grow with the traffic beyond a stated bound ({@link #THREAD_SLACK}, {@link #DESCRIPTOR_SLACK}).
 * It checks correctness and leaks by counts, never times. The long form is {@code bench/soak.sh}: the gateway and
 * the sandbox in processes of their own, a fixed pace for minutes with reconnect faults and a sample of each process
 * every minute (docs/benchmarks.md); this test still scales with {@code -Dsoak.devices}, {@code -Dsoak.rounds},
 * {@code -Dsoak.perRound}.
 */
class SoakCiTest {

    /** Devices, rounds and messages per round: small for CI; the long form sets them (docs/benchmarks.md). */
    private static final int DEVICES = Integer.getInteger("soak.devices", 3);
    private static final int ROUNDS = Integer.getInteger("soak.rounds", 3);
    private static final int PER_ROUND = Integer.getInteger("soak.perRound", 10);
    private static final List<String> SHOPS = java.util.stream.IntStream.range(0, DEVICES)
            .mapToObj(i -> "1555601%04d".formatted(i)).toList();
    private static final String CUSTOMER = "15556099999";
    /** Growth allowed after the warm-up round: platform threads, and file descriptors or sockets (each). */
    private static final int THREAD_SLACK = 4;
    private static final int DESCRIPTOR_SLACK = 16;

    @Test
    void steadyTrafficWithAReconnectDeliversEverythingOnceWithoutThreadGrowth() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            gateway.phone(CUSTOMER);
            List<String> tokens = new ArrayList<>();
            for (String shop : SHOPS) {
                tokens.add(gateway.pairedDevice(shop));
            }
            List<String> confirmed = new ArrayList<>();
            traffic(gateway, tokens, 0, confirmed); // warm-up: sessions, pools and caches exist afterwards
            ProcessSample before = ProcessSample.take();

            for (int round = 1; round < ROUNDS; round++) {
                // the network drops one device in the middle of every round after the first
                String dropped = gateway.sandbox().devices(SHOPS.get(round % SHOPS.size())).getFirst().jid();
                gateway.sandbox().dropConnection(dropped);
                traffic(gateway, tokens, round, confirmed);
            }

            await(() -> phoneReceived(gateway).containsAll(confirmed), "every confirmed send at the phone");
            List<String> atPhone = gateway.sandbox().phoneMessages(CUSTOMER).stream().map(ReceivedMessage::id)
                    .toList();
            assertThat(new HashSet<>(atPhone)).as("no message twice at the phone").hasSameSizeAs(atPhone);
            for (int i = 0; i < SHOPS.size(); i++) {
                String token = tokens.get(i);
                int expected = ROUNDS * PER_ROUND;
                await(() -> incoming(gateway, token).size() == expected, "the phone's messages at " + SHOPS.get(i));
                assertThat(new HashSet<>(incoming(gateway, token))).as("each once").hasSize(expected);
            }
            for (String token : tokens) {
                await(() -> gateway.connected(token), "every device connected again");
            }
            ProcessSample after = ProcessSample.take();
            // a reconnect may replace a thread or two; traffic must not add threads per message or per connection
            assertThat(after.threads()).as("platform threads after the traffic").isLessThanOrEqualTo(
                    before.threads() + THREAD_SLACK);
            // pooled HTTP and database connections may open a few more; a descriptor kept per message (hundreds
            // here) or per dropped connection would exceed it only in larger runs: the long form watches those
            assertThat(after.fds()).as("open file descriptors after the traffic (before: %s)", before)
                    .isLessThanOrEqualTo(before.fds() + DESCRIPTOR_SLACK);
            assertThat(after.sockets()).as("open sockets after the traffic (before: %s)", before)
                    .isLessThanOrEqualTo(before.sockets() + DESCRIPTOR_SLACK);
        }
    }

    /** One round: each device sends PER_ROUND texts to the phone and the phone sends PER_ROUND to each device. */
    private static void traffic(TestGateway gateway, List<String> tokens, int round, List<String> confirmed) {
        for (int k = 0; k < PER_ROUND; k++) {
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                String text = "r" + round + "-d" + i + "-" + k;
                TestGateway.Answer sent = gateway.device(token, "POST", "/chats/" + CUSTOMER + "/messages",
                        "{\"text\":\"" + text + "\"}");
                if (sent.status() == 200) {
                    confirmed.add(sent.json().path("data").path("message_id").asText());
                } else {
                    // not connected at that moment: the caller was told; wait for the session to be back
                    await(() -> gateway.connected(token), "the reconnect");
                }
                gateway.sandbox().phoneSendText(CUSTOMER, SHOPS.get(i), "in-" + text);
            }
        }
    }

    private static Set<String> phoneReceived(TestGateway gateway) {
        Set<String> ids = new HashSet<>();
        gateway.sandbox().phoneMessages(CUSTOMER).forEach(message -> ids.add(message.id()));
        return ids;
    }

    /** The message ids the device stored from the phone. */
    private static List<String> incoming(TestGateway gateway, String token) {
        List<String> ids = new ArrayList<>();
        for (JsonNode message : gateway.device(token, "GET", "/chats/" + CUSTOMER + "/messages?limit=500", null)
                .json().path("data").path("messages")) {
            if (!message.path("is_from_me").asBoolean()) {
                ids.add(message.path("message_id").asText());
            }
        }
        return ids;
    }
}
