package dev.wagateway.http.routes;

import dev.wagateway.core.event.StoredEvent;
import dev.wagateway.core.event.stream.EventFilter;
import dev.wagateway.core.event.stream.EventStreamHub;
import dev.wagateway.core.event.stream.EventSubscription;
import dev.wagateway.core.event.stream.StreamItem;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import io.javalin.http.Context;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events}: the gateway's events as Server-Sent Events, with the webhooks' payloads and filters (api.md
 * §7). A device token streams its own device's events; the admin secret streams every device's, or one's with
 * {@code ?device_id=}. Each event's SSE {@code id} is its id in the durable event log, so a consumer that reconnects
 * with {@code Last-Event-ID} gets every event stored after it. A comment line every heartbeat keeps proxies from
 * closing an idle stream; a consumer too slow for its buffer gets a final {@code end} event and is disconnected.
 */
public final class EventStreamRoutes implements RouteGroup {

    /** How long a stream whose subscription ended may take to finish its last write before it is cut. */
    private static final Duration CUT_GRACE = Duration.ofSeconds(2);

    private final AuthGate auth;
    private final EventStreamHub hub;
    private final Duration heartbeat;

    /** @param heartbeat the longest silence on a stream (api: 15 s) */
    public EventStreamRoutes(AuthGate auth, EventStreamHub hub, Duration heartbeat) {
        this.auth = auth;
        this.hub = hub;
        this.heartbeat = heartbeat;
    }

    @Override
    public void register(RouteRegistry routes) {
        Map<String, Object> text = Map.of("type", "string");
        routes.add(new RouteSpec(0, "GET", "/events", AuthScheme.JWT, "Events",
                        "Stream events (Server-Sent Events; the admin secret streams every device's)", ""),
                OperationShape.builder()
                        .query("device_id", Map.of("type", "string", "format", "uuid"), false,
                                "admin secret only: one device's events")
                        .query("events", text, false, "comma-separated event types, as a webhook's filter; "
                                + "all when absent")
                        .raw(200, "text/event-stream", "events as `id: <log id>`, `event: <type>`, `data: "
                                + "<the webhook body>`; resume with the Last-Event-ID header", text)
                        .error(400, "a malformed device_id, events or Last-Event-ID")
                        .build(),
                this::stream);
    }

    private void stream(Context ctx) throws IOException {
        EventFilter filter = filter(ctx);
        OptionalLong resume = lastEventId(ctx);
        try (EventSubscription subscription = hub.subscribe(filter, resume)) {
            ctx.disableCompression();
            ctx.status(200);
            ctx.res().setContentType("text/event-stream;charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            ctx.res().setHeader("X-Accel-Buffering", "no"); // nginx: pass events on at once
            // an ended stream ends its connection too, so the consumer sees the close and reconnects
            ctx.res().setHeader("Connection", "close");
            OutputStream out = ctx.res().getOutputStream();
            AtomicBoolean finished = new AtomicBoolean();
            subscription.onEnd(() -> cutIfStuck(ctx, finished));
            try {
                write(out, "retry: 3000\n: connected\n\n");
                pump(subscription, out);
            } catch (IOException e) {
                // the consumer went away (or was cut): nothing to answer
            } finally {
                finished.set(true);
            }
        }
    }

    private void pump(EventSubscription subscription, OutputStream out) throws IOException {
        while (true) {
            StreamItem item;
            try {
                item = subscription.next(heartbeat);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            switch (item) {
                case StreamItem.Event(StoredEvent event) -> write(out, "id: " + event.id() + "\nevent: "
                        + event.type() + "\ndata: " + event.payload() + "\n\n");
                case StreamItem.Idle() -> write(out, ": heartbeat\n\n");
                case StreamItem.Ended(String reason) -> {
                    write(out, "event: end\ndata: {\"reason\":\"" + reason.replace("\"", "'") + "\"}\n\n");
                    return;
                }
            }
        }
    }

    /**
     * When the subscription ends while the handler is blocked writing to a consumer that stopped reading, closes the
     * connection after a grace period so the handler returns; the hub never waited for it.
     */
    private static void cutIfStuck(Context ctx, AtomicBoolean finished) {
        Thread.ofVirtual().name("event-stream-cut").start(() -> {
            try {
                Thread.sleep(CUT_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!finished.get()) {
                Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint().close();
            }
        });
    }

    private EventFilter filter(Context ctx) {
        Optional<UUID> device;
        String asked = ctx.queryParam("device_id");
        if (ctx.header("X-Admin-Secret") != null) {
            auth.requireAdmin(ctx);
            device = asked == null || asked.isBlank() ? Optional.empty() : Optional.of(uuid(asked));
        } else {
            UUID own = auth.requireDevice(ctx).deviceId();
            if (asked != null && !asked.isBlank() && !uuid(asked).equals(own)) {
                throw new BadRequestException("a device token streams its own events only; device_id needs "
                        + "the admin secret");
            }
            device = Optional.of(own);
        }
        return new EventFilter(device, types(ctx.queryParam("events")));
    }

    private static UUID uuid(String value) {
        try {
            if (value.length() <= FieldLimits.DEVICE_ID) {
                return UUID.fromString(value.strip());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new BadRequestException("invalid device_id");
    }

    private static Set<String> types(String value) {
        Set<String> types = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            return types;
        }
        for (String part : value.split(",", FieldLimits.EVENTS + 1)) {
            String type = part.strip();
            if (type.isEmpty() || type.length() > FieldLimits.EVENT_NAME || types.size() == FieldLimits.EVENTS) {
                throw new BadRequestException("events must list at most " + FieldLimits.EVENTS
                        + " event types separated by commas");
            }
            types.add(type);
        }
        return types;
    }

    /** {@code Last-Event-ID} (or {@code ?last_event_id=} for clients that cannot set headers). */
    private static OptionalLong lastEventId(Context ctx) {
        String value = ctx.header("Last-Event-ID");
        if (value == null || value.isBlank()) {
            value = ctx.queryParam("last_event_id");
        }
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id >= 0) {
                return OptionalLong.of(id);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("Last-Event-ID must be an event id (a non-negative integer)");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
