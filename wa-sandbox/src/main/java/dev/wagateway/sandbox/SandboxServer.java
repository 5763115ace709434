package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.SecureRandoms;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local WhatsApp server: the chat websocket at {@code /ws/chat} speaking the real protocol, and the control API at
 * {@code /sandbox/*}. Everything lives in memory; with a data folder ({@link SandboxSettings#dataDir()}) the accounts,
 * phones, companions and their queues, groups, profiles, privacy tokens, app state and the media host's blobs are also
 * kept there and found again at the next start.
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);
    /** How stale the state file may be after a kill; an orderly close writes it whole. */
    private static final Duration STATE_SAVE_INTERVAL = Duration.ofSeconds(2);

    private final SandboxIdentity identity;
    private final SandboxControl control;
    private final Javalin app;
    private final ConcurrentHashMap<String, ChatConnection> connections = new ConcurrentHashMap<>();
    private final String host;
    private final MediaStore media;
    private final SandboxGroups groupControl;
    private final MediaTls mediaTls;
    private final MediaHostServer mediaHost;
    private final PhoneMedia phoneMedia;
    private final Strictness strictness;
    private final SandboxStateFile state;
    private final SandboxHistory history;
    private final PhonePlaceholderResend placeholderResends;
    private final MessageRouter router;
    private final SandboxAppState appState;

    private SandboxServer(SandboxSettings settings) {
        SecureRandom random = SecureRandoms.create();
        this.strictness = Strictness.defaults(random);
        this.host = settings.host();
        this.identity = SandboxIdentity.create(settings.rootKey(), random);
        Directory directory = new Directory(random);
        FaultInjector faults = new FaultInjector();
        GroupDirectory groupDirectory = new GroupDirectory();
        IdGenerator ids = new IdGenerator();
        MediaStore media = new MediaStore(random, settings.dataDir() == null ? new MemoryMediaBlobs()
                : new FolderMediaBlobs(settings.dataDir().resolve("media")));
        this.media = media;
        this.mediaTls = MediaTls.create(settings.host(), random);
        // The media host is HTTPS only, on its own port (as WhatsApp's hosts are HTTPS only).
        this.mediaHost = new MediaHostServer(settings.host(), mediaTls, media);
        this.phoneMedia = new PhoneMedia(media, mediaHost::hostname, mediaTls, random);
        MessageRouter router = new MessageRouter(directory, groupDirectory, faults, ids, phoneMedia, strictness,
                new MediaReuploadRequests(directory, phoneMedia, random));
        this.router = router;
        DeviceListNotifier deviceLists = new DeviceListNotifier(directory, router, ids);
        PairingCoordinator pairing = new PairingCoordinator(random, ids, deviceLists);
        GroupService groups = new GroupService(groupDirectory, directory, router, random, ids);
        AppStateStore appStatePatches = new AppStateStore();
        PresenceService presence = new PresenceService(directory, groupDirectory);
        PhoneHistorySync phoneHistory = new PhoneHistorySync(directory, router, strictness.tokens(), random);
        this.history = new SandboxHistory(directory, phoneHistory, random);
        this.placeholderResends = new PhonePlaceholderResend(router, random);
        this.appState = new SandboxAppState(directory, router, appStatePatches, random);
        router.onPeerRequest(appState::onPeerRequest);
        ChatService service = new ChatService(directory, pairing, router, groups, presence,
                media, this.appState, mediaHost::hostname, faults, deviceLists, strictness, phoneHistory);
        this.control = new SandboxControl(directory, pairing, router, faults, deviceLists, presence);
        this.groupControl = new SandboxGroups(groups, directory);
        // Each store with state to keep adds its piece here; profiles come after the accounts they belong to.
        this.state = settings.dataDir() == null ? null
                : new SandboxStateFile(settings.dataDir(), List.of(new DirectoryState(directory, random),
                        new ProfileState(directory), new GroupState(groupDirectory),
                        new PrivacyTokenState(strictness.tokens()), new AppStatePatchState(appStatePatches),
                        new MediaState(media)));
        if (state != null) {
            if (state.load()) {
                log.info("sandbox state restored from {}: {} accounts, {} groups", state.path(),
                        directory.accounts().size(), groupDirectory.all().size());
            }
            state.saveEvery(STATE_SAVE_INTERVAL);
        }
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxBinaryMessageSize(16 << 20);
                factory.setIdleTimeout(Duration.ofMinutes(10));
            });
        });
        app.ws("/ws/chat", ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings();
                connections.put(ctx.sessionId(), new ChatConnection(outbound(ctx), identity, random, service));
            });
            ws.onBinaryMessage(ctx -> {
                ChatConnection connection = connections.get(ctx.sessionId());
                if (connection != null) {
                    connection.onData(ByteBuffer.wrap(ctx.data(), ctx.offset(), ctx.length()));
                }
            });
            ws.onClose(ctx -> {
                ChatConnection connection = connections.remove(ctx.sessionId());
                if (connection != null) {
                    connection.onTransportClosed();
                }
            });
            ws.onError(ctx -> {
                ChatConnection connection = connections.remove(ctx.sessionId());
                if (connection != null) {
                    connection.onTransportClosed();
                }
            });
        });
        new ControlRoutes(control, this::info, this::stats).register(app, "/sandbox");
        new GroupControlRoutes(groupControl).register(app, "/sandbox");
        new StrictnessRoutes(strictness).register(app, "/sandbox");
        new HistoryControlRoutes(history).register(app, "/sandbox");
        new AppStateControlRoutes(this.appState).register(app, "/sandbox");
        app.start(settings.host(), settings.port());
    }

    /** Starts a sandbox; it listens until {@link #close()}. */
    public static SandboxServer start(SandboxSettings settings) {
        return new SandboxServer(settings);
    }

    public SandboxControl control() {
        return control;
    }

    /** The phones' history sync part of the control surface. */
    public SandboxHistory history() {
        return history;
    }

    /** The app-state part of the control surface: the phones' chat settings. */
    public SandboxAppState appState() {
        return appState;
    }

    /** The groups part of the control surface. */
    public SandboxGroups groups() {
        return groupControl;
    }

    /** The web versions the sandbox accepts and announces. */
    public WebVersionGate webVersions() {
        return strictness.versions();
    }

    /** Where the sandbox announces its current web version, in the text format of WhatsApp's page. */
    public URI webVersionUrl() {
        return URI.create(controlUrl() + "/web-version");
    }

    public int port() {
        return app.port();
    }

    /** The chat websocket clients connect to. */
    public URI webSocketUrl() {
        return URI.create("ws://" + host + ":" + port() + "/ws/chat");
    }

    /** The base of the control API. */
    public URI controlUrl() {
        return URI.create("http://" + host + ":" + port() + "/sandbox");
    }

    /** The root public key clients must trust (32 bytes). */
    public byte[] rootPublicKey() {
        return HexFormat.of().parseHex(identity.rootPublicKeyHex());
    }

    public String rootPublicKeyHex() {
        return identity.rootPublicKeyHex();
    }

    /** What {@code GET /sandbox/info} answers. */
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("ws_url", webSocketUrl().toString());
        info.put("root_key", rootPublicKeyHex());
        info.put("media_url", "https://" + mediaHost.hostname() + "/mms");
        info.put("media_host", mediaHost.hostname());
        info.put("media_ca_pem", mediaTls.caPem());
        return info;
    }

    /**
     * What {@code GET /sandbox/stats} answers: open connections, linked devices and the heap in use after a
     * collection (for the memory benchmark; a full GC is requested, so do not poll it in a loop).
     */
    public Map<String, Object> stats() {
        return stats(true);
    }

    /**
     * {@link #stats()}, with the full collection only when {@code collect} ({@code GET /sandbox/stats?gc=false}
     * skips it: a load harness reading the counters between phases must not stop the server's threads for the
     * 80-180 ms a full GC of a loaded heap takes, which the next phase's first second then carried).
     */
    public Map<String, Object> stats(boolean collect) {
        if (collect) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("connections", connectionCount());
        stats.put("linked_devices", control.linkedDeviceCount());
        stats.put("online_devices", control.onlineDeviceCount());
        stats.put("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
        stats.put("heap_max_bytes", runtime.maxMemory());
        stats.put("refusals", strictness.refusals().snapshot());
        stats.put("refused", strictness.refusals().named().stream()
                .map(r -> Map.of("code", r.code(), "stanza", r.stanza())).toList());
        stats.put("unacked", control.unackedCount());
        stats.put("phone_backlog", router.phoneBacklog());
        stats.put("usync_contact", control.contactQueries().counts());
        stats.put("placeholder_resends", placeholderResends.counts());
        stats.put("direct_messages", router.directMessages());
        return stats;
    }

    /**
     * The refusals so far by code (405, 463, 479...), as {@code GET /sandbox/stats} reports them, without the
     * collection {@link #stats()} asks for: what a test suite's refusal check reads after each test.
     */
    public Map<String, Long> refusalCounts() {
        return strictness.refusals().snapshot();
    }

    /** The first refused stanzas, each as {@code "<code> <what was refused>"}. */
    public List<String> refusedStanzas() {
        return strictness.refusals().named().stream().map(r -> r.code() + " " + r.stanza()).toList();
    }

    /** How many websocket connections are open. */
    public int connectionCount() {
        return connections.size();
    }

    /** The media host's certificate authority: its PEM is {@code media_ca_pem}. */
    public MediaTls mediaTls() {
        return mediaTls;
    }

    /** A TLS context trusting only the sandbox CA, for a gateway's media transfers in sandbox mode. */
    public javax.net.ssl.SSLContext mediaSslContext() {
        return mediaTls.clientSslContext();
    }

    /** The upload auth {@code media_conn} hands out (for the media benchmark, which moves files without a login). */
    String mediaAuth() {
        return media.auth();
    }

    /** The media host as {@code media_conn} announces it ({@code host:port}). */
    public String mediaHostname() {
        return mediaHost.hostname();
    }

    /** Stops listening, then (with a data folder) writes the state a restart will find. */
    @Override
    public void close() {
        app.stop();
        if (state != null) {
            state.close();
        }
        mediaHost.close();
        phoneMedia.close();
    }

    private static ChatConnection.Outbound outbound(WsContext ctx) {
        return new ChatConnection.Outbound() {
            @Override
            public void sendBinary(ByteBuffer data) throws IOException {
                try {
                    ctx.session.getRemote().sendBytes(data);
                } catch (RuntimeException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                try {
                    ctx.closeSession();
                } catch (RuntimeException ignored) {
                    // already closed by the peer
                }
            }
        };
    }
}
