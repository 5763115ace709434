package dev.wagateway.persistence.gateway;

import dev.wagateway.core.chat.ChatRepository;
import dev.wagateway.core.apikey.ApiKeyRepository;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.message.MessageRepository;
import dev.wagateway.core.node.DeviceLease;
import dev.wagateway.core.node.DeviceLeaseRepository;
import dev.wagateway.core.poll.PollRepository;
import dev.wagateway.core.proxy.DeviceProxyRepository;
import dev.wagateway.core.quota.SendQuotaRepository;
import dev.wagateway.core.session.ProtocolStoreFactory;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.core.webhook.WebhookRepository;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.protocol.PostgresDeviceStore;
import dev.wagateway.persistence.protocol.PostgresWebVersionStore;
import dev.wagateway.persistence.protocol.SessionCommits;
import dev.wagateway.protocol.version.WebVersionStore;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every persistence port of the core over one {@link PostgresDatabase}: the repositories (each call its own
 * transaction), the unit of work, and the protocol store of each device.
 *
 * <p>Owner of the shared session writer ({@link SessionCommits}, a thread): {@link #close()} stops it. Close the
 * store after everything using it has stopped and before the database it was given (the writer's connections).
 */
public final class PostgresGatewayStore implements AutoCloseable {

    private final PostgresDatabase database;
    private final HandleSource pooled;
    /** Where this store's outbox claims start: one for all its delivery repositories, which learn it together. */
    private final ClaimFloors claimFloors = new ClaimFloors(System::nanoTime);
    /** The session writes of every unfenced device store, committed together when they wait together. */
    private final SessionCommits sessionCommits;

    /** @param database an open, migrated database */
    public PostgresGatewayStore(PostgresDatabase database) {
        this.database = database;
        this.pooled = new HandleSource.Pooled(database.jdbi(), database.dataSource());
        this.sessionCommits = new SessionCommits(database.jdbi());
    }

    /** API keys. */
    public ApiKeyRepository apiKeys() {
        return new PostgresApiKeyRepository(pooled);
    }

    /** Devices. */
    public DeviceRepository devices() {
        return new PostgresDeviceRepository(pooled);
    }

    /** Each device's own proxy. */
    public DeviceProxyRepository deviceProxies() {
        return new PostgresDeviceProxyRepository(pooled);
    }

    /** Which node runs which device (scale-out, issue #21). */
    public DeviceLeaseRepository deviceLeases() {
        return new PostgresDeviceLeaseRepository(pooled);
    }

    /**
     * The same, over the lease keeper's own connections ({@link PostgresDatabase#leaseJdbi()}): for the keeper's
     * rounds alone, so a pool saturated by requests never delays a renewal.
     */
    public DeviceLeaseRepository leaseKeeperLeases() {
        return new PostgresDeviceLeaseRepository(new HandleSource.Pooled(database.leaseJdbi()));
    }

    /** Webhooks. */
    public WebhookRepository webhooks() {
        return new PostgresWebhookRepository(pooled);
    }

    /** The webhook outbox and delivery log. */
    public WebhookDeliveryRepository deliveries() {
        return new PostgresWebhookDeliveryRepository(pooled, claimFloors);
    }

    /** Messages. */
    public MessageRepository messages() {
        return new PostgresMessageRepository(pooled);
    }

    /** Polls and votes. */
    public PollRepository polls() {
        return new PostgresPollRepository(pooled);
    }

    /** The sends counted against the API keys' hourly quotas. */
    public SendQuotaRepository sendQuotas() {
        return new PostgresSendQuotaRepository(pooled);
    }

    /** Chats and their settings. */
    public ChatRepository chats() {
        return new PostgresChatRepository(pooled);
    }

    /** The durable event log behind the event stream. */
    public EventLogRepository eventLog() {
        return new PostgresEventLogRepository(pooled);
    }

    /** Transactions across the repositories. */
    public UnitOfWork unitOfWork() {
        return new PostgresUnitOfWork(database.jdbi());
    }

    /** The last good WhatsApp Web version, shared by every device. */
    public WebVersionStore webVersion() {
        return new PostgresWebVersionStore(database.jdbi());
    }

    /**
     * The protocol store of each device, keyed by its id; the ratchet steps of all devices that wait to be committed
     * at the same moment share one transaction ({@link SessionCommits}; a device's concurrent sends already share one
     * write: {@code CombiningEncryptor} in wa-protocol).
     */
    public ProtocolStoreFactory protocolStores() {
        return deviceId -> new PostgresDeviceStore(database.jdbi(), deviceId.toString(), sessionCommits);
    }

    /** The shared session writer of {@link #protocolStores()}: its counts of transactions and of fallbacks. */
    public SessionCommits sessionCommits() {
        return sessionCommits;
    }

    /**
     * The protocol store of each device fenced by this node's lease of it (several nodes on one database): an access
     * after another node took the device over fails without touching anything. Its session writes commit in
     * transactions of its own, behind its fence (why they share none across devices: {@link SessionCommits}).
     *
     * @param leases    this node's lease of a device, if it holds one
     * @param idleLimit how long a store transaction may sit idle (a frozen node) before PostgreSQL ends it and
     *                  releases the lease row it share-locks
     */
    public ProtocolStoreFactory fencedProtocolStores(Function<UUID, Optional<DeviceLease>> leases,
                                                     java.time.Duration idleLimit) {
        return new LeaseFencedStores(database, leases, idleLimit);
    }

    /**
     * Stops the session writer once it committed what was queued (it waits for that); the unfenced protocol stores'
     * session writes fail from then on. The database stays open: its opener closes it.
     */
    @Override
    public void close() {
        sessionCommits.close();
    }
}
