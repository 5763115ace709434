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
import java.util.concurrent.LinkedBlockingQueue;
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

    private WaClient clientOfClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FrameDialer real = new WebSocketFrameDialer(HttpClient.newHttpClient(), WaClientRuntime.MAX_FRAME_SIZE);
        FrameDialer counting = (server, intro, timeout, listener) -> {
            dials.incrementAndGet();
            return real.dial(server, intro, timeout, listener);
        };
        WaClientRuntime runtime = new WaClientRuntime(counting, timer, SecureRandoms.create(), Clock.systemUTC());
        WaClientConfig config = WaClientConfig.defaults().toBuilder()
                .server(URI.create("ws://127.0.0.1:" + port + "/ws/chat"), new byte[32])
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .reconnect(Duration.ofMillis(20), Duration.ofMillis(40)).build();
        return new WaClient(config, runtime, new InMemoryDeviceStore());
    }
}
