package dev.wagateway.core.fake;

import dev.wagateway.core.apikey.ApiKeyService;
import dev.wagateway.core.device.DeviceService;
import dev.wagateway.core.secret.SecretGenerator;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.StartupReconnect;
import dev.wagateway.core.token.DeviceAuthenticator;
import dev.wagateway.core.token.TokenVersionCache;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The account use cases wired as the application wires them, over the in-memory repositories and protocol stores.
 * The devices these tests create never pair, so no session ever connects and no transaction is needed.
 */
public final class CoreServices implements AutoCloseable {

    public final InMemoryDeviceRepository deviceRows = new InMemoryDeviceRepository();
    public final InMemoryApiKeyRepository keyRows = new InMemoryApiKeyRepository(deviceRows);
    public final Map<UUID, DeviceStore> protocolStores = new ConcurrentHashMap<>();
    public final TokenVersionCache tokenVersions = new TokenVersionCache(deviceRows, keyRows);
    public final HmacTokenIssuer tokens = new HmacTokenIssuer();
    public final DeviceAuthenticator authenticator = new DeviceAuthenticator(tokens, tokenVersions);
    private final WaClientRuntime runtime = WaClientRuntime.create(HttpClient.newHttpClient());
    private final SessionManager sessions;
    public final DeviceService devices;
    public final ApiKeyService apiKeys;

    public CoreServices() {
        Clock clock = Clock.systemUTC();
        SecretGenerator secrets = new SecretGenerator(new SecureRandom());
        sessions = new SessionManager(WaClientConfig.defaults(), runtime,
                id -> protocolStores.computeIfAbsent(id, ignored -> new InMemoryDeviceStore()), deviceRows,
                new NoTransactions(), new WebhookOutbox(false, DeliveryWakeup.NONE), StartupReconnect.defaults(),
                clock);
        devices = new DeviceService(deviceRows, sessions, tokens, tokenVersions, secrets, clock);
        apiKeys = new ApiKeyService(keyRows, deviceRows, devices, tokenVersions, secrets, clock);
    }

    @Override
    public void close() {
        sessions.close();
        runtime.close();
    }

    /** Nothing in these tests writes events or messages: a transaction would be a bug in the test setup. */
    private static final class NoTransactions implements UnitOfWork {
        @Override
        public <T> T inTransaction(Function<Transaction, T> work) {
            throw new IllegalStateException("these unit tests expect no transaction");
        }
    }
}
