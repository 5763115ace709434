package dev.wagateway.app.wiring;

import dev.wagateway.app.config.AutomationSettings;
import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.MediaSettings;
import dev.wagateway.app.config.StartupReconnectSettings;
import dev.wagateway.app.config.WhatsAppSettings;
import dev.wagateway.app.media.FileMediaStore;
import dev.wagateway.app.media.TikaMediaInspector;
import dev.wagateway.core.media.MediaService;
import dev.wagateway.core.media.ReceivedMediaService;
import dev.wagateway.core.history.HistoryService;
import dev.wagateway.core.poll.PollService;
import dev.wagateway.core.address.NumberCheck;
import dev.wagateway.core.address.CachedRegistrationLookup;
import dev.wagateway.core.address.CombiningRegistrationLookup;
import dev.wagateway.core.address.DeviceRegistrationLookup;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.core.apikey.ApiKeyService;
import dev.wagateway.core.device.DeviceService;
import dev.wagateway.core.message.MessageActions;
import dev.wagateway.core.user.UserService;
import dev.wagateway.core.event.EventFanOut;
import dev.wagateway.core.event.EventLogWriter;
import dev.wagateway.core.event.EventPublisher;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.stream.EventStreamHub;
import dev.wagateway.core.group.GroupService;
import dev.wagateway.core.message.AutoMarkRead;
import dev.wagateway.core.message.MessagingService;
import dev.wagateway.core.pacing.ReachOutGuard;
import dev.wagateway.core.pacing.SendAdmission;
import dev.wagateway.core.pacing.SendPacer;
import dev.wagateway.core.pacing.SendPacing;
import dev.wagateway.core.quota.SendQuota;
import dev.wagateway.core.message.SendMeter;
import dev.wagateway.core.chat.ChatSettingsService;
import dev.wagateway.core.presence.DisappearingTimers;
import dev.wagateway.core.presence.PresenceService;
import dev.wagateway.core.message.SendSimulation;
import dev.wagateway.core.secret.SecretGenerator;
import dev.wagateway.core.proxy.DeviceProxies;
import dev.wagateway.core.session.DeviceReconnect;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.SessionOwnership;
import dev.wagateway.core.session.ProtocolStoreFactory;
import dev.wagateway.core.node.LeaseKeeper;
import dev.wagateway.core.node.NodeSettings;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.session.StartupReconnect;
import dev.wagateway.core.token.DeviceAuthenticator;
import dev.wagateway.core.token.TokenIssuer;
import dev.wagateway.core.token.TokenVersionCache;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.core.webhook.WebhookService;
import dev.wagateway.core.webhook.WebhookTargetCheck;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway core wired over its adapters: repositories from PostgreSQL, tokens from the JWT issuer, one session
 * manager for all devices. Built once by the application; tests build it the same way. {@code registrationChecks}
 * is the lookup behind every R1 check (sends, number checks), there for its count of checks waiting per device;
 * {@code quota} the hourly quotas, whose writer the application stops once the sessions stopped.
 */
