package dev.wagateway.app.config;

import dev.wagateway.protocol.proxy.ProxySettings;
import dev.wagateway.webhooks.delivery.DeliverySettings;
import dev.wagateway.webhooks.proxy.NoProxyEntry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the configuration: the process environment first, then a {@code .env} file in the working folder (which never
 * overrides a set variable), then the defaults of the contract (§9). Every invalid value is reported at once.
 */
public final class ConfigLoader {

    /** WhatsApp's real certificate root, trusted unless configured otherwise. */
    public static final String WHATSAPP_ROOT_KEY = "142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b";
    public static final String WHATSAPP_SERVER_URL = "wss://web.whatsapp.com/ws/chat";
    public static final int MIN_JWT_SECRET_LENGTH = 32;
    /** A metrics token is a bearer credential: long enough not to be guessed. */
    public static final int MIN_METRICS_TOKEN_LENGTH = 16;
    /** The node secret is a shared credential between gateway nodes. */
    public static final int MIN_NODE_SECRET_LENGTH = 32;

    private static final Pattern BASE_PATH = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\*");
    private static final Set<String> POSTGRES_SCHEMES = Set.of("postgres", "postgresql");

    private ConfigLoader() {
    }

    /** Reads {@code environment} over {@code workingDir/.env}; throws {@link ConfigException} listing every problem. */
    public static Config load(Map<String, String> environment, Path workingDir) {
        Map<String, String> merged = new HashMap<>(DotEnvFile.read(workingDir.resolve(".env")));
        environment.forEach((name, value) -> {
            if (value != null) {
                merged.put(name, value);
            }
        });
        ConfigValues values = new ConfigValues(merged);
        DatastoreSettings datastore = datastore(values, workingDir);
        Config config = new Config(
                server(values),
                values.optional("ADMIN_SECRET_KEY"),
                jwtSecret(values),
                datastore,
                whatsapp(values),
                automation(values),
                startupReconnect(values),
                webhooks(values),
                observability(values),
                media(values, datastore.dataDir()),
                node(values));
        if (!values.problems().isEmpty()) {
            throw new ConfigException(values.problems());
        }
        return config;
    }

    private static ServerSettings server(ConfigValues values) {
        return new ServerSettings(
                values.parsed("SERVER_ADDRESS", "0.0.0.0", ConfigLoader::bindAddress),
                values.integer("SERVER_PORT", 7001, 0, 65535),
                values.parsed("HTTP_BASE_URL", "", ConfigLoader::basePath),
                values.parsed("HTTP_CORS_ORIGIN", List.of("*"), ConfigLoader::origins),
                values.byteSize("HTTP_BODY_LIMIT_SIZE", 8L << 20),
                values.integer("HTTP_GZIP_LEVEL", 1, -1, 9),
                values.positiveOrDefault("HTTP_CACHE_TTL_SECONDS", 5, 86_400),
                values.integer("HTTP_CACHE_CAPACITY", 100, 0, 10_000_000),
                values.oneOf("LOG_LEVEL", "info", Set.of("debug", "info", "warn", "error")),
                values.oneOf("LOG_FORMAT", "text", Set.of("text", "json")),
                values.integer("HTTP_MAX_CONNECTIONS", 0, 0, 10_000_000));
    }

    private static Optional<String> jwtSecret(ConfigValues values) {
        Optional<String> secret = values.optional("JWT_SECRET_KEY");
        if (secret.isPresent() && secret.get().length() < MIN_JWT_SECRET_LENGTH) {
            values.problem("JWT_SECRET_KEY", "(" + secret.get().length() + " characters)",
                    "must be at least " + MIN_JWT_SECRET_LENGTH + " characters long");
        }
        return secret;
    }

