package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.pairing.PairingQr;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WaClient}'s lifecycle against the sandbox server over real websockets: pairing by QR and by code, restart
 * from the store, reconnect after a dropped connection, stream errors (515, conflict, 401), restarts at once after a
 * disconnect, logout, a forged pair-success. Messaging is {@link WaClientMessagingE2eTest}.
 */
class WaClientSandboxE2eTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";
    private static final Duration WAIT = SandboxWorld.WAIT;

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);
    private WaClientConfig config = world.config().preKeys(30, 10, 5).build();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void pairsByQrThenRestartsFromItsStoreWithoutANewQr() throws Exception {
        DeviceStore store = new InMemoryDeviceStore();
        EventRecorder first = new EventRecorder();
        WaClient client = world.client(config, store, first);
        client.connect();
        WaEvent.QrCode qr = first.next(WaEvent.QrCode.class, WAIT);
        assertThat(qr.expiresIn()).isEqualTo(Duration.ofSeconds(60));
        assertThat(client.state()).isEqualTo(ClientState.WAITING_FOR_QR);
        world.sandbox.control().linkQr(ALICE, qr.text());

        WaEvent.PairSuccess paired = first.next(WaEvent.PairSuccess.class, WAIT);
        assertThat(paired.jid().user()).isEqualTo(ALICE);
        WaEvent.Connected connected = first.next(WaEvent.Connected.class, WAIT);
        assertThat(connected.jid()).isEqualTo(paired.jid());
        assertThat(store.pairedDevice()).isPresent();
        assertThat(store.preKeyCounters().pending()).isZero();
        assertThat(world.sandbox.control().devices(ALICE)).anySatisfy(d -> {
            assertThat(d.jid()).isEqualTo(paired.jid().toString());
            assertThat(d.online()).isTrue();
        });
        client.close();
        world.awaitOffline(paired.jid());

        EventRecorder second = new EventRecorder();
        WaClient restarted = world.client(config, store, second);
        restarted.connect();
        assertThat(second.next(WaEvent.Connected.class, WAIT).jid()).isEqualTo(paired.jid());
        assertThat(second.all()).noneMatch(e -> e instanceof WaEvent.QrCode);
        assertThat(restarted.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void reconnectsAfterADroppedConnectionAndLosesNothing() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), events);
        Jid device = alice.jid().orElseThrow();

        world.sandbox.control().dropConnection(device.toString());
        assertThat(events.next(WaEvent.Disconnected.class, WAIT).reconnecting()).isTrue();
        world.sandbox.control().phoneSendText(BOB, ALICE + "@s.whatsapp.net", "sent while you were away");
        events.next(WaEvent.Connected.class, WAIT);
        WaEvent.MessageReceived queued = events.next(WaEvent.MessageReceived.class, WAIT);
        assertThat(queued.message().getConversation()).isEqualTo("sent while you were away");

        alice.messages().send(Jid.user(BOB), text("back online")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "back online");
        world.awaitQueueEmpty(device);
    }

    @Test
    void aMessageWhoseListenerFailsStaysQueuedAndComesBackAfterAReconnect() throws Exception {
        EventRecorder events = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, config, store, events);
        Jid device = alice.jid().orElseThrow();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        alice.addListener(event -> event instanceof WaEvent.MessageReceived && refuse.get()
                ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("database down"))
                : java.util.concurrent.CompletableFuture.completedFuture(null));

        world.sandbox.control().phoneSendText(BOB, ALICE + "@s.whatsapp.net", "store me");
        assertThat(events.next(WaEvent.MessageReceived.class, WAIT).message().getConversation()).isEqualTo("store me");
        Thread.sleep(300);
        assertThat(world.sandbox.control().devices(ALICE).getFirst().queued()).isEqualTo(1);

        refuse.set(false);
        world.sandbox.control().dropConnection(device.toString());
        events.next(WaEvent.Connected.class, WAIT);
        assertThat(events.next(WaEvent.MessageReceived.class, WAIT).message().getConversation()).isEqualTo("store me");
        world.awaitQueueEmpty(device);
    }

    @Test
    void restartsAtOnceOn515AndStopsOnReplacedOrRemoved() throws Exception {
        EventRecorder events = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, config, store, events);
        Jid device = alice.jid().orElseThrow();

        world.sandbox.control().streamError(device.toString(), "515");
        events.next(WaEvent.Disconnected.class, WAIT);
        events.next(WaEvent.Connected.class, WAIT);

        world.sandbox.control().streamError(device.toString(), "conflict");
        events.next(WaEvent.Replaced.class, WAIT);
        Thread.sleep(500);
        assertThat(alice.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(events.all()).filteredOn(e -> e instanceof WaEvent.Connected).hasSize(2);

        alice.connect();
        events.next(WaEvent.Connected.class, WAIT);
        world.sandbox.control().streamError(device.toString(), "401");
        events.next(WaEvent.LoggedOut.class, WAIT);
        assertThat(alice.state()).isEqualTo(ClientState.LOGGED_OUT);
        assertThat(store.credentials()).isEmpty();
        assertThat(store.pairedDevice()).isEmpty();
    }

    @Test
    void aDisconnectFollowedAtOnceByAConnectEndsLoggedIn() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), events);
        for (int restart = 1; restart <= 5; restart++) {
            // the old connection's close is handled after the new start: it must not stop the new run, and the
            // old run's login must not stand for the new one's
            alice.disconnect();
            assertThat(alice.state()).as("stopped %d", restart).isNotEqualTo(ClientState.CONNECTED);
            CompletableFuture<Void> back = alice.whenConnected();
            assertThat(back).as("the login of restart %d before it started", restart).isNotDone();
            alice.connect();
            back.get(15, TimeUnit.SECONDS);
            assertThat(alice.state()).as("after restart %d", restart).isEqualTo(ClientState.CONNECTED);
            alice.messages().send(Jid.user(BOB), text("right after restart " + restart)).get(15, TimeUnit.SECONDS);
            world.awaitPhoneText(BOB, "right after restart " + restart);
        }
        String id = world.sandbox.control().phoneSendText(BOB, ALICE + "@s.whatsapp.net", "still listening");
        events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
    }

    @Test
    void logoutUnlinksTheDeviceAndClearsTheStore() throws Exception {
        EventRecorder events = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, config, store, events);
        Jid device = alice.jid().orElseThrow();

        alice.logout().get(15, TimeUnit.SECONDS);
        assertThat(store.credentials()).isEmpty();
        assertThat(alice.state()).isEqualTo(ClientState.LOGGED_OUT);
        events.next(WaEvent.LoggedOut.class, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (world.sandbox.control().devices(ALICE).stream().anyMatch(d -> d.jid().equals(device.toString()))) {
            assertThat(System.nanoTime()).as("device still linked").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aPairSuccessHmacedWithAnotherSecretIsRefusedAndNothingIsStored() throws Exception {
        EventRecorder events = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        WaClient client = world.client(config, store, events);
        client.connect();
        PairingQr shown = PairingQr.parse(events.next(WaEvent.QrCode.class, WAIT).text());
        byte[] otherSecret = new byte[32];
        SecureRandoms.create().nextBytes(otherSecret);
        // the phone scans a code whose adv secret is not ours: its pair-success HMAC cannot verify
        world.sandbox.control().linkQr(ALICE, new PairingQr(shown.ref(), shown.noisePublic(), shown.identityPublic(),
                otherSecret, shown.platformId()).text());

        assertThat(events.next(WaEvent.PairFailure.class, WAIT).reason()).contains("hmac-mismatch");
        assertThat(store.pairedDevice()).isEmpty();
        assertThat(events.all()).noneMatch(e -> e instanceof WaEvent.PairSuccess || e instanceof WaEvent.Connected);
        assertThat(client.state()).isNotEqualTo(ClientState.CONNECTED);
    }

    @Test
    void pairsByCodeThenRestartsFromItsStoreWithoutANewCode() throws Exception {
        EventRecorder events = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        WaClient client = world.client(config, store, events);
        client.connect();
        events.next(WaEvent.QrCode.class, WAIT);
        String code = client.requestPairingCode("+1 555 000 1111").get(30, TimeUnit.SECONDS);
        assertThat(code).hasSize(8);
        world.sandbox.control().linkCode(ALICE, code);
        Jid paired = events.next(WaEvent.PairSuccess.class, WAIT).jid();
        assertThat(paired.user()).isEqualTo(ALICE);
        events.next(WaEvent.Connected.class, WAIT);
        client.close();
        world.awaitOffline(paired);

        EventRecorder afterRestart = new EventRecorder();
        WaClient restarted = world.client(config, store, afterRestart);
        restarted.connect();
        assertThat(afterRestart.next(WaEvent.Connected.class, WAIT).jid()).isEqualTo(paired);
        assertThat(afterRestart.all()).noneMatch(e -> e instanceof WaEvent.QrCode);
        String id = world.sandbox.control().phoneSendText(BOB, ALICE + "@s.whatsapp.net", "after a code pairing");
        assertThat(afterRestart.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT)
                .message().getConversation()).isEqualTo("after a code pairing");
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
