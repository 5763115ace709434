package dev.wagateway.app;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.HttpConnectionCap;
import dev.wagateway.app.config.UnsupportedSettings;
import dev.wagateway.app.config.GeneratedSecretsFile;
import dev.wagateway.app.config.ServerSecrets;
import dev.wagateway.app.database.EmbeddedPostgresServer;
import dev.wagateway.app.jobs.GatewayJobs;
import dev.wagateway.app.media.TemporaryFolder;
import dev.wagateway.app.metrics.GatewayMetrics;
import dev.wagateway.core.message.SendMeter;
import dev.wagateway.core.version.WebVersionService;
import dev.wagateway.webhooks.delivery.AttemptListener;
import dev.wagateway.app.sandbox.SandboxChatRoutes;
import dev.wagateway.app.sandbox.SandboxFaultRoutes;
import dev.wagateway.app.sandbox.SandboxRoutes;
import dev.wagateway.app.wiring.GatewayServices;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.http.auth.JwtTokenIssuer;
import dev.wagateway.http.auth.TokenRateLimiter;
import dev.wagateway.http.login.QrViewTickets;
import dev.wagateway.http.routes.AdminRoutes;
import dev.wagateway.http.routes.NodeRoutes;
import dev.wagateway.http.routes.WebVersionRoutes;
import dev.wagateway.http.routes.ApiKeyRoutes;
import dev.wagateway.http.routes.AppStateRoutes;
import dev.wagateway.http.routes.ChatRoutes;
import dev.wagateway.http.routes.ContactRoutes;
import dev.wagateway.http.routes.DeviceRoutes;
import dev.wagateway.http.routes.DashboardRoutes;
import dev.wagateway.http.routes.DocsRoutes;
import dev.wagateway.http.routes.EventStreamRoutes;
import dev.wagateway.http.routes.MetricsRoutes;
import dev.wagateway.http.routes.GroupRoutes;
import dev.wagateway.http.routes.MediaRoutes;
import dev.wagateway.http.routes.PollRoutes;
import dev.wagateway.http.routes.MessageRoutes;
import dev.wagateway.http.routes.PresenceRoutes;
import dev.wagateway.http.routes.SystemRoutes;
import dev.wagateway.http.routes.ProxyRoutes;
import dev.wagateway.http.routes.UserRoutes;
import dev.wagateway.http.routes.WebhookRoutes;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.version.WebVersionFetcher;
import dev.wagateway.protocol.version.WebVersionPage;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersions;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.delivery.DeliverySettings;
import dev.wagateway.webhooks.delivery.DeliveryWorkers;
import dev.wagateway.webhooks.delivery.WebhookSender;
import dev.wagateway.webhooks.proxy.WebhookProxies;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.node.NodeFanOut;
import dev.wagateway.http.node.NodeLink;
import dev.wagateway.http.HttpServer;
import dev.wagateway.http.RequestObserver;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.SwaggerUiWebjar;
import dev.wagateway.http.HttpSettings;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.SnapshotHolder;
import dev.wagateway.persistence.SnapshotHorizon;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.SandboxIdentity;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The whole server, wired by hand: database (embedded or configured), then the HTTP API. Everything started is
 * closed in reverse order, exactly once.
 */