    private static DatastoreSettings datastore(ConfigValues values, Path workingDir) {
        String type = values.parsed("WHATSAPP_DATASTORE_TYPE", "postgres", value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            if (!Set.of("postgres", "postgresql", "pgx").contains(lower)) {
                throw new IllegalArgumentException("only PostgreSQL is supported: postgres, postgresql or pgx");
            }
            return "postgres";
        });
        Optional<String> uri = postgresUri(values, "WHATSAPP_DATASTORE_URI");
        Optional<String> keysUri = postgresUri(values, "WHATSAPP_KEYS_DATASTORE_URI");
        Path dataDir = values.parsed("WHATSAPP_DATA_DIR", workingDir.resolve("data"),
                value -> workingDir.resolve(Path.of(value))).toAbsolutePath().normalize();
        int maxConnections = values.integer("WHATSAPP_DATASTORE_MAX_CONNECTIONS", 10, 1, 1000);
        boolean embeddedDurable = values.bool("WHATSAPP_DATASTORE_EMBEDDED_DURABLE", true);
        return new DatastoreSettings(type, uri, keysUri, dataDir, maxConnections, embeddedDurable);
    }

    private static Optional<String> postgresUri(ConfigValues values, String name) {
        return Optional.ofNullable(values.parsed(name, null, value -> {
            String withoutJdbc = value.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value;
            URI uri;
            try {
                uri = new URI(withoutJdbc);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("expected postgres://user:password@host:5432/database ("
                        + e.getReason() + ")");
            }
            if (uri.getScheme() == null || !POSTGRES_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("expected postgres://user:password@host:5432/database");
            }
            return value;
        }));
    }

    private static WhatsAppSettings whatsapp(ConfigValues values) {
        return new WhatsAppSettings(
                values.uri("WHATSAPP_SERVER_URL", WHATSAPP_SERVER_URL, Set.of("ws", "wss")),
                values.parsed("WHATSAPP_SERVER_ROOT_KEY", WHATSAPP_ROOT_KEY, ConfigLoader::rootKey),
                values.bool("WHATSAPP_SANDBOX", false),
                values.parsed("WHATSAPP_CLIENT_PROXY_URL", Optional.<ProxySettings>empty(),
                        value -> Optional.of(ProxySettings.parse(value))),
                values.parsed("WHATSAPP_DEVICE_OS_NAME", "Chrome", ConfigLoader::deviceName),
                values.oneOf("WHATSAPP_LOG_LEVEL", "error", Set.of("debug", "info", "warn", "error")),
                values.optionalInteger("WHATSAPP_VERSION_MAJOR", 0, 99),
                values.optionalInteger("WHATSAPP_VERSION_MINOR", 0, 99_999),
                values.optionalInteger("WHATSAPP_VERSION_PATCH", 0, 2_000_000_000),
                values.duration("WHATSAPP_WAVERSION_REFRESH_MIN_INTERVAL", Duration.ofMinutes(10)),
                values.bool("WHATSAPP_ENABLE_WAVERSION_REFRESH_CRON", true),
                values.cron("WHATSAPP_WAVERSION_REFRESH_CRON_SPEC", "0 0 3 * * *"),
                values.bool("WHATSAPP_WAVERSION_REFRESH_CRON_FORCE", true),
                values.bool("WHATSAPP_MEDIA_IMAGE_COMPRESSION", false),
                values.bool("WHATSAPP_MEDIA_IMAGE_CONVERT_WEBP", false),
                values.bool("WHATSAPP_ISON_CACHE_ENABLED", false),
                values.duration("WHATSAPP_ISON_CACHE_TTL", Duration.ofMinutes(5)),
                values.integer("WHATSAPP_ISON_CACHE_MAX", 1000, 1, 10_000_000),
                values.integer("WHATSAPP_ISON_BATCH_SIZE", 50, 1, 10_000),
                values.duration("WHATSAPP_GROUP_LIST_CACHE_TTL", Duration.ofMinutes(5)),
                values.bool("WHATSAPP_GROUP_LIST_CACHE_DISABLED", false),
                values.bool("WHATSAPP_APPSTATE_WEBHOOK_ENABLED", false),
                values.bool("WHATSAPP_ENABLE_HEALTH_CHECK_CRON", true),
                values.bool("WHATSAPP_ENABLE_DEVICE_RECOVERY_CRON", true),
                values.cron("WHATSAPP_DEVICE_RECOVERY_CRON_SPEC", "0 */2 * * * *"),
                values.optionalUri("WHATSAPP_WEB_VERSION_URL", Set.of("http", "https")));
    }

    private static MediaSettings media(ConfigValues values, Path dataDir) {
        long maxBytes = values.byteSize("WHATSAPP_MEDIA_MAX_BYTES", 100L << 20);
        if (maxBytes < 1) {
            values.problem("WHATSAPP_MEDIA_MAX_BYTES", Long.toString(maxBytes), "must be at least 1 byte");
            maxBytes = 100L << 20;
        }
        return new MediaSettings(maxBytes,
                values.oneOf("WHATSAPP_MEDIA_DOWNLOAD", "eager", Set.of("eager", "on_request")).equals("eager"),
                values.parsed("WHATSAPP_MEDIA_DIR", dataDir.resolve("media"),
                        value -> dataDir.resolve(Path.of(value))).toAbsolutePath().normalize(),
                values.duration("WHATSAPP_MEDIA_RETENTION", Duration.ofDays(30)),
                values.integer("WHATSAPP_MEDIA_PARALLEL_DOWNLOADS", 4, 1, 256));
    }

    private static AutomationSettings automation(ConfigValues values) {
        Duration typingMin = values.duration("WHATSAPP_TYPING_DELAY_MIN", Duration.ofSeconds(1));
        Duration typingMax = values.duration("WHATSAPP_TYPING_DELAY_MAX", Duration.ofSeconds(3));
        Duration readMin = values.duration("WHATSAPP_READ_RECEIPT_DELAY_MIN", Duration.ofMillis(500));
        Duration readMax = values.duration("WHATSAPP_READ_RECEIPT_DELAY_MAX", Duration.ofSeconds(2));
        int perMinute = values.integer("WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE", 20, Integer.MIN_VALUE, 100_000);
        int burst = values.integer("WHATSAPP_RATE_LIMIT_BURST_SIZE", 5, Integer.MIN_VALUE, 100_000);
        perMinute = Math.max(1, perMinute);
        burst = Math.min(Math.max(1, burst), perMinute);
        return new AutomationSettings(
                values.bool("WHATSAPP_AUTO_PRESENCE_ENABLED", true),
                values.bool("WHATSAPP_AUTO_TYPING_ENABLED", true),
                typingMin,
                typingMax.compareTo(typingMin) < 0 ? typingMin : typingMax, // the original raises max to min
                values.bool("WHATSAPP_AUTO_MARK_READ", false),
                values.bool("WHATSAPP_READ_RECEIPT_JITTER_ENABLED", true),
                readMin,
                readMax.compareTo(readMin) < 0 ? readMin : readMax,
                values.bool("WHATSAPP_RATE_LIMIT_ENABLED", false),
                perMinute,
                burst,
                values.integer("WHATSAPP_SEND_QUEUE_MAX", 100, 1, 1_000_000),
                values.integer("WHATSAPP_SEND_MAX_IN_FLIGHT", 256, 1, 1_000_000),
                values.duration("WHATSAPP_SEND_MAX_WAIT", Duration.ofSeconds(10)),
                values.integer("WHATSAPP_NEW_CHATS_PER_DAY", 0, 0, 1_000_000));
    }

    private static StartupReconnectSettings startupReconnect(ConfigValues values) {
        return new StartupReconnectSettings(
                values.integer("WHATSAPP_STARTUP_RECONNECT_CONCURRENCY", 10, 1, 10_000),
                values.duration("WHATSAPP_STARTUP_RECONNECT_JITTER_MAX", Duration.ofSeconds(5)),
                values.integer("WHATSAPP_STARTUP_RECONNECT_RETRIES", 5, 1, 1000),
                values.duration("WHATSAPP_STARTUP_RECONNECT_BACKOFF_BASE", Duration.ofSeconds(2)),
                values.duration("WHATSAPP_STARTUP_RECONNECT_BACKOFF_MAX", Duration.ofSeconds(30)));
    }

    private static WebhookSettings webhooks(ConfigValues values) {
        int workers = values.positiveOrDefault("WEBHOOK_WORKERS", 4, 256);
        return new WebhookSettings(
                values.bool("WEBHOOKS_ENABLED", true),
                workers,
                // at most every attempt slot of the process (workers × 16): more could never be in flight
                values.integer("WEBHOOK_MAX_IN_FLIGHT_PER_WEBHOOK", DeliverySettings.defaultPerWebhook(workers), 1,
                        workers * DeliverySettings.ATTEMPTS_PER_WORKER),
                values.positiveOrDefault("WEBHOOK_RETRY_LIMIT", 3, 100),
                values.positiveOrDefault("WEBHOOK_MAX_PER_DEVICE", 5, 1000),
                values.integer("WEBHOOK_CACHE_TTL_SECONDS", 60, 0, 86_400),
                values.integer("WEBHOOK_DELIVERY_RETENTION_DAYS", 7, 1, 3650),
                values.bool("WEBHOOK_ALLOW_INSECURE", false),
                values.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", false),
                // http:// proxies only (HTTPS targets go through them in a CONNECT tunnel): OkHttp cannot speak
                // TLS to a proxy itself
                values.optionalUri("HTTP_PROXY", Set.of("http")),
                values.optionalUri("HTTPS_PROXY", Set.of("http")),
                values.parsed("NO_PROXY", Optional.empty(), ConfigLoader::noProxy));
    }

    private static ObservabilitySettings observability(ConfigValues values) {
        Optional<String> metricsToken = values.optional("METRICS_TOKEN");
        if (metricsToken.isPresent() && metricsToken.get().length() < MIN_METRICS_TOKEN_LENGTH) {
            values.problem("METRICS_TOKEN", "(" + metricsToken.get().length() + " characters)",
                    "must be at least " + MIN_METRICS_TOKEN_LENGTH + " characters long");
        }
        return new ObservabilitySettings(
                values.bool("EVENT_STREAM_ENABLED", true),
                values.integer("EVENT_STREAM_RETENTION_HOURS", 24, 1, 8760),
                values.integer("EVENT_STREAM_BUFFER", 1000, 1, 1_000_000),
                values.bool("METRICS_ENABLED", true),
                metricsToken);
    }

    private static NodeConfig node(ConfigValues values) {
        Optional<URI> advertise = values.optionalUri("NODE_ADVERTISE_URL", Set.of("http", "https"));
        String host = hostName();
        // several nodes: a restarted node is a new one (its old leases expire or were released); a lone node keeps
        // its id, so a restart after a crash finds its unexpired leases instead of waiting for them
        String defaultId = advertise.isPresent() ? host + "-" + HexFormat.of().formatHex(randomSuffix()) : host;
        String nodeId = values.parsed("NODE_ID", defaultId, value -> {
            if (value.length() > 200 || !value.matches("[A-Za-z0-9._:-]+")) {
                throw new IllegalArgumentException("expected 1 to 200 letters, digits, '.', '_', ':' or '-'");
            }
            return value;
        });
        int maxDevices = values.integer("NODE_MAX_DEVICES", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        Duration ttl = values.duration("NODE_LEASE_TTL", Duration.ofSeconds(15));
        if (ttl.compareTo(Duration.ofSeconds(3)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
            values.problem("NODE_LEASE_TTL", ttl.toString(), "must be from 3s to 1h");
            ttl = Duration.ofSeconds(15);
        }
        Optional<String> secret = values.optional("NODE_SECRET");
        if (secret.isPresent() && secret.get().length() < MIN_NODE_SECRET_LENGTH) {
            values.problem("NODE_SECRET", "(" + secret.get().length() + " characters)",
                    "must be at least " + MIN_NODE_SECRET_LENGTH + " characters long");
        }
        if (advertise.isPresent() && secret.isEmpty()) {
            values.problem("NODE_SECRET", "", "must be set with NODE_ADVERTISE_URL (it authenticates the requests "
                    + "nodes forward to each other)");
        }
        return new NodeConfig(nodeId, advertise, maxDevices, ttl, secret);
    }

    private static String hostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9._-]{1,150}") ? name : "gateway";
        } catch (java.net.UnknownHostException e) {
            return "gateway";
        }
    }

    private static byte[] randomSuffix() {
        byte[] suffix = new byte[3];
        new java.security.SecureRandom().nextBytes(suffix);
        return suffix;
    }

    /** {@code NO_PROXY} as given, once every item of it is known to be usable. */
    private static Optional<String> noProxy(String value) {
        for (String item : value.split(",")) {
            NoProxyEntry.parse(item);
        }
        return Optional.of(value);
    }

    private static String bindAddress(String value) {
        if (!value.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("expected a host name or IP address such as 0.0.0.0 or 127.0.0.1");
        }
        return value;
    }

    private static String basePath(String value) {
        String path = value.trim();
        if (!BASE_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("expected a URL path such as /api/v1 (no spaces, '?' or '#')");
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? "" : path.startsWith("/") ? path : "/" + path;
    }

    private static List<String> origins(String value) {
        List<String> origins = new ArrayList<>();
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("expected * or a comma-separated list of origins such as "
                        + "https://example.com");
            }
            origins.add(origin);
        }
        return origins;
    }

    private static String rootKey(String value) {
        String hex = value.trim().toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !HexFormat.isHexDigit(hex.charAt(0)) || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("expected a 32-byte public key as 64 hex characters");
        }
        return hex;
    }

    private static String deviceName(String value) {
        if (value.length() > 64 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("expected a short name (at most 64 characters, no control characters)");
        }
        return value;
    }
}
