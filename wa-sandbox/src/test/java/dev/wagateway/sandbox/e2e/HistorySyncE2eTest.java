package dev.wagateway.sandbox.e2e;

import dev.wagateway.sandbox.RefusalCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.history.HistoryConversation;
import dev.wagateway.protocol.history.HistoryMessage;
import dev.wagateway.protocol.history.HistoryPushName;
import dev.wagateway.protocol.history.HistorySyncType;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WaClient#history()} against the sandbox's phones (protocol §8.8): the history a phone holds reaches the
 * companion it links, inline when small and as an encrypted {@code md-msg-hist} blob when large, with push names, LID
 * mappings and the tokens contacts issued; each notification is acknowledged with a {@code hist_sync} receipt the
 * phone sees; an on-demand request brings older messages of one chat.
 */
class HistorySyncE2eTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";
    private static final String CAROL = "15550003333";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WaClient> clients = new ArrayList<>();
    private SandboxServer sandbox;
    private WaClientRuntime runtime;
    private WaClientConfig config;

    @BeforeEach
    void start() {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        sandbox.control().createPhone(ALICE, "Alice");
        sandbox.control().createPhone(BOB, "Bob");
        sandbox.control().createPhone(CAROL, "Carol");
        runtime = WaClientRuntime.create(http);
        config = WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
                .preKeys(30, 10, 5)
                .media(MediaTransferConfig.withSslContext(sandbox.mediaSslContext()))
                .build();
    }

    @AfterEach
    void stop() {
        clients.forEach(WaClient::close);
        sandbox.close();
        runtime.close();
    }

    @Test
    void aLinkedDeviceGetsThePhonesChatsContactsMappingsAndTokensInline() throws Exception {
        // Bob wrote to Alice before her new device existed: his phone issued her account a token
        sandbox.control().phoneSendText(BOB, ALICE, "hello before the link");
        ObjectNode seed = JSON.createObjectNode();
        ArrayNode messages = seed.putArray("messages");
        for (int i = 0; i < 12; i++) {
            messages.addObject().put("id", "3EB0B0B" + i).put("chat", BOB).put("from_me", i % 3 == 0)
                    .put("text", "bob " + i).put("timestamp", 1_700_000_000L + i);
        }
        for (int i = 0; i < 7; i++) {
            messages.addObject().put("id", "3EB0CA" + i).put("chat", CAROL).put("from_me", false)
                    .put("text", "carol " + i).put("timestamp", 1_700_001_000L + i);
        }
        ArrayNode contacts = seed.putArray("contacts");
        contacts.addObject().put("phone", BOB).put("name", "Bobby");
        contacts.addObject().put("phone", CAROL).put("name", "Caro");
        sandbox.history().seed(ALICE, seed);

        EventRecorder events = new EventRecorder();
        InMemoryDeviceStore store = new InMemoryDeviceStore();
        WaClient alice = pairedClient(ALICE, events, store);

        WaEvent.HistorySynced bootstrap = events.next(WaEvent.HistorySynced.class,
                e -> e.type() == HistorySyncType.INITIAL_BOOTSTRAP, WAIT);
        assertThat(bootstrap.conversations()).isEqualTo(2);
        assertThat(bootstrap.messages()).isEqualTo(19);
        assertThat(bootstrap.progress()).isEqualTo(100);
        Map<Jid, List<HistoryMessage>> byChat = conversations(events, bootstrap.notificationId()).stream()
                .collect(Collectors.groupingBy(HistoryConversation::chat,
                        Collectors.flatMapping(c -> c.messages().stream(), Collectors.toList())));
        assertThat(byChat.get(Jid.user(BOB))).hasSize(12);
        assertThat(byChat.get(Jid.user(CAROL))).hasSize(7);
        HistoryMessage first = byChat.get(Jid.user(BOB)).stream().filter(m -> m.id().equals("3EB0B0B0")).findFirst()
                .orElseThrow();
        assertThat(first.fromMe()).isTrue();
        assertThat(first.sender()).isEqualTo(Jid.user(ALICE));
        assertThat(first.message().getConversation()).isEqualTo("bob 0");
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        HistoryMessage fromCarol = byChat.get(Jid.user(CAROL)).getFirst();
        assertThat(fromCarol.fromMe()).isFalse();
        assertThat(fromCarol.sender()).isEqualTo(Jid.user(CAROL));
        assertThat(fromCarol.pushName()).isEqualTo("Caro");

        WaEvent.HistorySynced names = events.next(WaEvent.HistorySynced.class,
                e -> e.type() == HistorySyncType.PUSH_NAME, WAIT);
        List<HistoryPushName> pushNames = events.all().stream().filter(WaEvent.HistoryPushNames.class::isInstance)
                .map(WaEvent.HistoryPushNames.class::cast).filter(e -> e.notificationId().equals(names.notificationId()))
                .flatMap(e -> e.pushNames().stream()).toList();
        assertThat(pushNames).containsExactlyInAnyOrder(new HistoryPushName(Jid.user(BOB), "Bobby"),
                new HistoryPushName(Jid.user(CAROL), "Caro"));

        Jid bobLid = store.lidMappings().lidOf(Jid.user(BOB)).orElseThrow();
        assertThat(bobLid.isLid()).isTrue();
        assertThat(store.lidMappings().phoneOf(bobLid)).contains(Jid.user(BOB));
        assertThat(store.privacyTokens().get(bobLid)).as("kept under the contact's LID").isPresent()
                .hasValueSatisfying(entry -> assertThat(entry.token()).isNotEmpty());
        assertThat(store.privacyTokens().get(Jid.user(CAROL))).isEmpty();

        Map<String, Object> view = acknowledged(names.notificationId());
        assertThat(view.get("acknowledged").toString()).contains(bootstrap.notificationId(), names.notificationId());
        assertThat(view.get("sent").toString()).contains("inline=true").doesNotContain("inline=false");
        // the token came with the history: a reply to Bob passes at once
        alice.messages().send(Jid.user(BOB), dev.wagateway.protocol.proto.Message.newBuilder()
                .setConversation("reply").build()).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aLargeHistoryComesAsAnEncryptedMediaBlobInBoundedBatches() throws Exception {
        ObjectNode seed = JSON.createObjectNode();
        ArrayNode messages = seed.putArray("messages");
        byte[] noise = new byte[3_000];
        int total = 1_800; // about 7 MB of text that does not compress below 5 MB
        for (int i = 0; i < total; i++) {
            SecureRandoms.create().nextBytes(noise);
            messages.addObject().put("id", "3EB0F" + i).put("chat", i % 2 == 0 ? BOB : CAROL).put("from_me", i % 5 == 0)
                    .put("text", Base64.getEncoder().encodeToString(noise)).put("timestamp", 1_700_000_000L + i);
        }
        sandbox.history().seed(ALICE, seed);

        EventRecorder events = new EventRecorder();
        pairedClient(ALICE, events, new InMemoryDeviceStore());
        WaEvent.HistorySynced bootstrap = events.next(WaEvent.HistorySynced.class,
                e -> e.type() == HistorySyncType.INITIAL_BOOTSTRAP, Duration.ofSeconds(90));

        Map<String, Object> view = acknowledged(bootstrap.notificationId());
        assertThat(view.get("sent").toString()).contains("inline=false");
        List<?> sent = (List<?>) view.get("sent");
        assertThat(sent.getFirst().toString()).contains(bootstrap.notificationId(), "inline=false");
        long blobBytes = Long.parseLong(sent.getFirst().toString().replaceAll(".*bytes=(\\d+).*", "$1"));
        assertThat(blobBytes).isGreaterThan(5_000_000L);

        List<WaEvent.HistoryConversations> batches = events.all().stream()
                .filter(WaEvent.HistoryConversations.class::isInstance).map(WaEvent.HistoryConversations.class::cast)
                .filter(e -> e.notificationId().equals(bootstrap.notificationId())).toList();
        assertThat(batches).hasSizeGreaterThan(3);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.conversations().stream()
                .mapToInt(c -> c.messages().size()).sum()).isLessThanOrEqualTo(500));
        assertThat(batches.stream().flatMap(b -> b.conversations().stream()).flatMap(c -> c.messages().stream())
                .map(HistoryMessage::id).distinct().count()).isEqualTo(total);
        assertThat(bootstrap.messages()).isEqualTo(total);
        assertThat(view.get("acknowledged").toString()).contains(bootstrap.notificationId());
    }

    @Test
    void anOnDemandRequestBringsOlderMessagesOfOneChat() throws Exception {
        ObjectNode seed = JSON.createObjectNode();
        seed.put("recent_per_chat", 5);
        ArrayNode messages = seed.putArray("messages");
        for (int i = 0; i < 20; i++) {
            messages.addObject().put("id", "3EB0D" + i).put("chat", BOB).put("from_me", false)
                    .put("text", "old " + i).put("timestamp", 1_700_000_000L + i);
        }
        sandbox.history().seed(ALICE, seed);
        EventRecorder events = new EventRecorder();
        WaClient alice = pairedClient(ALICE, events, new InMemoryDeviceStore());
        WaEvent.HistorySynced bootstrap = events.next(WaEvent.HistorySynced.class,
                e -> e.type() == HistorySyncType.INITIAL_BOOTSTRAP, WAIT);
        List<HistoryMessage> recent = conversations(events, bootstrap.notificationId()).stream()
                .flatMap(c -> c.messages().stream()).toList();
        assertThat(recent).extracting(HistoryMessage::id).containsExactlyInAnyOrder("3EB0D19", "3EB0D18", "3EB0D17",
                "3EB0D16", "3EB0D15");

        alice.history().requestMore(Jid.user(BOB), "3EB0D15", false, Instant.ofEpochSecond(1_700_000_015L), 8)
                .get(20, TimeUnit.SECONDS);
        WaEvent.HistorySynced onDemand = events.next(WaEvent.HistorySynced.class,
                e -> e.type() == HistorySyncType.ON_DEMAND, WAIT);
        List<HistoryConversation> older = conversations(events, onDemand.notificationId());
        assertThat(older.stream().flatMap(c -> c.messages().stream()).map(HistoryMessage::id))
                .containsExactly("3EB0D14", "3EB0D13", "3EB0D12", "3EB0D11", "3EB0D10", "3EB0D9", "3EB0D8", "3EB0D7");
        assertThat(older.getLast().endOfHistory()).isFalse();
    }

    /** Alice's phone's view once it has the {@code hist_sync} receipt for {@code id} (it follows the last event). */
    private Map<String, Object> acknowledged(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Object> view = sandbox.history().view(ALICE);
        while (!view.get("acknowledged").toString().contains(id) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            view = sandbox.history().view(ALICE);
        }
        return view;
    }

    private static List<HistoryConversation> conversations(EventRecorder events, String notificationId) {
        return events.all().stream().filter(WaEvent.HistoryConversations.class::isInstance)
                .map(WaEvent.HistoryConversations.class::cast)
                .filter(e -> e.notificationId().equals(notificationId))
                .flatMap(e -> e.conversations().stream()).toList();
    }

    private WaClient pairedClient(String phone, EventRecorder events, InMemoryDeviceStore store) throws Exception {
        WaClient client = new WaClient(config, runtime, store);
        client.addListener(events);
        clients.add(client);
        client.connect();
        sandbox.control().linkQr(phone, events.next(WaEvent.QrCode.class, WAIT).text());
        // the history and the app-state key share may come before the first Connected, which waits for the push name
        events.await(WaEvent.Connected.class, WAIT);
        return client;
    }
}
