package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A fresh sandbox with phones, and clients paired to them, for one test; {@link #close()} ends it all. */
final class SandboxWorld implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    final HttpClient http = HttpClient.newHttpClient();
    final SandboxServer sandbox;
    private final List<WaClient> clients = new ArrayList<>();
    private WaClientRuntime runtime;

    /** A sandbox with the phones {@code phones}. */
    SandboxWorld(String... phones) {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        for (String phone : phones) {
            sandbox.control().createPhone(phone, "Phone " + phone);
        }
    }

    /** Clients made afterwards share {@code runtime} (which this world closes). */
    void runtime(Function<HttpClient, WaClientRuntime> factory) {
        runtime = factory.apply(http);
    }

    /** The runtime the clients share (its protocol counters), made on first use. */
    WaClientRuntime runtime() {
        if (runtime == null) {
            runtime(WaClientRuntime::create);
        }
        return runtime;
    }

    /** The sandbox's server and short timeouts. */
    WaClientConfig.Builder config() {
        return WaClientConfig.defaults().toBuilder().server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).preKeys(10, 10, 5);
    }

    /** A client of {@code config} over {@code store}, not started; {@link #close()} closes it. */
    WaClient client(WaClientConfig config, DeviceStore store, EventRecorder events) {
        WaClient client = new WaClient(config, runtime(), store);
        clients.add(client);
        client.addListener(events);
        return client;
    }

    /** A client of {@code config} paired by QR with {@code phone}, logged in. */
    WaClient paired(String phone, WaClientConfig config, DeviceStore store, EventRecorder events) throws Exception {
        WaClient client = client(config, store, events);
        client.connect();
        sandbox.control().linkQr(phone, events.next(WaEvent.QrCode.class, WAIT).text());
        events.next(WaEvent.Connected.class, WAIT);
        return client;
    }

    /**
     * Waits until {@code phone} has received a message with {@code text}: a phone decrypts on a thread of its own,
     * after the server acknowledged the send.
     */
    void awaitPhoneText(String phone, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (sandbox.control().phoneMessages(phone).stream().anyMatch(m -> text.equals(m.text()))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(phone + " never received \"" + text + "\": " + sandbox.control().phoneMessages(phone));
    }

    /** Waits until the server no longer counts {@code device} online. */
    void awaitOffline(Jid device) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (sandbox.control().devices(device.user()).stream()
                    .noneMatch(d -> d.jid().equals(device.toString()) && d.online())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(device + " still online");
    }

    /** Waits until the server holds nothing queued for {@code device}. */
    void awaitQueueEmpty(Jid device) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (sandbox.control().devices(device.user()).stream()
                    .filter(d -> d.jid().equals(device.toString())).allMatch(d -> d.queued() == 0)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(device + " still has queued stanzas: " + sandbox.control().devices(device.user()));
    }

    /** Waits until the server holds no stanza unacknowledged by any device. */
    void awaitAllAcknowledged() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sandbox.control().unackedCount() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("unacked stanzas: " + sandbox.control().unackedCount());
            }
            Thread.sleep(20);
        }
    }

    /**
     * The privacy token {@code user} issued to the device of {@code store}: kept under the user's LID when the
     * pairing is known (as the references keep them), else under the number.
     */
    static java.util.Optional<dev.wagateway.protocol.store.PrivacyTokens.Entry> tokenOf(
            dev.wagateway.protocol.store.DeviceStore store, Jid user) {
        Jid holder = store.lidMappings().lidOf(user).orElse(user);
        return store.privacyTokens().get(holder).or(() -> store.privacyTokens().get(user));
    }

    /** The sandbox's refusal counters. */
    @SuppressWarnings("unchecked")
    Map<String, Long> refusals() {
        return (Map<String, Long>) sandbox.stats().get("refusals");
    }

    @Override
    public void close() {
        clients.forEach(WaClient::close);
        sandbox.close();
        if (runtime != null) {
            runtime.close();
        }
    }
}
