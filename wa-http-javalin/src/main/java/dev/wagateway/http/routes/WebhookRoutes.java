package dev.wagateway.http.routes;

import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookService;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.PathIds;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A device's webhooks (api.md rows 73–79) and the redelivery of a failed delivery. */
public final class WebhookRoutes implements RouteGroup {

    private static final String INVALID_BODY = "invalid request body";
    private static final String INVALID_ID = "invalid webhook_id";

    private final AuthGate auth;
    private final WebhookService webhooks;

    /** Wires the routes. */
    public WebhookRoutes(AuthGate auth, WebhookService webhooks) {
        this.auth = auth;
        this.webhooks = webhooks;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/webhooks", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            List<Map<String, Object>> list = webhooks.list(me.deviceId()).stream().map(WebhookRoutes::webhook)
                    .toList();
            Responses.ok(ctx, "success", Map.of("webhooks", list));
        });
        routes.post("/webhooks", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, INVALID_BODY);
            Webhook created = webhooks.create(me.deviceId(), url(body), events(body));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("webhook_id", created.id());
            data.put("secret", created.secret());
            Responses.ok(ctx, "webhook created", data);
        });
        routes.get("/webhooks/{webhook_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "success", Map.of("webhook", webhook(webhooks.get(me.deviceId(), id(ctx)))));
        });
        routes.patch("/webhooks/{webhook_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            long id = id(ctx);
            RequestFields body = RequestFields.require(ctx, INVALID_BODY);
            webhooks.replace(me.deviceId(), id, url(body), events(body), body.bool("active").orElse(false));
            Responses.ok(ctx, "webhook updated");
        });
        routes.delete("/webhooks/{webhook_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            // Idempotent (api.md row 77): an id no webhook can have is simply already gone.
            PathIds.id(ctx.pathParam("webhook_id"), INVALID_ID).ifPresent(id -> webhooks.delete(me.deviceId(), id));
            Responses.ok(ctx, "webhook deleted");
        });
        routes.get("/webhooks/{webhook_id}/logs", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            List<Map<String, Object>> logs = webhooks.logs(me.deviceId(), id(ctx)).stream()
                    .map(WebhookRoutes::log).toList();
            Responses.ok(ctx, "success", Map.of("logs", logs));
        });
        routes.post("/webhooks/{webhook_id}/test", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            webhooks.test(me.deviceId(), id(ctx));
            Responses.ok(ctx, "test webhook dispatched");
        });
        routes.post("/webhooks/{webhook_id}/logs/{delivery_id}/redeliver", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            long id = id(ctx);
            long delivery = PathIds.id(ctx.pathParam("delivery_id"), "invalid delivery_id")
                    .orElseThrow(() -> new NotFoundException("delivery not found"));
            webhooks.redeliver(me.deviceId(), id, delivery);
            Responses.ok(ctx, "delivery queued for redelivery");
        });
    }

    /** The webhook id of the path: 400 when not a number, 404 when no webhook can have it. */
    private static long id(Context ctx) {
        return PathIds.id(ctx.pathParam("webhook_id"), INVALID_ID)
                .orElseThrow(() -> new NotFoundException("webhook not found"));
    }

    private static String url(RequestFields body) {
        return body.string("url", FieldLimits.URL).orElse(null);
    }

    private static List<String> events(RequestFields body) {
        return body.strings("events", FieldLimits.EVENTS, FieldLimits.EVENT_NAME).orElse(List.of());
    }

    /** The original's Go field names, and their snake_case twins (api.md row 79 notes). */
    private static Map<String, Object> webhook(Webhook webhook) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ID", webhook.id());
        data.put("DeviceID", webhook.deviceId().toString());
        data.put("URL", webhook.url());
        data.put("Secret", webhook.secret());
        data.put("Events", webhook.events());
        data.put("Active", webhook.active());
        data.put("CreatedAt", Times.rfc3339(webhook.createdAt()));
        data.put("UpdatedAt", Times.rfc3339(webhook.updatedAt()));
        data.put("id", webhook.id());
        data.put("device_id", webhook.deviceId().toString());
        data.put("url", webhook.url());
        data.put("events", webhook.events());
        data.put("active", webhook.active());
        data.put("created_at", Times.rfc3339(webhook.createdAt()));
        data.put("updated_at", Times.rfc3339(webhook.updatedAt()));
        return data;
    }

    private static Map<String, Object> log(WebhookDelivery delivery) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ID", delivery.id());
        data.put("WebhookID", delivery.webhookId());
        data.put("EventType", delivery.eventType());
        data.put("Status", delivery.status().wireName());
        data.put("AttemptCount", delivery.attemptCount());
        data.put("LastError", delivery.lastError().orElse(""));
        data.put("CreatedAt", Times.rfc3339(delivery.createdAt()));
        data.put("UpdatedAt", Times.rfc3339(delivery.updatedAt()));
        data.put("id", delivery.id());
        data.put("webhook_id", delivery.webhookId());
        data.put("event_id", delivery.eventId().toString());
        data.put("event_type", delivery.eventType());
        data.put("status", delivery.status().wireName());
        data.put("attempt_count", delivery.attemptCount());
        data.put("last_error", delivery.lastError().orElse(""));
        data.put("created_at", Times.rfc3339(delivery.createdAt()));
        data.put("updated_at", Times.rfc3339(delivery.updatedAt()));
        return data;
    }
}
