package dev.wagateway.app.config;

import java.util.Optional;

/**
 * The whole configuration of the server, read once at start by {@link ConfigLoader}.
 *
 * @param adminSecret {@code ADMIN_SECRET_KEY}; when absent one is generated and kept under the data folder
 * @param jwtSecret   {@code JWT_SECRET_KEY}; when absent one is generated and kept under the data folder
 */
public record Config(
        ServerSettings server,
        Optional<String> adminSecret,
        Optional<String> jwtSecret,
        DatastoreSettings datastore,
        WhatsAppSettings whatsapp,
        AutomationSettings automation,
        StartupReconnectSettings startupReconnect,
        WebhookSettings webhooks,
        ObservabilitySettings observability,
        MediaSettings media,
        NodeConfig node) {
}
