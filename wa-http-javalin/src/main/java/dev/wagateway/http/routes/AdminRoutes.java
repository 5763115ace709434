package dev.wagateway.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.core.apikey.ApiKeyCounts;
import dev.wagateway.core.apikey.ApiKeyService;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceCounts;
import dev.wagateway.core.device.DeviceListing;
import dev.wagateway.core.device.DeviceService;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.session.LiveStatus;
import dev.wagateway.core.session.ReconnectOutcome;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.webhook.WebhookService;
import dev.wagateway.core.webhook.WebhookStats;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.node.NodeFanOut;
import io.javalin.http.Context;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The admin dashboard (api.md rows 1–6 and 13, payloads of §10); the API keys are {@link ApiKeyRoutes}. */
public final class AdminRoutes implements RouteGroup {

    private final AuthGate auth;
    private final ApiKeyService keys;
    private final DeviceService devices;
    private final WebhookService webhooks;
    private final SessionManager sessions;
    private final String version;
    private final Clock clock;
    private final Instant started;
    private final Supplier<Map<UUID, String>> holders;
    private final NodeFanOut fanOut;

    /** @param version reported by the health route */
    public AdminRoutes(AuthGate auth, ApiKeyService keys, DeviceService devices, WebhookService webhooks,
                       SessionManager sessions, String version, Clock clock) {
        this(auth, keys, devices, webhooks, sessions, version, clock, Map::of);
    }

    /**
     * @param version reported by the health route
     * @param holders the node running each device (gateway nodes sharing the database), for the device list
     */
    public AdminRoutes(AuthGate auth, ApiKeyService keys, DeviceService devices, WebhookService webhooks,
                       SessionManager sessions, String version, Clock clock, Supplier<Map<UUID, String>> holders) {
        this(auth, keys, devices, webhooks, sessions, version, clock, holders, NodeFanOut.LONE);
    }

