package dev.wagateway.protocol.client;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.protocol.transport.FrameDialer;
import dev.wagateway.protocol.transport.WebSocketFrameDialer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WaClient#connectOnce()} against a loopback port nobody listens on: one dial, a {@code Disconnected} event
 * that says it is not reconnecting, and no retry afterwards — where {@link WaClient#connect()} keeps dialling.
 */
class ConnectOnceTest {

    private final AtomicInteger dials = new AtomicInteger();
    /** While set, a dial waits on it (after being counted): a connection attempt held in flight. */
    private volatile CountDownLatch holdDials;
    private final Semaphore heldDials = new Semaphore(0);
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private WaClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        timer.shutdownNow();
    }

    @Test
    void aFailedSingleAttemptStopsTheClient() throws Exception {
        LinkedBlockingQueue<WaEvent> events = new LinkedBlockingQueue<>();
        client = clientOfClosedPort();
        client.addListener(WaEventListener.of(events::add));

        client.connectOnce();
        WaEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isInstanceOfSatisfying(WaEvent.Disconnected.class,
                disconnected -> assertThat(disconnected.reconnecting()).isFalse());
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        // the back-off below is 20-40 ms: a client that retried would have dialled again many times by now
        Thread.sleep(500);
        assertThat(dials.get()).isEqualTo(1);
        assertThat(events).isEmpty();

        client.connectOnce(); // a stopped client can make another single attempt
        assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(WaEvent.Disconnected.class);
        assertThat(dials.get()).isEqualTo(2);
    }

    @Test
    void connectKeepsRetryingWhereConnectOnceStops() throws Exception {
        client = clientOfClosedPort();
        client.connect();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dials.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(dials.get()).isGreaterThanOrEqualTo(3);
    }

    /** A retry the client scheduled before it was stopped must not run during the next start's attempt. */
    @Test
    void aRetryScheduledBeforeADisconnectDoesNotFireIntoTheNextStart() throws Exception {
        LinkedBlockingQueue<WaEvent> events = new LinkedBlockingQueue<>();
        client = clientOfClosedPort(Duration.ofMillis(600));
        client.addListener(WaEventListener.of(events::add));
        client.connect(); // dial 1 fails, the immediate retry (dial 2) fails, the next one is due in 300-600 ms
        for (int i = 0; i < 2; i++) {
            assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(WaEvent.Disconnected.class);
        }
        Thread.sleep(50); // the retry is scheduled right after the event is queued
        client.disconnect();
        assertThat(dials.get()).isEqualTo(2);

        CountDownLatch hold = new CountDownLatch(1);
        holdDials = hold;
        client.connectOnce();
        assertThat(heldDials.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // dial 3 is in flight
        Thread.sleep(800); // past the old retry's due time: had it fired, it would have dialled a 4th time
        hold.countDown();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(WaEvent.Disconnected.class,
                disconnected -> assertThat(disconnected.reconnecting()).isFalse());
        assertThat(dials.get()).isEqualTo(3);
    }

    private WaClient clientOfClosedPort() throws IOException {
        return clientOfClosedPort(Duration.ofMillis(40));
    }

    /** A client of a closed loopback port whose reconnect back-off is {@code backoff / 2} to {@code backoff}. */
    private WaClient clientOfClosedPort(Duration backoff) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FrameDialer real = new WebSocketFrameDialer(HttpClient.newHttpClient(), WaClientRuntime.MAX_FRAME_SIZE);
        FrameDialer counting = (server, intro, timeout, listener) -> {
            dials.incrementAndGet();
            CountDownLatch hold = holdDials;
            if (hold != null) {
                heldDials.release();
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.dial(server, intro, timeout, listener);
        };
        WaClientRuntime runtime = new WaClientRuntime(counting, timer, SecureRandoms.create(), Clock.systemUTC());
        WaClientConfig config = WaClientConfig.defaults().toBuilder()
                .server(URI.create("ws://127.0.0.1:" + port + "/ws/chat"), new byte[32])
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .reconnect(backoff, backoff).build();
        return new WaClient(config, runtime, new InMemoryDeviceStore());
    }
}