public record GatewayServices(PostgresGatewayStore store, SessionManager sessions, TokenVersionCache tokenVersions,
                              DeviceAuthenticator authenticator, ApiKeyService apiKeys, DeviceService devices,
                              WebhookService webhooks, WebhookOutbox outbox, MessagingService messaging,
                              NumberCheck numbers, DeviceReconnect reconnect, MessageActions messageActions,
                              UserService users, EventStreamHub eventStream, GroupService groups,
                              MediaService media, ReceivedMediaService receivedMedia, FileMediaStore mediaStore,
                              PresenceService presence,
                              PollService polls, SendPacer pacer, HistoryService history,
                              ChatSettingsService chats, DeviceProxies proxies, LeaseKeeper leases,
                              CombiningRegistrationLookup registrationChecks, SendQuota quota) {

    /** How often the event stream reads the log without a wake-up (events other nodes wrote). */
    private static final Duration EVENT_POLL = Duration.ofSeconds(1);
    /** How long a missing event id holds the stream back before it counts as rolled back. */
    private static final Duration EVENT_GAP_WAIT = Duration.ofSeconds(5);

    /** How long a send waits for the server's acknowledgement. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Wires the services.
     *
     * @param clientConfig  where sessions connect (WhatsApp or the sandbox) and how
     * @param wakeup        the delivery workers, told about new outbox rows
     * @param targets       the webhook URL policy
     * @param observers     further event subscribers (metrics), told of every event besides the outbox and log
     * @param sendMeter     measures each outgoing message (metrics)
     */
    public static GatewayServices wire(Config config, PostgresGatewayStore store, WaClientConfig clientConfig,
                                       WaClientRuntime runtime, TokenIssuer tokens, DeliveryWakeup wakeup,
                                       WebhookTargetCheck targets, List<EventPublisher> observers,
                                       SendMeter sendMeter, SecureRandom random, Clock clock) {
        SecretGenerator secrets = new SecretGenerator(random);
        WebhookOutbox outbox = new WebhookOutbox(config.webhooks().enabled(), wakeup);
        EventStreamHub eventStream = new EventStreamHub(store.eventLog(), config.observability().eventBuffer(),
                EVENT_POLL, EVENT_GAP_WAIT, clock);
        List<EventPublisher> subscribers = new ArrayList<>(List.of(outbox));
        if (config.observability().eventStreamEnabled()) {
            subscribers.add(new EventLogWriter(eventStream::wake));
        }
        subscribers.addAll(observers);
        EventFanOut events = new EventFanOut(subscribers);
        // Every node goes through leases (a lone one holds every device); with several, a device's protocol store
        // is fenced by this node's lease of it.
        ManagedSessions leased = new ManagedSessions();
        NodeSettings node = config.node().settings();
        LeaseKeeper leases = new LeaseKeeper(node, store.leaseKeeperLeases(), leased, id -> store.devices().find(id)
                .map(d -> d.everPaired() && d.status() != DeviceStatus.LOGGED_OUT).orElse(false), clock);
        ProtocolStoreFactory protocolStores = node.cluster()
                ? store.fencedProtocolStores(leases::leaseOf, node.renewEvery()) : store.protocolStores();
        SessionManager sessions = new SessionManager(clientConfig, runtime, protocolStores, store.devices(),
                store.unitOfWork(), events, startup(config.startupReconnect()), clock);
        leased.bind(sessions);
        sessions.useOwnership(new SessionOwnership() {
            @Override
            public boolean holds(java.util.UUID deviceId) {
                return leases.holds(deviceId);
            }

            @Override
            public boolean acquire(java.util.UUID deviceId) {
                return leases.acquire(deviceId);
            }
        });
        // before any session opens (the boot restore): every client is made with its device's proxy
        DeviceProxies proxies = new DeviceProxies(store.deviceProxies(), config.whatsapp().proxy());
        sessions.useProxies(proxies::effective);
        proxies.onChange(sessions::proxyChanged);
        TokenVersionCache versions = new TokenVersionCache(store.devices(), store.apiKeys());
        versions.preload();
        MediaSettings mediaSettings = config.media();
        FileMediaStore mediaStore = new FileMediaStore(mediaSettings.directory());
        DeviceService devices = new DeviceService(store.devices(), sessions, tokens, versions, secrets, clock,
                Optional.of(mediaStore));
        ApiKeyService apiKeys = new ApiKeyService(store.apiKeys(), store.devices(), devices, versions, secrets, clock);
        WebhookService webhooks = new WebhookService(store.webhooks(), store.deliveries(), outbox, store.unitOfWork(),
                targets, secrets, config.webhooks().maxPerDevice(), clock);
        AutomationSettings automation = config.automation();
        DeviceCalls calls = sessions.calls().withTimeout(SEND_TIMEOUT); // shares the manager's drain
        // one lookup for sends and number checks alike
        WhatsAppSettings whatsapp = config.whatsapp();
        // a device's concurrent checks share one usync query; the cache, when on, answers before they queue
        CombiningRegistrationLookup asked = new CombiningRegistrationLookup(
                new DeviceRegistrationLookup(calls, whatsapp.isOnBatchSize()), whatsapp.isOnBatchSize());
        RegistrationLookup registrations = whatsapp.isOnCacheEnabled()
                ? new CachedRegistrationLookup(asked, whatsapp.isOnCacheTtl(), whatsapp.isOnCacheMax(), clock) : asked;
        SendSimulation simulation = new SendSimulation(automation.autoPresence(),
                automation.autoTyping(), automation.typingDelayMin(), automation.typingDelayMax());
        DisappearingTimers timers = new DisappearingTimers();
        SendPacer pacer = new SendPacer(new SendPacing(automation.rateLimitEnabled(), automation.rateLimitPerMinute(),
                automation.rateLimitBurst(), automation.sendQueueMax()),
                new SendAdmission(automation.sendMaxInFlight(), automation.sendMaxWait(), System::nanoTime),
                System::nanoTime);
        SendQuota quota = new SendQuota(store.sendQuotas(), clock);
        // blocks of quota reserved and not used are given back to the other nodes within about a second
        runtime.scheduler().scheduleWithFixedDelay(() -> Thread.ofVirtual().name("quota-settle")
                .start(quota::settleExpired), 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        MessagingService messaging = new MessagingService(calls, store.messages(), sessions.outgoingMessages(),
                registrations, simulation, random, clock, sendMeter, timers, pacer, quota,
                new ReachOutGuard(automation.newChatsPerDay(), new EventRecorder(store.unitOfWork(), events, clock),
                        clock));
        if (automation.autoMarkRead()) {
            sessions.useAutoMarkRead(new AutoMarkRead(messaging, automation.readReceiptJitter(),
                    automation.readReceiptDelayMin(), automation.readReceiptDelayMax(), random, runtime.scheduler()));
        }
        DeviceReconnect reconnect = new DeviceReconnect(sessions,
                clientConfig.connectTimeout().plus(clientConfig.requestTimeout()));
        TikaMediaInspector inspector = new TikaMediaInspector();
        MediaService media = new MediaService(calls, messaging, inspector, mediaSettings.maxBytes());
        ReceivedMediaService receivedMedia = new ReceivedMediaService(calls, mediaStore, inspector, clock,
                mediaSettings.maxBytes(), mediaSettings.eagerDownload(), config.server().basePath(),
                mediaSettings.parallelDownloads());
        sessions.useIncomingMedia(receivedMedia);
        sessions.useDisappearingTimers(timers);
        sessions.useAppStateEvents(config.whatsapp().appStateWebhookEnabled());
        return new GatewayServices(store, sessions, versions, new DeviceAuthenticator(tokens, versions), apiKeys,
                devices, webhooks, outbox, messaging, new NumberCheck(sessions, registrations), reconnect,
                new MessageActions(calls, store.messages(), messaging, simulation, clock), new UserService(calls),
                eventStream, new GroupService(calls, registrations, config.whatsapp().groupListCacheTtl(),
                        config.whatsapp().groupListCacheDisabled(), clock), media, receivedMedia, mediaStore,
                new PresenceService(calls, registrations, timers, clock),
                new PollService(calls, messaging, store.polls(), random, clock), pacer,
                new HistoryService(store.unitOfWork()),
                new ChatSettingsService(calls, registrations, store.chats(), clock), proxies, leases, asked, quota);
    }

    private static StartupReconnect startup(StartupReconnectSettings settings) {
        return new StartupReconnect(settings.concurrency(), settings.jitterMax(), settings.retries(),
                settings.backoffBase(), settings.backoffMax());
    }
}