    /**
     * @param version reported by the health route
     * @param holders the node running each device (gateway nodes sharing the database), for the device list
     * @param fanOut  the other nodes, asked for their sessions by the status and reconnect-all routes
     */
    public AdminRoutes(AuthGate auth, ApiKeyService keys, DeviceService devices, WebhookService webhooks,
                       SessionManager sessions, String version, Clock clock, Supplier<Map<UUID, String>> holders,
                       NodeFanOut fanOut) {
        this.fanOut = fanOut;
        this.holders = holders;
        this.auth = auth;
        this.keys = keys;
        this.devices = devices;
        this.webhooks = webhooks;
        this.sessions = sessions;
        this.version = version;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/admin/stats", ctx -> {
            auth.requireAdmin(ctx);
            ApiKeyCounts keyCounts = keys.counts();
            DeviceCounts deviceCounts = devices.counts();
            WebhookStats hooks = webhooks.stats();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_api_keys", keyCounts.total());
            data.put("active_api_keys", keyCounts.active());
            data.put("total_devices", deviceCounts.total());
            data.put("connected_devices", deviceCounts.active());
            data.put("disconnected_devices", deviceCounts.disconnected());
            data.put("pending_devices", deviceCounts.pending());
            data.put("logged_out_devices", deviceCounts.loggedOut());
            data.put("total_webhooks", hooks.totalWebhooks());
            data.put("active_webhooks", hooks.activeWebhooks());
            Responses.ok(ctx, "Statistics retrieved successfully", data);
        });
        routes.get("/admin/health", this::health);
        routes.get("/admin/devices", ctx -> {
            auth.requireAdmin(ctx);
            List<DeviceListing> all = devices.listAll();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("total", all.size());
            summary.put("connected", count(all, DeviceStatus.ACTIVE));
            summary.put("disconnected", count(all, DeviceStatus.DISCONNECTED) + count(all, DeviceStatus.LOGGED_OUT));
            summary.put("pending", count(all, DeviceStatus.PENDING));
            Map<UUID, String> nodes = holders.get();
            Responses.ok(ctx, "Devices retrieved successfully", Map.of("devices", all.stream()
                    .map(listing -> adminDevice(listing, nodes)).toList(), "summary", summary));
        });
        routes.get("/admin/devices/status", ctx -> {
            auth.requireAdmin(ctx);
            // several nodes: each other node reports the sessions it runs; a device's row is its holder's
            List<NodeFanOut.Answer> answers = fanOut.askOthers(ctx, auth.nodes().forwarded(ctx)).join();
            ClusterRows remote = ClusterRows.of(answers, "devices", answers.isEmpty() ? Map.of() : holders.get(),
                    (nodeId, holder, row) -> nodeId.equals(holder));
            List<DeviceListing> all = devices.listAll();
            int online = 0;
            List<Object> rows = new ArrayList<>();
            for (DeviceListing listing : all) {
                Device device = listing.device();
                Optional<JsonNode> there = remote.row(device.id());
                if (there.isPresent()) {
                    online += there.get().path("connected").asBoolean() ? 1 : 0;
                    rows.add(there.get());
                    continue;
                }
                LiveStatus live = sessions.liveStatus(device.id());
                online += live.healthy() ? 1 : 0;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("device_id", device.id().toString());
                row.put("device_name", device.name());
                row.put("customer_name", listing.customerName());
                row.put("whatsmeow_jid", device.whatsAppJid().orElse(""));
                row.put("db_status", device.status().wireName());
                row.putAll(DeviceRoutes.liveFlags(live));
                rows.add(row);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("devices", rows);
            data.put("summary", Map.of("total", all.size(), "online", online, "offline", all.size() - online));
            unanswered(answers, data);
            Responses.ok(ctx, "Device statuses retrieved successfully", data);
        });
        routes.post("/admin/devices/reconnect", ctx -> {
            auth.requireAdmin(ctx);
            // several nodes: each other node reconnects the devices it runs, at the same time as this one
            CompletableFuture<List<NodeFanOut.Answer>> asked = fanOut.askOthers(ctx, auth.nodes().forwarded(ctx));
            List<ReconnectOutcome> outcomes = sessions.reconnectAll(devices.listAll().stream()
                    .map(DeviceListing::device).toList());
            List<NodeFanOut.Answer> answers = asked.join();
            ClusterRows remote = ClusterRows.of(answers, "results", Map.of(),
                    (nodeId, holder, row) -> !elsewhere(row.path("status").asText(), row.path("error").asText()));
            int reconnected = 0;
            int failed = 0;
            int skipped = 0;
            List<Map<String, Object>> results = new ArrayList<>();
            for (ReconnectOutcome outcome : outcomes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("device_id", outcome.device().id().toString());
                row.put("device_name", outcome.device().name());
                String status = outcome.result().wireName();
                Optional<String> error = outcome.error();
                Optional<JsonNode> there = remote.row(outcome.device().id());
                if (elsewhere(status, error.orElse("")) && there.isPresent()) {
                    status = there.get().path("status").asText();
                    error = there.get().hasNonNull("error") ? Optional.of(there.get().path("error").asText())
                            : Optional.empty();
                }
                switch (status) {
                    case "reconnected" -> reconnected++;
                    case "failed" -> failed++;
                    default -> skipped++;
                }
                row.put("status", status);
                error.ifPresent(e -> row.put("error", e));
                results.add(row);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("results", results);
            data.put("summary", Map.of("total", outcomes.size(), "reconnected", reconnected, "failed", failed,
                    "skipped", skipped));
            unanswered(answers, data);
            Responses.ok(ctx, "Reconnect operation completed", data);
        });
        routes.get("/admin/webhooks/stats", ctx -> {
            auth.requireAdmin(ctx);
            WebhookStats stats = webhooks.stats();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_webhooks", stats.totalWebhooks());
            data.put("active_webhooks", stats.activeWebhooks());
            data.put("total_deliveries", stats.totalDeliveries());
            data.put("success_deliveries", stats.successDeliveries());
            data.put("failed_deliveries", stats.failedDeliveries());
            data.put("pending_deliveries", stats.pendingDeliveries());
            data.put("success_rate", stats.successRate());
            Responses.ok(ctx, "Webhook statistics retrieved successfully", data);
        });
        routes.delete("/admin/devices/{device_id}", ctx -> {
            auth.requireAdmin(ctx);
            UUID id = DeviceService.parseId(ctx.pathParam("device_id"))
                    .orElseThrow(() -> new NotFoundException("Device not found"));
            auth.nodes().requireServedHere(ctx, id); // its holder deletes it (logs it out at WhatsApp)
            devices.delete(id);
            Responses.ok(ctx, "Device deleted successfully");
        });
    }

    /** Whether a reconnect-all row says only that the device runs on another node. */
    private static boolean elsewhere(String status, String error) {
        return ReconnectOutcome.Result.SKIPPED.wireName().equals(status) && error.contains("another gateway node");
    }

    /** Names the nodes that did not answer a fan-out, so a partial view says it is partial. */
    private static void unanswered(List<NodeFanOut.Answer> answers, Map<String, Object> data) {
        List<String> missing = ClusterRows.unanswered(answers);
        if (!missing.isEmpty()) {
            data.put("nodes_unanswered", missing);
        }
    }

    private void health(Context ctx) {
        auth.requireAdmin(ctx);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", "ok");
        long totalDevices = 0;
        try {
            totalDevices = devices.counts().total();
            data.put("database", "ok");
        } catch (RuntimeException e) {
            data.put("database", "error: " + e.getMessage());
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        data.put("whatsapp_clients", sessions.healthySessions());
        data.put("total_devices", totalDevices);
        data.put("memory_alloc", humanBytes(memory.getHeapMemoryUsage().getUsed()));
        data.put("memory_sys", humanBytes(memory.getHeapMemoryUsage().getCommitted()
                + memory.getNonHeapMemoryUsage().getCommitted()));
        data.put("goroutines", Thread.activeCount());
        Duration uptime = Duration.between(started, clock.instant());
        data.put("uptime", uptime(uptime));
        data.put("uptime_seconds", uptime.toSeconds());
        data.put("version", version);
        data.put("go_version", "java-" + Runtime.version());
        try {
            ApiKeyCounts counts = keys.counts();
            data.put("api_keys", counts.total());
            data.put("active_api_keys", counts.active());
        } catch (RuntimeException e) {
            // reported through "database" already
        }
        Responses.ok(ctx, "System health retrieved successfully", data);
    }

    private static long count(List<DeviceListing> all, DeviceStatus status) {
        return all.stream().filter(l -> l.device().status() == status).count();
    }

    private static Map<String, Object> adminDevice(DeviceListing listing, Map<UUID, String> nodes) {
        Device device = listing.device();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("device_id", device.id().toString());
        row.put("device_name", device.name());
        row.put("api_key_id", device.apiKeyId());
        row.put("customer_name", listing.customerName());
        row.put("whatsmeow_jid", device.whatsAppJid().orElse(""));
        row.put("status", device.status().wireName());
        row.put("created_at", Times.seconds(device.createdAt()));
        row.put("last_active_at", Times.secondsOrNull(device.lastActiveAt()));
        row.put("node_id", nodes.getOrDefault(device.id(), ""));
        return row;
    }

    /** {@code 12.3 MB}: units B to TB, one decimal (api.md §10.2). */
    static String humanBytes(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code 2d 4h 0m 1s}, leading zero units omitted. */
    static String uptime(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m " + rest + "s";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m " + rest + "s";
        }
        if (minutes > 0) {
            return minutes + "m " + rest + "s";
        }
        return rest + "s";
    }
}