public final class GatewayApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
    /** The longest silence on an event stream. */
    private static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(15);
    /** Token regenerations allowed per client address and minute (api.md §3.4). */
    private static final int TOKEN_REQUESTS_PER_MINUTE = 10;
    /** The version page is read within this time (headers and body) or the refresh counts as failed. */
    private static final Duration WEB_VERSION_TIMEOUT = Duration.ofSeconds(15);
    /** The version reported by the API and its documentation. */
    public static final String VERSION = "0.1.0";

    private final Deque<AutoCloseable> startedInOrder = new ArrayDeque<>();
    private final ServerSecrets secrets;
    private HttpServer httpServer;
    private PostgresDatabase database;
    private SandboxServer sandbox;
    /** The gateway's temporary files (spooled uploads, transfers under way): emptied at start. */
    private Path temporary;
    private WebVersions webVersions = WebVersions.pinned();
    private WaClientConfig clientConfig;
    private GatewayServices services;
    /** The metrics registry, unless METRICS_ENABLED=false. */
    private GatewayMetrics metrics;
    /** Close runs once, whoever calls it first (the shutdown hook, a test, a failed start). */
    private final AtomicBoolean closed = new AtomicBoolean();
    private Consumer<String> onDatabaseLost;

    private GatewayApplication(ServerSecrets secrets) {
        this.secrets = secrets;
    }

    /**
     * Starts every part; on failure, stops what was already started and rethrows. Should the embedded database die
     * for good, the application closes itself (it never runs on without its database).
     */
    public static GatewayApplication start(Config config) {
        return start(config, null);
    }

    /**
     * {@link #start(Config)}, with {@code onDatabaseLost} called (with the reason) instead when the embedded database
     * died and could not be restarted: {@link Main} exits non-zero, for its supervisor to start it again.
     */
    public static GatewayApplication start(Config config, Consumer<String> onDatabaseLost) {
        UnsupportedSettings.warnings(config).forEach(log::warn);
        ServerSecrets secrets = new GeneratedSecretsFile(config.datastore().dataDir(), new SecureRandom())
                .resolve(config.adminSecret(), config.jwtSecret());
        GatewayApplication application = new GatewayApplication(secrets);
        application.onDatabaseLost = onDatabaseLost != null ? onDatabaseLost : application::closeAfterDatabaseLoss;
        try {
            application.startParts(config);
            return application;
        } catch (RuntimeException e) {
            application.close();
            throw e;
        }
    }

    private void startParts(Config config) {
        announceSecrets(config);
        TemporaryFolder temporaryFolder = TemporaryFolder.open(config.datastore().dataDir());
        startedInOrder.push(temporaryFolder);
        temporary = temporaryFolder.path();
        database = openDatabase(config);
        startedInOrder.push(database);

        if (config.whatsapp().sandbox()) {
            // its world (accounts, phones, linked devices, their keys and queues) and root key live under the data
            // folder, so a restart finds the devices it had, as it would with the real service
            Path sandboxDir = config.datastore().dataDir().resolve("sandbox");
            sandbox = SandboxServer.start(SandboxSettings.loopback(SandboxIdentity.rootKeyFrom(
                    sandboxDir.resolve("root.key"), SecureRandoms.create())).withDataDir(sandboxDir));
            startedInOrder.push(sandbox);
            // Sessions will target it instead of WhatsApp; its control API is also served here under /sandbox/*.
            log.info("sandbox mode: WhatsApp sandbox at {} (root key {}); control API under /sandbox/* with "
                    + "X-Admin-Secret", sandbox.webSocketUrl(), sandbox.rootPublicKeyHex());
        }

        SecureRandom random = SecureRandoms.create();
        Clock clock = Clock.systemUTC();
        PostgresGatewayStore store = new PostgresGatewayStore(database);
        // closed after every part pushed later (the sessions, the workers: all that writes through it) and before
        // the database: its session writer commits what is queued on the pool's connections, then ends
        startedInOrder.push(store);
        // Every session's websocket callbacks run on this client's executor: virtual threads, not the default cached
        // pool of platform threads (35 of them at 200 devices, coming and going with the traffic).
        HttpClient whatsappHttp = HttpClient.newBuilder()
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
        webVersions = webVersions(config, store, whatsappHttp, clock);
        WaClientRuntime runtime = WaClientRuntime.create(whatsappHttp, webVersions);
        startedInOrder.push(runtime);
        if (config.observability().metricsEnabled()) {
            metrics = new GatewayMetrics(config.node().cluster() ? Optional.of(config.node().nodeId())
                    : Optional.empty());
            startedInOrder.push(metrics);
            metrics.bindPool(database.dataSource());
            metrics.bindProtocol(runtime.counters());
        }
        TargetPolicy targets = new TargetPolicy(config.webhooks().allowInsecure(),
                config.webhooks().allowPrivateTargets(), HostResolver.system());
        DeliveryWakeup wakeup = DeliveryWakeup.NONE;
        if (config.webhooks().enabled()) {
            DeliverySettings delivery = DeliverySettings.of(config.webhooks().workers(),
                    config.webhooks().retryLimit()).withPerWebhook(config.webhooks().maxInFlightPerWebhook())
                    .withProxies(WebhookProxies.of(config.webhooks().httpProxy(), config.webhooks().httpsProxy(),
                            config.webhooks().noProxy()));
            DeliveryWorkers deliveryWorkers = new DeliveryWorkers(store.deliveries(), store.webhooks(),
                    new WebhookSender(delivery, targets, clock), delivery, clock, random,
                    metrics == null ? AttemptListener.NONE : metrics.deliveries());
            deliveryWorkers.start();
            startedInOrder.push(deliveryWorkers);
            wakeup = deliveryWorkers;
        }
        clientConfig = clientConfig(config);
        services = GatewayServices.wire(config, store, clientConfig, runtime,
                new JwtTokenIssuer(secrets.jwtSecret()), wakeup, targets.creationCheck(),
                metrics == null ? List.of() : List.of(metrics.events()),
                metrics == null ? SendMeter.NONE : metrics.sends(), random, clock);
        if (metrics != null) {
            metrics.bindState(store.devices(), store.deliveries(), () -> (long) services.sessions().healthySessions(),
                    services.eventStream(), clock);
            metrics.bindSendAdmission(services.pacer().admission());
            SnapshotHorizon horizon = new SnapshotHorizon(database.dataSource());
            metrics.bindDatabaseSnapshots(() -> horizon.oldestHolder().map(SnapshotHolder::open)
                    .orElse(Duration.ZERO), clock);
        }
        // closed after the sessions (no send admitted any more): settles the open quota blocks, stops their writer
        startedInOrder.push(services.quota());
        startedInOrder.push(services.sessions());
        // closed before the sessions: it stops the sessions it holds, then releases their leases
        startedInOrder.push(services.leases());
        // The version page is read at start in the background: restored devices log in with the saved version
        // meanwhile, and one refused as outdated waits for this refresh (WebVersions runs one at a time).
        Thread.ofVirtual().name("web-version-refresh").start(() -> webVersions.refresh(true));
        // The original starts its HTTP listener after the restore pass (api.md §8.8): the first lease round, then
        // the restore of what this node holds (a lone node: every device).
        services.leases().start();
        // the periodic jobs of api.md §8.8
        startedInOrder.push(GatewayJobs.start(config, services, database.dataSource(), webVersions, clock));
        if (config.node().cluster()) {
            // other nodes regenerate tokens and delete devices and keys: their revocations reach this node's cache
            // within a lease renewal period
            Duration every = config.node().settings().renewEvery();
            var refresh = runtime.scheduler().scheduleWithFixedDelay(() -> Thread.ofVirtual()
                    .name("token-cache-refresh").start(() -> {
                        try {
                            services.tokenVersions().refresh();
                        } catch (RuntimeException e) {
                            log.warn("token cache refresh failed: {}", e.getMessage());
                        }
                    }), every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            startedInOrder.push(() -> refresh.cancel(false));
        }

        if (config.observability().eventStreamEnabled()) {
            services.eventStream().start();
        }
        startedInOrder.push(services.eventStream());

        // several nodes: a device's request is forwarded to the node holding it (NODE_SECRET between nodes)
        NodeLink nodes = config.node().cluster()
                ? new NodeLink(services.leases()::route, config.node().secret()) : NodeLink.LONE;
        AuthGate auth = new AuthGate(secrets.adminSecret(), services.apiKeys(), services.authenticator(), nodes);
        httpServer = new HttpServer(httpSettings(config, temporary), auth, routeGroups(config, auth, clock),
                metrics == null ? RequestObserver.NONE : metrics);
        int port = httpServer.start();
        startedInOrder.push(httpServer);
        if (metrics != null) {
            metrics.bindJetty(httpServer.jetty());
            metrics.bindNode(services.leases(), nodes);
        }
        // Again, so it closes before the HTTP server: its end lets open streams return instead of holding the
        // server's graceful stop (closing it twice is harmless).
        startedInOrder.push(services.eventStream());
        log.info("gateway listening on http://{}:{}{}/", config.server().address(), port, config.server().basePath());
    }

    private PostgresDatabase openDatabase(Config config) {
        int poolSize = config.datastore().maxConnections();
        if (config.datastore().uri().isPresent()) {
            return PostgresDatabase.open(config.datastore().uri().get(), poolSize);
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(config.datastore().dataDir(),
                config.datastore().embeddedDurable() ? EmbeddedPostgresServer.Durability.DURABLE
                        : EmbeddedPostgresServer.Durability.FAST_UNSAFE, onDatabaseLost);
        startedInOrder.push(embedded);
        return PostgresDatabase.open(embedded.jdbcUrl(), embedded.user(), embedded.password(), poolSize);
    }

    private void announceSecrets(Config config) {
        if (secrets.adminGenerated()) {
            log.warn("ADMIN_SECRET_KEY is not set: using the generated admin secret {} (kept in {}). "
                            + "Production must set ADMIN_SECRET_KEY and JWT_SECRET_KEY.",
                    secrets.adminSecret(), config.datastore().dataDir().resolve("secrets.properties"));
        }
        if (secrets.jwtGenerated()) {
            log.warn("JWT_SECRET_KEY is not set: using a generated one kept under {}. Production must set it.",
                    config.datastore().dataDir());
        }
    }

    /**
     * The web version sessions announce: a forced {@code WHATSAPP_VERSION_PATCH} is used as it is; otherwise the
     * version page ({@code WHATSAPP_WEB_VERSION_URL}: WhatsApp's, or the sandbox's in sandbox mode) is read at start,
     * daily and after a 405, and the last good version is kept in the database.
     */
    private WebVersions webVersions(Config config, PostgresGatewayStore store, HttpClient http, Clock clock) {
        if (config.whatsapp().versionPatch().isPresent()) {
            return WebVersions.pinned();
        }
        URI page = config.whatsapp().webVersionUrl().orElseGet(() -> sandbox != null ? sandbox.webVersionUrl()
                : URI.create(WebVersionPage.DEFAULT_URL));
        return new WebVersions(page, new WebVersionFetcher(http, WEB_VERSION_TIMEOUT), store.webVersion(), clock,
                config.whatsapp().versionRefreshMinInterval());
    }

    /** Where sessions connect: the sandbox in sandbox mode, else the configured server (WhatsApp by default). */
    private WaClientConfig clientConfig(Config config) {
        WaClientConfig.Builder builder = WaClientConfig.defaults().toBuilder()
                .platform("Chrome", config.whatsapp().deviceOsName());
        config.whatsapp().versionPatch().ifPresent(builder::clientRevision);
        builder.proxy(config.whatsapp().proxy());
        if (sandbox != null) {
            // The sandbox's media hosts present certificates of its own CA, trusted here and nowhere else.
            return builder.server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                    .media(MediaTransferConfig.withSslContext(sandbox.mediaSslContext())
                            .withMaxBytes(config.media().maxBytes() + 32).withTempDirectory(temporary)).build();
        }
        builder.media(MediaTransferConfig.defaults().withMaxBytes(config.media().maxBytes() + 32)
                .withTempDirectory(temporary));
        return builder.server(config.whatsapp().serverUrl(),
                HexFormat.of().parseHex(config.whatsapp().rootKeyHex())).build();
    }

    /** The other live nodes, asked by the admin's session views; none for a lone node. */
    private NodeFanOut fanOut(Config config, Clock clock) {
        if (!config.node().cluster()) {
            return NodeFanOut.LONE;
        }
        String self = services.leases().nodeId();
        return new NodeFanOut(() -> {
            Instant now = clock.instant();
            Map<String, String> others = new LinkedHashMap<>();
            services.store().deviceLeases().nodes(now.minus(config.node().leaseTtl()), now).stream()
                    .filter(node -> !node.identity().nodeId().equals(self))
                    .forEach(node -> others.put(node.identity().nodeId(), node.identity().advertiseUrl()));
            return others;
        }, config.node().secret(), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** One route class per resource group, each registering all of its routes (built or answering 501). */
    private List<RouteGroup> routeGroups(Config config, AuthGate auth, Clock clock) {
        List<RouteGroup> groups = new ArrayList<>(List.of(
                new AdminRoutes(auth, services.apiKeys(), services.devices(), services.webhooks(), services.sessions(),
                        VERSION, clock, () -> services.store().deviceLeases().holders(clock.instant()),
                        fanOut(config, clock)),
                new NodeRoutes(auth, () -> services.store().deviceLeases().nodes(clock.instant()
                        .minus(config.node().leaseTtl()), clock.instant()), services.leases().nodeId(), clock),
                new ApiKeyRoutes(auth, services.apiKeys()),
                new DeviceRoutes(auth, services.devices(), services.sessions(), services.reconnect(),
                        services.numbers(), new TokenRateLimiter(TOKEN_REQUESTS_PER_MINUTE, clock),
                        new QrViewTickets(secrets.jwtSecret(), clock), services.pacer()),
                new ProxyRoutes(auth, services.proxies()),
                new UserRoutes(auth, services.users()),
                new ChatRoutes(auth, services.messaging(), services.chats()),
                new MessageRoutes(auth, services.messaging(), services.messageActions()),
                new MediaRoutes(auth, services.media(), services.receivedMedia(), temporary),
                new PollRoutes(auth, services.polls(), services.messageActions()),
                new ContactRoutes(auth, services.history()),
                new GroupRoutes(auth, services.groups()),
                new PresenceRoutes(auth, services.presence()),
                new AppStateRoutes(auth, services.chats()),
                new WebVersionRoutes(auth, new WebVersionService(webVersions,
                        WebVersion.ofRevision(clientConfig.clientRevision()))),
                new WebhookRoutes(auth, services.webhooks()),
                new SystemRoutes(),
                new DocsRoutes(config.server().basePath(), VERSION, SwaggerUiWebjar.version())));
        groups.add(new DashboardRoutes(config.server().basePath()));
        if (metrics != null) {
            groups.add(new MetricsRoutes(auth, config.observability().metricsToken(), metrics::scrape));
        }
        if (config.observability().eventStreamEnabled()) {
            groups.add(new EventStreamRoutes(auth, services.eventStream(), EVENT_HEARTBEAT));
        }
        if (sandbox != null) {
            groups.add(new SandboxRoutes(sandbox, auth));
            groups.add(new SandboxFaultRoutes(sandbox.control(), auth));
            groups.add(new SandboxChatRoutes(sandbox.appState(), auth));
        }
        return groups;
    }

    private static HttpSettings httpSettings(Config config, Path temporary) {
        var server = config.server();
        return new HttpSettings(server.address(), server.port(), server.basePath(), server.corsOrigins(),
                server.bodyLimitBytes(), server.gzipLevel(), config.media().maxBytes(),
                HttpConnectionCap.resolve(server.maxConnections()), temporary);
    }

    public ServerSecrets secrets() {
        return secrets;
    }

    /** The in-process sandbox, in sandbox mode. */
    public Optional<SandboxServer> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /** The wired core. */
    public GatewayServices services() {
        return services;
    }

    /** The database every adapter shares. */
    public PostgresDatabase database() {
        return database;
    }

    /** The HTTP server (its registered and served routes, for tests). */
    public HttpServer httpServer() {
        return httpServer;
    }

    /** The port the HTTP API listens on. */
    public int httpPort() {
        return httpServer.port();
    }

    private void closeAfterDatabaseLoss(String reason) {
        log.error("{}: stopping the gateway", reason);
        // not on the watchdog's thread, which the database's close waits for
        Thread.ofPlatform().name("database-lost").start(this::close);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        while (!startedInOrder.isEmpty()) {
            AutoCloseable part = startedInOrder.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
        log.info("gateway stopped");
    }
}
