package dev.wagateway.app.session;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.StartupReconnect;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the session tests set up alike: the sandbox (with its refusal check), a session manager over a real
 * PostgreSQL store talking to it, a pending device under a key of its own, its QR login, and waiting for a
 * condition.
 */
final class SessionFixtures {

    private SessionFixtures() {
    }

    /** Two restore workers, no start jitter, one attempt: a restore that does not wait in a test. */
    static final StartupReconnect RESTORE_AT_ONCE = new StartupReconnect(2, Duration.ZERO, 1, Duration.ofMillis(100),
            Duration.ofSeconds(1));

    /** A sandbox on loopback with a new root key, failing the test on any refusal it had to make. */
    static SandboxServer sandbox() {
        return RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
    }

    /** A client runtime on its own HTTP client. */
    static WaClientRuntime runtime() {
        return WaClientRuntime.create(HttpClient.newHttpClient());
    }

    /** The default client settings, pointed at {@code sandbox}. */
    static WaClientConfig config(SandboxServer sandbox) {
        return WaClientConfig.defaults().toBuilder().server(sandbox.webSocketUrl(), sandbox.rootPublicKey()).build();
    }

    /** A session manager over {@code store} talking to {@code sandbox}. */
    static SessionManager sessions(SandboxServer sandbox, WaClientRuntime runtime, PostgresGatewayStore store) {
        return sessions(config(sandbox), runtime, store, store.unitOfWork());
    }

    /** A session manager over {@code store}'s repositories, committing through {@code unitOfWork}. */
    static SessionManager sessions(WaClientConfig config, WaClientRuntime runtime, PostgresGatewayStore store,
                                   UnitOfWork unitOfWork) {
        return new SessionManager(config, runtime, store.protocolStores(), store.devices(), unitOfWork,
                new WebhookOutbox(true, DeliveryWakeup.NONE), RESTORE_AT_ONCE, Clock.systemUTC());
    }

    /** Logs {@code device} in by QR, linked at {@code phone}, and waits until its session is healthy. */
    static void loginByQr(SandboxServer sandbox, SessionManager sessions, String phone, Device device)
            throws InterruptedException {
        sandbox.control().linkQr(phone, ((LoginStart.Qr) sessions.startQrLogin(device.id())).text());
        await(() -> sessions.liveStatus(device.id()).healthy(), "login");
    }

    /** A new API key named {@code customer} with one pending device, both stored. */
    static Device device(PostgresGatewayStore store, String customer) {
        Instant now = Instant.now();
        ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_...",
                new Customer(customer, "", ""), 5, 1000, now));
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("secret"), customer, 1,
                Optional.empty(), DeviceStatus.PENDING, now, Optional.empty());
        assertThat(store.devices().insertWithinLimit(device, 5)).isTrue();
        return device;
    }

    /** Waits up to 20 s for {@code condition}, failing with {@code what}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
