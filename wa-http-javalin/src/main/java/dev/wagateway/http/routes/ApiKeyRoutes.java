package dev.wagateway.http.routes;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyChanges;
import dev.wagateway.core.apikey.ApiKeyListing;
import dev.wagateway.core.apikey.ApiKeyRequest;
import dev.wagateway.core.apikey.ApiKeyService;
import dev.wagateway.core.apikey.CreatedApiKey;
import dev.wagateway.core.device.Device;
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

/** API key management (api.md rows 7–12), admin only. */
public final class ApiKeyRoutes implements RouteGroup {

    private static final String INVALID_BODY = "Invalid request body";
    private static final String INVALID_ID = "Invalid API key ID";
    private static final String NOT_FOUND = "API key not found";

    private final AuthGate auth;
    private final ApiKeyService keys;

    /** Wires the routes. */
    public ApiKeyRoutes(AuthGate auth, ApiKeyService keys) {
        this.auth = auth;
        this.keys = keys;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/admin/api-keys", this::create);
        routes.get("/admin/api-keys", ctx -> {
            auth.requireAdmin(ctx);
            Responses.ok(ctx, "API keys retrieved successfully", keys.list().stream().map(ApiKeyRoutes::summary)
                    .toList());
        });
        routes.get("/admin/api-keys/{id}", ctx -> {
            auth.requireAdmin(ctx);
            long id = id(ctx);
            ApiKey key = keys.get(id);
            List<Device> devices = keys.devicesOf(id);
            Map<String, Object> data = summary(new ApiKeyListing(key, devices.size()));
            data.put("devices", devices.stream().map(ApiKeyRoutes::device).toList());
            data.put("created_at", Times.rfc3339(key.createdAt()));
            data.put("updated_at", Times.rfc3339(key.updatedAt()));
            Responses.ok(ctx, "API key retrieved successfully", data);
        });
        routes.patch("/admin/api-keys/{id}", ctx -> {
            auth.requireAdmin(ctx);
            long id = id(ctx);
            RequestFields body = RequestFields.require(ctx, INVALID_BODY);
            keys.update(id, new ApiKeyChanges(body.string("customer_name", FieldLimits.CUSTOMER_NAME).orElse(null),
                    body.string("customer_email", FieldLimits.CUSTOMER_EMAIL).orElse(null),
                    body.string("customer_phone", FieldLimits.CUSTOMER_PHONE).orElse(null),
                    body.integer("max_devices").orElse(null), body.integer("rate_limit_per_hour").orElse(null),
                    body.bool("is_active").orElse(null)));
            Responses.ok(ctx, "API key updated successfully");
        });
        routes.delete("/admin/api-keys/{id}", ctx -> {
            auth.requireAdmin(ctx);
            keys.delete(id(ctx));
            Responses.ok(ctx, "API key deleted successfully");
        });
        routes.get("/admin/api-keys/{id}/devices", ctx -> {
            auth.requireAdmin(ctx);
            long id = id(ctx);
            Responses.ok(ctx, "Devices retrieved successfully", keys.devicesOf(id).stream().map(device -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("device_id", device.id().toString());
                row.put("device_name", device.name());
                row.put("whatsmeow_jid", device.whatsAppJid().orElse(""));
                row.put("status", device.status().wireName());
                row.put("created_at", Times.seconds(device.createdAt()));
                row.put("last_active_at", Times.secondsOrNull(device.lastActiveAt()));
                return row;
            }).toList());
        });
    }

    private void create(Context ctx) {
        auth.requireAdmin(ctx);
        RequestFields body = RequestFields.require(ctx, INVALID_BODY);
        CreatedApiKey created = keys.create(new ApiKeyRequest(
                body.string("customer_name", FieldLimits.CUSTOMER_NAME).orElse(null),
                body.string("customer_email", FieldLimits.CUSTOMER_EMAIL).orElse(null),
                body.string("customer_phone", FieldLimits.CUSTOMER_PHONE).orElse(null),
                body.integer("max_devices").orElse(null), body.integer("rate_limit_per_hour").orElse(null)));
        ApiKey key = created.key();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", key.id());
        data.put("api_key", created.plaintextKey());
        data.put("customer_name", key.customer().name());
        data.put("customer_email", key.customer().email());
        data.put("customer_phone", key.customer().phone());
        data.put("max_devices", key.maxDevices());
        data.put("rate_limit_per_hour", key.rateLimitPerHour());
        Responses.created(ctx, "API key created successfully", data);
    }

    /** The key id of the path: 400 when not a number, 404 when no key can have it. */
    private static long id(Context ctx) {
        return PathIds.id(ctx.pathParam("id"), INVALID_ID).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }

    private static Map<String, Object> summary(ApiKeyListing listing) {
        ApiKey key = listing.key();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", key.id());
        data.put("api_key_masked", key.maskedKey());
        data.put("customer_name", key.customer().name());
        data.put("customer_email", key.customer().email());
        data.put("customer_phone", key.customer().phone());
        data.put("max_devices", key.maxDevices());
        data.put("rate_limit_per_hour", key.rateLimitPerHour());
        data.put("is_active", key.active());
        data.put("device_count", listing.deviceCount());
        return data;
    }

    /** A device inside an API key's details: empty values omitted, never the secret. */
    private static Map<String, Object> device(Device device) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("device_id", device.id().toString());
        data.put("api_key_id", device.apiKeyId());
        if (!device.name().isEmpty()) {
            data.put("device_name", device.name());
        }
        device.whatsAppJid().ifPresent(jid -> data.put("whatsmeow_jid", jid));
        data.put("status", device.status().wireName());
        data.put("created_at", Times.rfc3339(device.createdAt()));
        device.lastActiveAt().ifPresent(at -> data.put("last_active_at", Times.rfc3339(at)));
        return data;
    }
}
