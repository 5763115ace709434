package dev.wagateway.http.routes;

import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookService;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.PathIds;
import dev.wagateway.http.request.RequestFields;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A device's webhooks (api.md rows 73–79) and the redelivery of a failed delivery. */
public final class WebhookRoutes implements RouteGroup {

    /** The route beyond the README table, for the OpenAPI document. */
    public static final RouteSpec REDELIVER = new RouteSpec(0, "POST",
            "/webhooks/{webhook_id}/logs/{delivery_id}/redeliver", AuthScheme.JWT, "Webhooks",
            "Redeliver a settled delivery (409 while it is still pending, or with webhook delivery disabled)", "");

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
    public Set<String> implemented() {
        return Set.of("GET /webhooks", "POST /webhooks", "GET /webhooks/{webhook_id}", "PATCH /webhooks/{webhook_id}",
                "DELETE /webhooks/{webhook_id}", "GET /webhooks/{webhook_id}/logs", "POST /webhooks/{webhook_id}/test");
    }

    @Override
    public void register(Javalin app) {
        app.get("/webhooks", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            List<Map<String, Object>> list = webhooks.list(me.deviceId()).stream().map(WebhookRoutes::webhook)
                    .toList();
            Responses.ok(ctx, "success", Map.of("webhooks", list));
        });
        app.post("/webhooks", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, INVALID_BODY);
            Webhook created = webhooks.create(me.deviceId(), body.string("url").orElse(null),
                    body.strings("events").orElse(List.of()));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("webhook_id", created.id());
            data.put("secret", created.secret());
            Responses.ok(ctx, "webhook created", data);
        });
        app.get("/webhooks/{webhook_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "success", Map.of("webhook", webhook(webhooks.get(me.deviceId(), id(ctx)))));
        });
        app.patch("/webhooks/{webhook_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            long id = id(ctx);
            RequestFields body = RequestFields.require(ctx, INVALID_BODY);
            webhooks.replace(me.deviceId(), id, body.string("url").orElse(null),
                    body.strings("events").orElse(List.of()), body.bool("active").orElse(false));
            Responses.ok(ctx, "webhook updated");
        });
        app.delete("/webhooks/{webhook_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            webhooks.delete(me.deviceId(), id(ctx));
            Responses.ok(ctx, "webhook deleted");
        });
        app.get("/webhooks/{webhook_id}/logs", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            List<Map<String, Object>> logs = webhooks.logs(me.deviceId(), id(ctx)).stream()
                    .map(WebhookRoutes::log).toList();
            Responses.ok(ctx, "success", Map.of("logs", logs));
        });
        app.post("/webhooks/{webhook_id}/test", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            webhooks.test(me.deviceId(), id(ctx));
            Responses.ok(ctx, "test webhook dispatched");
        });
        app.post(REDELIVER.path(), ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            long delivery = PathIds.positiveLong(ctx.pathParam("delivery_id"), "invalid delivery_id");
            webhooks.redeliver(me.deviceId(), id(ctx), delivery);
            Responses.ok(ctx, "delivery queued for redelivery");
        });
    }

    private static long id(Context ctx) {
        return PathIds.positiveLong(ctx.pathParam("webhook_id"), INVALID_ID);
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
        data.put("Status", delivery.logStatus());
        data.put("AttemptCount", delivery.attemptCount());
        data.put("LastError", delivery.lastError().orElse(""));
        data.put("CreatedAt", Times.rfc3339(delivery.createdAt()));
        data.put("UpdatedAt", Times.rfc3339(delivery.updatedAt()));
        data.put("id", delivery.id());
        data.put("webhook_id", delivery.webhookId());
        data.put("event_id", delivery.eventId().toString());
        data.put("event_type", delivery.eventType());
        data.put("status", delivery.logStatus());
        data.put("attempt_count", delivery.attemptCount());
        data.put("last_error", delivery.lastError().orElse(""));
        data.put("created_at", Times.rfc3339(delivery.createdAt()));
        data.put("updated_at", Times.rfc3339(delivery.updatedAt()));
        return data;
    }
}
