package dev.wagateway.app.metrics;

import dev.wagateway.core.message.SendMeter;
import dev.wagateway.core.node.LeaseKeeper;
import dev.wagateway.http.node.NodeLink;
import dev.wagateway.protocol.stats.ProtocolCounters;
import dev.wagateway.webhooks.delivery.AttemptListener;
import dev.wagateway.core.pacing.SendAdmission;
import io.micrometer.core.instrument.FunctionCounter;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.wagateway.core.device.DeviceCounts;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.event.stream.EventStreamHub;
import dev.wagateway.core.webhook.DeliveryCounts;
import dev.wagateway.core.webhook.OutboxBacklog;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.http.RequestObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Server;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The gateway's metrics in one Prometheus registry: the JVM, the connection pool, Jetty, HTTP requests by route
 * template and status, events by type (through {@link EventMetrics}), and gauges read from the database at scrape
 * time (devices by status, webhook deliveries by status, the outbox backlog), each read at most once a second.
 *
 * <p>Owner of the registry; {@link #close()} closes it.
 */
public final class GatewayMetrics implements RequestObserver, AutoCloseable {

    private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventMetrics events;
    private final SendMetrics sends;
    private final DeliveryMetrics deliveries;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * Each request series' timer, found by one map look-up: building and registering it per request sorted and
     * hashed its tags and looked it up in the registry every time. Bounded by route templates × statuses.
     */
    private final Map<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();

    private record RequestSeries(String method, String route, int status) {
    }

    /** Binds the JVM meters (a lone node: no node label). */
    public GatewayMetrics() {
        this(Optional.empty());
    }

    /**
     * Binds the JVM meters; with several nodes, every meter carries {@code node="<NODE_ID>"}.
     *
     * @param nodeLabel this node's id when other nodes share the database
     */
    public GatewayMetrics(Optional<String> nodeLabel) {
        // before the first meter: a common tag applies only to meters registered after it
        nodeLabel.ifPresent(id -> registry.config().commonTags("node", id));
        events = new EventMetrics(registry);
        sends = new SendMetrics(registry);
        deliveries = new DeliveryMetrics(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The event subscriber counting events. */
    public EventMetrics events() {
        return events;
    }

    /** Measures outgoing messages (type, outcome, time to the server's ack). */
    public SendMeter sends() {
        return sends;
    }

    /** Measures webhook delivery attempts. */
    public AttemptListener deliveries() {
        return deliveries;
    }

    /** This node's leases and forwarded requests ({@link NodeMetrics}). */
    public void bindNode(LeaseKeeper leases, NodeLink link) {
        NodeMetrics.bind(registry, leases, link);
    }

    /** Counters the protocol keeps over every client (retry receipts by how they were answered). */
    public void bindProtocol(ProtocolCounters counters) {
        retryCounter(counters, "resent", ProtocolCounters::retryReceiptsResent);
        retryCounter(counters, "unanswerable", ProtocolCounters::retryReceiptsUnanswerable);
        retryCounter(counters, "failed", ProtocolCounters::retryReceiptsFailed);
        FunctionCounter.builder("wa_ratchet_commits", counters, ProtocolCounters::ratchetCommits)
                .description("ratchet commits of 1:1 sends, one per batch of a device's concurrent sends")
                .register(registry);
        FunctionCounter.builder("wa_ratchet_commit_sends", counters, ProtocolCounters::ratchetCommitSends)
                .description("1:1 send encryptions those commits saved (divided by wa_ratchet_commits: the mean "
                        + "batch)").register(registry);
    }

    private void retryCounter(ProtocolCounters counters, String result,
                              java.util.function.ToDoubleFunction<ProtocolCounters> value) {
        FunctionCounter.builder("wa_retry_receipts", counters, value).tag("result", result)
                .description("retry receipts from peers that could not decrypt our messages, by how they were "
                        + "answered").register(registry);
    }

    /** The sends in progress across all devices and those refused for the cap (WHATSAPP_SEND_MAX_IN_FLIGHT). */
    public void bindSendAdmission(SendAdmission admission) {
        Gauge.builder("wa_sends_in_flight", admission, SendAdmission::inFlight)
                .description("sends of all devices waiting or going out now").register(registry);
        Gauge.builder("wa_sends_in_flight_max", admission, SendAdmission::capacity)
                .description("the most sends in progress at once; one more is refused with 503").register(registry);
        FunctionCounter.builder("wa_sends_refused_overload", admission, SendAdmission::refused)
                .description("sends refused with 503 because the gateway had its most in progress")
                .register(registry);
    }

    /** Pool metrics of the database, when it is a Hikari pool. */
    public void bindPool(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
    }

    /** Jetty's thread pool and connections, once the server started. */
    public void bindJetty(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), List.of()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    /**
     * Gauges of the stored state, of the live sessions and of the event stream; held strongly (Micrometer holds a
     * gauge's object weakly by default, and these snapshots have no other owner).
     */
    public void bindState(DeviceRepository devices, WebhookDeliveryRepository deliveries, Supplier<Long> connected,
                          EventStreamHub stream, Clock clock) {
        Snapshot<DeviceCounts> deviceCounts = new Snapshot<>(devices::counts, clock);
        deviceGauge(deviceCounts, "active", DeviceCounts::active);
        deviceGauge(deviceCounts, "disconnected", DeviceCounts::disconnected);
        deviceGauge(deviceCounts, "pending", DeviceCounts::pending);
        deviceGauge(deviceCounts, "logged_out", DeviceCounts::loggedOut);
        Gauge.builder("wa_sessions_connected", connected, s -> s.get()).description("sessions connected now")
                .strongReference(true).register(registry);
        Snapshot<DeliveryCounts> deliveryCounts = new Snapshot<>(deliveries::counts, clock);
        deliveryGauge(deliveryCounts, "success", DeliveryCounts::success);
        deliveryGauge(deliveryCounts, "failed", DeliveryCounts::failed);
        deliveryGauge(deliveryCounts, "pending", DeliveryCounts::pending);
        Snapshot<OutboxBacklog> backlog = new Snapshot<>(() -> deliveries.backlog(clock.instant()), clock);
        Gauge.builder("wa_webhook_outbox_depth", backlog, b -> b.get().pending())
                .description("webhook deliveries waiting").strongReference(true).register(registry);
        Gauge.builder("wa_webhook_outbox_oldest_age_seconds", backlog, b -> b.get().oldestAge().toMillis() / 1000.0)
                .description("how long the oldest waiting delivery has waited").strongReference(true)
                .register(registry);
        Gauge.builder("wa_event_stream_consumers", stream, EventStreamHub::subscribers)
                .description("open event streams").strongReference(true).register(registry);
    }

    /**
     * How long the oldest transaction holding a snapshot on the gateway's database has been open (zero when none):
     * while one is, webhook deliveries fall behind (docs/configuration.md); read at most once a second.
     */
    public void bindDatabaseSnapshots(Supplier<Duration> oldestSnapshot, Clock clock) {
        Snapshot<Duration> age = new Snapshot<>(oldestSnapshot, clock);
        Gauge.builder("wa_db_oldest_snapshot_age_seconds", age, a -> a.get().toMillis() / 1000.0)
                .description("how long the oldest transaction holding a snapshot on the database has been open")
                .strongReference(true).register(registry);
    }

    @Override
    public void finished(String method, String route, int status, double millis) {
        requestTimers.computeIfAbsent(new RequestSeries(method, route, status), series ->
                        Timer.builder("http_server_requests").tag("method", method).tag("route", route)
                                .tag("status", Integer.toString(status)).publishPercentileHistogram()
                                .register(registry))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private void deviceGauge(Snapshot<DeviceCounts> counts, String status,
                             java.util.function.ToLongFunction<DeviceCounts> value) {
        Gauge.builder("wa_devices", counts, c -> value.applyAsLong(c.get())).tag("status", status)
                .description("stored devices by status").strongReference(true).register(registry);
    }

    private void deliveryGauge(Snapshot<DeliveryCounts> counts, String status,
                               java.util.function.ToLongFunction<DeliveryCounts> value) {
        Gauge.builder("wa_webhook_deliveries", counts, c -> value.applyAsLong(c.get())).tag("status", status)
                .description("webhook deliveries kept, by status").strongReference(true).register(registry);
    }

    /** A value read at most once per {@link #SNAPSHOT_TTL}, so one scrape reads the database once per query. */
    private static final class Snapshot<T> {
        private final Supplier<T> read;
        private final Clock clock;
        private final ReentrantLock lock = new ReentrantLock();
        private T value;
        private Instant readAt = Instant.MIN;

        Snapshot(Supplier<T> read, Clock clock) {
            this.read = read;
            this.clock = clock;
        }

        T get() {
            lock.lock();
            try {
                Instant now = clock.instant();
                if (value == null || !now.isBefore(readAt.plus(SNAPSHOT_TTL))) {
                    value = read.get();
                    readAt = now;
                }
                return value;
            } finally {
                lock.unlock();
            }
        }
    }
}
