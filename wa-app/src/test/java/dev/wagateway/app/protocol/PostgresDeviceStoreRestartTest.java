package dev.wagateway.app.protocol;

import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.persistence.protocol.PostgresDeviceStore;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device paired against the sandbox with its state in PostgreSQL survives a restart: a new client on a new store
 * object over the same database logs in without a QR, and its Signal sessions still decrypt.
 */
class PostgresDeviceStoreRestartTest {

    private static final String ALICE = "15550009999";
    private static final String BOB = "15550008877";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    @Test
    void aPairedDeviceLogsInAfterARestartAndItsSessionsStillDecrypt() throws Exception {
        try (SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(
                Curve25519.generateKeyPair(SecureRandoms.create())));
             WaClientRuntime runtime = runtimeFor()) {
            sandbox.control().createPhone(ALICE, "Alice");
            sandbox.control().createPhone(BOB, "Bob");
            WaClientConfig config = WaClientConfig.defaults().toBuilder()
                    .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                    .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).preKeys(20, 10, 5).build();
            String deviceKey = "restart-" + System.nanoTime();

            BlockingQueue<WaEvent> first = new LinkedBlockingQueue<>();
            WaClient client = new WaClient(config, runtime,
                    new PostgresDeviceStore(DATABASE.database().jdbi(), deviceKey));
            client.addListener(WaEventListener.of(first::add));
            client.connect();
            sandbox.control().linkQr(ALICE, next(first, WaEvent.QrCode.class).text());
            Jid device = next(first, WaEvent.Connected.class).jid();
            sandbox.control().phoneSendText(BOB, ALICE, "before the restart");
            assertThat(text(next(first, WaEvent.MessageReceived.class))).isEqualTo("before the restart");
            client.close();

            BlockingQueue<WaEvent> second = new LinkedBlockingQueue<>();
            WaClient restarted = new WaClient(config, runtime,
                    new PostgresDeviceStore(DATABASE.database().jdbi(), deviceKey));
            restarted.addListener(WaEventListener.of(second::add));
            restarted.connect();
            assertThat(next(second, WaEvent.Connected.class).jid()).isEqualTo(device);
            assertThat(second).noneMatch(event -> event instanceof WaEvent.QrCode);
            sandbox.control().phoneSendText(BOB, ALICE, "after the restart");
            assertThat(text(next(second, WaEvent.MessageReceived.class))).isEqualTo("after the restart");
            restarted.close();
        }
    }

    private static WaClientRuntime runtimeFor() {
        return WaClientRuntime.create(HttpClient.newHttpClient());
    }

    private static String text(WaEvent.MessageReceived received) {
        return received.message().getConversation();
    }

    private static <T extends WaEvent> T next(BlockingQueue<WaEvent> events, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            WaEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
    }
}
