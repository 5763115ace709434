package dev.wagateway.app.session;

import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.message.SendResult;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.app.session.SessionFixtures.await;
import static dev.wagateway.app.session.SessionFixtures.device;
import static dev.wagateway.app.session.SessionFixtures.loginByQr;
import static dev.wagateway.app.session.SessionFixtures.runtime;
import static dev.wagateway.app.session.SessionFixtures.sandbox;
import static dev.wagateway.app.session.SessionFixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The drain before a hand-back (a rebalancing give-back, a clean stop; docs/scale-out.md): a send in flight when its
 * device's session is handed back gets its ack, instead of the "connection lost" that cannot say whether it went
 * out; from the drain on, new calls are refused as a hand-over (503, nothing sent) and the session then stops. The
 * wait is bounded: an ack that does not come within the drain is cut as before. The sandbox holds the acks back
 * ({@code delayAcks}, {@code dropAcks}), so the send is surely in flight when the hand-back starts.
 */
class HandBackDrainTest {

    private static final String SHOP = "15550929292";
    private static final String FRIEND = "15550939393";
    private static final Jid FRIEND_JID = Jid.parse(FRIEND + "@s.whatsapp.net");

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    @Test
    void aSendInFlightGetsItsAckNewOnesAreRefusedThenTheSessionStops() throws Exception {
        withPairedDevice((sandbox, sessions, device, deviceJid) -> {
            sandbox.control().delayAcks(deviceJid, Duration.ofMillis(1500));
            CompletableFuture<SendResult> inFlight = CompletableFuture.supplyAsync(() -> send(sessions, device,
                    "in flight"));
            await(() -> texts(sandbox).contains("in flight"), "the send at the friend's phone, its ack held back");
            assertThat(inFlight).isNotDone();

            CompletableFuture<Integer> handBack = CompletableFuture.supplyAsync(() ->
                    sessions.handBack(List.of(device.id()), Duration.ofSeconds(5)));
            await(() -> refusedAsHandOver(sessions, device), "the drain to refuse new calls");
            assertThatThrownBy(() -> send(sessions, device, "after the drain began"))
                    .isInstanceOf(HandOverException.class);

            assertThat(inFlight.get(20, TimeUnit.SECONDS).id()).isNotEmpty(); // its ack, not "connection lost"
            assertThat(handBack.get(20, TimeUnit.SECONDS)).as("calls cut by the stop").isZero();
            assertThat(sessions.client(device.id())).as("the session stopped after the drain").isEmpty();
            await(() -> sandbox.control().onlineDeviceCount() == 0, "the connection closed");
            assertThat(texts(sandbox)).containsOnlyOnce("in flight").doesNotContain("after the drain began");
            assertThatThrownBy(() -> send(sessions, device, "after the stop")).isInstanceOf(HandOverException.class);
            return null;
        });
    }

    @Test
    void theDrainIsBoundedAnAckThatNeverComesIsCutAsBefore() throws Exception {
        withPairedDevice((sandbox, sessions, device, deviceJid) -> {
            sandbox.control().dropAcks(deviceJid, 1);
            CompletableFuture<SendResult> inFlight = CompletableFuture.supplyAsync(() -> send(sessions, device,
                    "never acked"));
            await(() -> texts(sandbox).contains("never acked"), "the send at the friend's phone");

            assertThat(sessions.handBack(List.of(device.id()), Duration.ofMillis(300))).as("calls cut").isEqualTo(1);
            assertThat(sessions.client(device.id())).isEmpty();
            assertThatThrownBy(() -> inFlight.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(WhatsAppFailureException.class,
                            failure -> assertThat(failure.mayHaveHappened()).isTrue());
            return null;
        });
    }

    private static boolean refusedAsHandOver(SessionManager sessions, Device device) {
        try {
            sessions.connectedClient(device.id());
            return false;
        } catch (HandOverException e) {
            return true;
        }
    }

    private static SendResult send(SessionManager sessions, Device device, String text) {
        return sessions.calls().call(device.id(), "send message", client -> client.messages().send(FRIEND_JID,
                Message.newBuilder().setConversation(text).build()));
    }

    private static List<String> texts(SandboxServer sandbox) {
        return sandbox.control().phoneMessages(FRIEND).stream().map(ReceivedMessage::text).toList();
    }

    @FunctionalInterface
    private interface Scenario {
        Void run(SandboxServer sandbox, SessionManager sessions, Device device, String deviceJid) throws Exception;
    }

    /** A logged-in device and a friend it has already sent to (its session with the friend set up). */
    private static void withPairedDevice(Scenario scenario) throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        try (SandboxServer sandbox = sandbox();
             WaClientRuntime runtime = runtime();
             SessionManager sessions = sessions(sandbox, runtime, store)) {
            sandbox.control().createPhone(SHOP, "Shop");
            sandbox.control().createPhone(FRIEND, "Friend");
            Device device = device(store, "drain-" + UUID.randomUUID());
            loginByQr(sandbox, sessions, SHOP, device);
            String deviceJid = sessions.client(device.id()).orElseThrow().jid().orElseThrow().toString();
            send(sessions, device, "warm-up");
            scenario.run(sandbox, sessions, device, deviceJid);
        }
    }
}
