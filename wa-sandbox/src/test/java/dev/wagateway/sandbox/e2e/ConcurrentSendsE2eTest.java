package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.stats.ProtocolCounters;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads sending on one device at once, through the sandbox: the device's sends combine their ratchet steps
 * into shared commits (CombiningEncryptor), and still the peer's phone and our own phone (the device-sent copy)
 * decrypt every message exactly once, and every send went through exactly one commit.
 */
class ConcurrentSendsE2eTest {

    private static final String ALICE = "15550007101";
    private static final String BOB = "15550007102";
    private static final int THREADS = 16;
    private static final int EACH = 12;

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void everyMessageOfManyConcurrentSendersArrivesOnceAtBothPhones() throws Exception {
        WaClient alice = world.paired(ALICE, world.config().build(), new InMemoryDeviceStore(),
                new EventRecorder());
        alice.messages().send(Jid.user(BOB), text("first")).get(15, TimeUnit.SECONDS); // sessions exist
        ProtocolCounters counters = world.runtime().counters();
        long sendsBefore = counters.ratchetCommitSends();

        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int sender = t;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EACH; i++) {
                    alice.messages().send(Jid.user(BOB), text("m " + sender + "/" + i)).join();
                }
            }, task -> Thread.ofVirtual().start(task)));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

        List<String> expected = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < EACH; i++) {
                expected.add("m " + t + "/" + i);
            }
        }
        world.awaitPhoneText(BOB, expected.getLast());
        world.awaitPhoneText(ALICE, expected.getLast());
        for (String phone : List.of(BOB, ALICE)) {
            Map<String, Long> received = world.sandbox.control().phoneMessages(phone).stream()
                    .map(ReceivedMessage::text).filter(text -> text != null && text.startsWith("m "))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            for (String text : expected) {
                if (received.get(text) == null) {
                    world.awaitPhoneText(phone, text); // a phone decrypts on its own thread, after the ack
                }
            }
            received = world.sandbox.control().phoneMessages(phone).stream()
                    .map(ReceivedMessage::text).filter(text -> text != null && text.startsWith("m "))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(received.keySet()).as(phone).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(received.values()).as("each once at " + phone).allMatch(count -> count == 1);
        }
        assertThat(counters.ratchetCommitSends() - sendsBefore).as("every send in exactly one commit")
                .isEqualTo(THREADS * EACH);
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
