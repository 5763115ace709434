package dev.wagateway.app.session;

import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.RestoreReport;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.StartupReconnect;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import dev.wagateway.protocol.transport.FrameConnection;
import dev.wagateway.protocol.transport.FrameDialer;
import dev.wagateway.protocol.transport.FrameListener;
import dev.wagateway.protocol.transport.WebSocketFrameDialer;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static dev.wagateway.app.session.SessionFixtures.await;
import static dev.wagateway.app.session.SessionFixtures.device;
import static dev.wagateway.app.session.SessionFixtures.runtime;
import static dev.wagateway.app.session.SessionFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot restore of api.md §8.8 against the sandbox and a real PostgreSQL: a device WhatsApp refuses is logged
 * out at once, a server that cannot be reached costs exactly the configured attempts and leaves the devices
 * disconnected with their clients stopped, and no more devices connect at once than the concurrency allows.
 * Every restore here runs in a second session manager over the devices a first one paired, as after a restart.
 */
class StartupRestoreTest {

    /** Three attempts 50 ms apart (plus the schedule's up to 0.5 s): small enough for a test. */
    private static final StartupReconnect QUICK = new StartupReconnect(2, Duration.ZERO, 3, Duration.ofMillis(50),
            Duration.ofMillis(100));

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    @Test
    void aDeviceRemovedAtThePhoneIsLoggedOutAndTheOthersReconnect() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        try (SandboxServer sandbox = sandbox()) {
            List<Device> paired = pairAndStop(store, sandbox, List.of("15552010101", "15552020202"));
            Device removed = paired.get(0);
            // unlinked at the phone while the gateway was down: the next login is refused
            sandbox.control().streamError(jid(store, removed), "401");
            CountingDialer dialer = new CountingDialer(() -> 0);
            try (WaClientRuntime runtime = dialer.runtime();
                 SessionManager sessions = manager(store, sandbox, runtime, QUICK)) {
                RestoreReport report = restoreOnly(sessions, store, paired);
                assertThat(report.connected()).isEqualTo(1);
                assertThat(report.loggedOut()).isEqualTo(1);
                assertThat(report.failed()).isZero();
                assertThat(status(store, removed)).isEqualTo(DeviceStatus.LOGGED_OUT);
                assertThat(store.protocolStores().open(removed.id()).pairedDevice()).isEmpty();
                assertThat(status(store, paired.get(1))).isEqualTo(DeviceStatus.ACTIVE);
                assertThat(sessions.liveStatus(paired.get(1).id()).healthy()).isTrue();
                assertThat(dialer.dials()).isEqualTo(2); // a refusal is final: no second attempt
            }
        }
    }

    @Test
    void anUnreachableServerCostsTheConfiguredAttemptsThenTheDevicesAreDisconnectedAndStopped() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        List<Device> paired;
        URI server;
        byte[] rootKey;
        try (SandboxServer sandbox = sandbox()) {
            server = sandbox.webSocketUrl();
            rootKey = sandbox.rootPublicKey();
            paired = pairAndStop(store, sandbox, List.of("15552030303", "15552040404"));
        } // the server is gone: its port refuses connections now
        CountingDialer dialer = new CountingDialer(() -> 0);
        try (WaClientRuntime runtime = dialer.runtime();
             SessionManager sessions = manager(store, server, rootKey, runtime, QUICK)) {
            RestoreReport report = restoreOnly(sessions, store, paired);
            assertThat(report.failed()).isEqualTo(2);
            assertThat(report.connected()).isZero();
            assertThat(dialer.dials()).isEqualTo(2 * QUICK.attempts());
            for (Device device : paired) {
                assertThat(status(store, device)).isEqualTo(DeviceStatus.DISCONNECTED);
                assertThat(sessions.client(device.id()).orElseThrow().state()).isEqualTo(ClientState.DISCONNECTED);
            }
            // stopped, not retrying on their own: the client back-off here is 100 ms, so 1 s would show retries
            Thread.sleep(1_000);
            assertThat(dialer.dials()).isEqualTo(2 * QUICK.attempts());

            // deleting a device while WhatsApp is unreachable still erases it locally, without hanging
            sessions.discard(paired.get(0).id());
            assertThat(store.protocolStores().open(paired.get(0).id()).credentials()).isEmpty();
        }
    }

    @Test
    void noMoreDevicesConnectAtOnceThanTheConcurrencyAllows() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        int limit = 2;
        try (SandboxServer sandbox = sandbox()) {
            List<String> phones = List.of("15552050505", "15552060606", "15552070707", "15552080808", "15552090909");
            List<Device> paired = pairAndStop(store, sandbox, phones);
            await(() -> sandbox.control().onlineDeviceCount() == 0, "the first clients to go offline");
            // in flight = attempts that dialled minus devices the server has logged in; it must never exceed the
            // limit, and the first two dials wait for each other so that the limit is actually reached
            CountingDialer dialer = new CountingDialer(() -> sandbox.control().onlineDeviceCount());
            dialer.meetAtFirst(limit);
            StartupReconnect settings = new StartupReconnect(limit, Duration.ofMillis(200), 1, Duration.ofMillis(50),
                    Duration.ofMillis(100));
            try (WaClientRuntime runtime = dialer.runtime();
                 SessionManager sessions = manager(store, sandbox, runtime, settings)) {
                RestoreReport report = restoreOnly(sessions, store, paired);
                assertThat(report.connected()).isEqualTo(phones.size());
                assertThat(dialer.dials()).isEqualTo(phones.size());
                assertThat(dialer.maxInFlight()).isEqualTo(limit);
            }
        }
    }

    /**
     * A device waiting out its start jitter holds no slot: with one slot, the first device draws a start delay of a
     * minute and the second none, and the second logs in while the first has not even dialled. (Were the slot taken
     * before the delay, whichever device took it first would keep the other out for its whole delay.)
     */
    @Test
    void aDeviceWaitingOutItsStartJitterHoldsNoSlot() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        long jitterMillis = 60_000;
        try (SandboxServer sandbox = sandbox()) {
            List<Device> paired = pairAndStop(store, sandbox, List.of("15552110101", "15552120202"));
            SecureRandom longDelayFirst = new SecureRandom() {
                private final AtomicInteger startDelays = new AtomicInteger();

                @Override
                public long nextLong(long bound) {
                    if (bound == jitterMillis + 1) { // a start delay: devices draw them in creation order
                        return startDelays.getAndIncrement() == 0 ? jitterMillis : 0;
                    }
                    return super.nextLong(bound);
                }
            };
            CountingDialer dialer = new CountingDialer(() -> 0);
            StartupReconnect oneSlot = new StartupReconnect(1, Duration.ofMillis(jitterMillis), 1,
                    Duration.ofMillis(50), Duration.ofMillis(100));
            try (WaClientRuntime runtime = dialer.runtime(longDelayFirst);
                 SessionManager sessions = manager(store, sandbox, runtime, oneSlot)) {
                CompletableFuture<RestoreReport> restore = CompletableFuture.supplyAsync(
                        () -> restoreOnly(sessions, store, paired));
                await(() -> sessions.liveStatus(paired.get(1).id()).healthy(), "the device without a delay");
                assertThat(dialer.dials()).isEqualTo(1);
                assertThat(sessions.client(paired.get(0).id())).isEmpty(); // not started: still in its delay
                assertThat(restore).isNotDone();

                sessions.close(); // stopping the gateway ends the restore's wait for the delayed device
                RestoreReport report = restore.get(20, TimeUnit.SECONDS);
                assertThat(report.connected()).isEqualTo(1);
                assertThat(report.failed()).isEqualTo(1);
            }
        }
    }

    /** Pairs one device per phone with a first manager, then closes it (the devices keep their stores). */
    private static List<Device> pairAndStop(PostgresGatewayStore store, SandboxServer sandbox, List<String> phones)
            throws InterruptedException {
        List<Device> paired = new ArrayList<>();
        try (WaClientRuntime runtime = runtime();
             SessionManager first = manager(store, sandbox, runtime, QUICK)) {
            for (String phone : phones) {
                sandbox.control().createPhone(phone, "Restore " + phone);
                Device device = device(store, "restore");
                LoginStart.Qr qr = (LoginStart.Qr) first.startQrLogin(device.id());
                // listeners run in order: once this one sees the login, the manager's own handling of it (which
                // writes the device's status) is done, and cannot land after the restore under test
                CountDownLatch loggedIn = new CountDownLatch(1);
                first.client(device.id()).orElseThrow().addListener(WaEventListener.of(event -> {
                    if (event instanceof WaEvent.Connected) {
                        loggedIn.countDown();
                    }
                }));
                sandbox.control().linkQr(phone, qr.text());
                assertThat(loggedIn.await(20, TimeUnit.SECONDS)).as("the login of " + phone).isTrue();
                paired.add(store.devices().find(device.id()).orElseThrow());
            }
        }
        return paired;
    }

    /** Restores, after checking that this test's devices are the only restorable ones of their key. */
    private static RestoreReport restoreOnly(SessionManager sessions, PostgresGatewayStore store,
                                             List<Device> paired) {
        // other tests' devices in this database must not be restored here: they were left logged out or deleted
        for (Device device : store.devices().listRestorable()) {
            if (paired.stream().noneMatch(p -> p.id().equals(device.id()))) {
                store.devices().updateStatus(device.id(), DeviceStatus.LOGGED_OUT, Instant.now());
            }
        }
        return sessions.restoreAll();
    }

    private static SessionManager manager(PostgresGatewayStore store, SandboxServer sandbox, WaClientRuntime runtime,
                                          StartupReconnect startup) {
        return manager(store, sandbox.webSocketUrl(), sandbox.rootPublicKey(), runtime, startup);
    }

    private static SessionManager manager(PostgresGatewayStore store, URI server, byte[] rootKey,
                                          WaClientRuntime runtime, StartupReconnect startup) {
        WaClientConfig config = WaClientConfig.defaults().toBuilder()
                .server(server, rootKey)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).build();
        return new SessionManager(config, runtime, store.protocolStores(), store.devices(), store.unitOfWork(),
                new WebhookOutbox(true, DeliveryWakeup.NONE), startup, Clock.systemUTC());
    }

    private static String jid(PostgresGatewayStore store, Device device) {
        return store.devices().find(device.id()).orElseThrow().whatsAppJid().orElseThrow();
    }

    private static DeviceStatus status(PostgresGatewayStore store, Device device) {
        return store.devices().find(device.id()).orElseThrow().status();
    }

    /**
     * The real websocket dialer, counting the dials and the connections in flight (dialled, not yet logged in as
     * {@code loggedIn} reports).
     */
    private static final class CountingDialer implements FrameDialer {

        private final FrameDialer real = new WebSocketFrameDialer(HttpClient.newHttpClient(),
                WaClientRuntime.MAX_FRAME_SIZE);
        private final LongSupplier loggedIn;
        private final AtomicInteger dials = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private volatile CyclicBarrier meeting;

        CountingDialer(LongSupplier loggedIn) {
            this.loggedIn = loggedIn;
        }

        /** The first {@code parties} dials wait (up to 10 s) until all of them arrived. */
        void meetAtFirst(int parties) {
            meeting = new CyclicBarrier(parties);
        }

        WaClientRuntime runtime() {
            return runtime(SecureRandoms.create());
        }

        WaClientRuntime runtime(SecureRandom random) {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    Thread.ofPlatform().daemon().name("restore-test-timer").factory());
            timer.setRemoveOnCancelPolicy(true);
            return new WaClientRuntime(this, timer, random, Clock.systemUTC());
        }

        int dials() {
            return dials.get();
        }

        int maxInFlight() {
            return maxInFlight.get();
        }

        @Override
        public FrameConnection dial(URI server, byte[] introHeader, Duration timeout, FrameListener listener)
                throws IOException {
            int started = dials.incrementAndGet();
            maxInFlight.accumulateAndGet((int) (started - loggedIn.getAsLong()), Math::max);
            CyclicBarrier barrier = meeting;
            if (barrier != null && started <= barrier.getParties()) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IOException("the first dials did not meet: " + e, e);
                }
            }
            return real.dial(server, introHeader, timeout, listener);
        }
    }
}
