package dev.wagateway.app.config;

import dev.wagateway.protocol.proxy.ProxySettings;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How sessions reach WhatsApp and present themselves (contract §9.3).
 *
 * @param serverUrl the chat websocket; the real service by default
 * @param rootKeyHex the root public key (64 hex characters) the server's certificate chain must lead to
 * @param sandbox   when true, an in-process sandbox replaces {@code serverUrl} and {@code rootKeyHex}
 * @param proxy     {@code WHATSAPP_CLIENT_PROXY_URL}: every session's chat connection and media, unless the device
 *                  has a proxy of its own
 * @param webVersionUrl the page announcing the current web version; WhatsApp's own by default, the sandbox's in
 *                      sandbox mode
 */
public record WhatsAppSettings(
        URI serverUrl,
        String rootKeyHex,
        boolean sandbox,
        Optional<ProxySettings> proxy,
        String deviceOsName,
        String logLevel,
        Optional<Integer> versionMajor,
        Optional<Integer> versionMinor,
        Optional<Integer> versionPatch,
        Duration versionRefreshMinInterval,
        boolean versionRefreshCronEnabled,
        String versionRefreshCronSpec,
        boolean versionRefreshCronForce,
        boolean mediaImageCompression,
        boolean mediaImageConvertWebp,
        boolean isOnCacheEnabled,
        Duration isOnCacheTtl,
        int isOnCacheMax,
        int isOnBatchSize,
        Duration groupListCacheTtl,
        boolean groupListCacheDisabled,
        boolean appStateWebhookEnabled,
        boolean healthCheckCronEnabled,
        boolean deviceRecoveryCronEnabled,
        String deviceRecoveryCronSpec,
        Optional<URI> webVersionUrl) {
}
