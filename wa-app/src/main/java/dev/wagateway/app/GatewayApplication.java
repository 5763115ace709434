package dev.wagateway.app;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.GeneratedSecretsFile;
import dev.wagateway.app.config.ServerSecrets;
import dev.wagateway.app.database.EmbeddedPostgresServer;
import dev.wagateway.app.sandbox.SandboxControlRoutes;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.CatalogRoutes;
import dev.wagateway.http.DocsRoutes;
import dev.wagateway.http.HttpServer;
import dev.wagateway.http.OpenApiDocument;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.SwaggerUiWebjar;
import dev.wagateway.http.HttpSettings;
import dev.wagateway.http.SystemRoutes;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The whole server, wired by hand: database (embedded or configured), then the HTTP API. Everything started is
 * closed in reverse order, exactly once.
 */
public final class GatewayApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
    /** The version reported by the API and its documentation. */
    public static final String VERSION = "0.1.0";

    private final Deque<AutoCloseable> startedInOrder = new ArrayDeque<>();
    private final ServerSecrets secrets;
    private HttpServer httpServer;
    private PostgresDatabase database;
    private SandboxServer sandbox;
    /** Close runs once, whoever calls it first (the shutdown hook, a test, a failed start). */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private GatewayApplication(ServerSecrets secrets) {
        this.secrets = secrets;
    }

    /** Starts every part; on failure, stops what was already started and rethrows. */
    public static GatewayApplication start(Config config) {
        ServerSecrets secrets = new GeneratedSecretsFile(config.datastore().dataDir(), new SecureRandom())
                .resolve(config.adminSecret(), config.jwtSecret());
        GatewayApplication application = new GatewayApplication(secrets);
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
        database = openDatabase(config);
        startedInOrder.push(database);

        if (config.whatsapp().sandbox()) {
            sandbox = SandboxServer.start(SandboxSettings.loopback(
                    Curve25519.generateKeyPair(SecureRandoms.create())));
            startedInOrder.push(sandbox);
            // Sessions will target it instead of WhatsApp; its control API is also served here under /sandbox/*.
            log.info("sandbox mode: WhatsApp sandbox at {} (root key {}); control API under /sandbox/* with "
                    + "X-Admin-Secret", sandbox.webSocketUrl(), sandbox.rootPublicKeyHex());
        }

        httpServer = new HttpServer(httpSettings(config), routeGroups(config));
        int port = httpServer.start();
        startedInOrder.push(httpServer);
        log.info("gateway listening on http://{}:{}{}/", config.server().address(), port, config.server().basePath());
    }

    private PostgresDatabase openDatabase(Config config) {
        int poolSize = config.datastore().maxConnections();
        if (config.datastore().uri().isPresent()) {
            return PostgresDatabase.open(config.datastore().uri().get(), poolSize);
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(config.datastore().dataDir());
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

    /** The route groups; as groups get built, they join here and leave the 501 catalog. */
    private List<RouteGroup> routeGroups(Config config) {
        Set<String> implemented = Set.of();
        String basePath = config.server().basePath();
        AuthGate auth = new AuthGate(secrets.adminSecret());
        List<RouteGroup> groups = new java.util.ArrayList<>();
        groups.add(new SystemRoutes());
        groups.add(new DocsRoutes(OpenApiDocument.build(basePath, VERSION, implemented,
                sandbox == null ? List.of() : SandboxControlRoutes.ROUTES), basePath, SwaggerUiWebjar.version()));
        groups.add(new CatalogRoutes(auth, implemented));
        if (sandbox != null) {
            groups.add(new SandboxControlRoutes(sandbox, auth));
        }
        return groups;
    }

    private static HttpSettings httpSettings(Config config) {
        var server = config.server();
        return new HttpSettings(server.address(), server.port(), server.basePath(), server.corsOrigins(),
                server.bodyLimitBytes(), server.gzipLevel());
    }

    public ServerSecrets secrets() {
        return secrets;
    }

    /** The in-process sandbox, in sandbox mode. */
    public java.util.Optional<SandboxServer> sandbox() {
        return java.util.Optional.ofNullable(sandbox);
    }

    /** The database every adapter shares. */
    public PostgresDatabase database() {
        return database;
    }

    /** The port the HTTP API listens on. */
    public int httpPort() {
        return httpServer.port();
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
