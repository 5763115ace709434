package dev.wagateway.protocol.client;

import dev.wagateway.protocol.message.DeliveryRetryPolicy;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.noise.CertificateChainVerifier;
import dev.wagateway.protocol.proxy.ProxySettings;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link WaClient} connects and behaves. Start from {@link #defaults()} and change parts with the builder.
 *
 * @param serverUri          the chat websocket
 * @param rootKey            the 32-byte key the server's certificate chain must lead to
 * @param connectTimeout     dialling plus handshake
 * @param requestTimeout     how long an IQ or a message waits for its answer
 * @param keepaliveMin       shortest pause between pings
 * @param keepaliveMax       longest pause between pings
 * @param keepaliveDeadline  a ping unanswered this long means the connection is dead
 * @param reconnectBase      first back-off step
 * @param reconnectMax       longest back-off
 * @param initialPreKeys     keys uploaded when the server has none (812 in the real clients)
 * @param preKeyBatch        keys uploaded when the server runs low
 * @param minPreKeys         the server count below which we upload
 * @param firstQrTimeout     how long the first QR code is shown
 * @param nextQrTimeout      how long each later QR code is shown
 * @param clientRevision     the tertiary part of the web version {@code 2.3000.N}
 * @param browser            the browser name shown on the phone ({@code Chrome})
 * @param operatingSystem    the OS name shown on the phone ({@code Linux})
 * @param media              how media is moved: TLS trust of the media hosts (a sandbox's own CA), size limit,
 *                           temporary folder
 * @param keepaliveTolerance how long pings may keep failing after the last answered one before the connection is
 *                           declared dead (whatsmeow {@code KeepAliveMaxFailTime}, 3 minutes)
 * @param skippedDeviceRetry how a recipient device a send left out (the server had no keys for it) is tried again
 * @param proxy              the proxy the chat connection and every media transfer go through, or none
 */
public record WaClientConfig(URI serverUri, byte[] rootKey, Duration connectTimeout, Duration requestTimeout,
                             Duration keepaliveMin, Duration keepaliveMax, Duration keepaliveDeadline,
                             Duration reconnectBase, Duration reconnectMax, int initialPreKeys, int preKeyBatch,
                             int minPreKeys, Duration firstQrTimeout, Duration nextQrTimeout, long clientRevision,
                             String browser, String operatingSystem, MediaTransferConfig media,
                             Duration keepaliveTolerance, DeliveryRetryPolicy skippedDeviceRetry,
                             Optional<ProxySettings> proxy) {

    /** WhatsApp's chat endpoint. */
    public static final URI WHATSAPP_SERVER = URI.create("wss://web.whatsapp.com/ws/chat");

    /** Checks ranges and copies the root key. */
    public WaClientConfig {
        Objects.requireNonNull(serverUri, "serverUri");
        if (rootKey == null || rootKey.length != 32) {
            throw new IllegalArgumentException("the root key must have 32 bytes");
        }
        rootKey = rootKey.clone();
        for (Duration duration : new Duration[]{connectTimeout, requestTimeout, keepaliveMin, keepaliveMax,
                keepaliveDeadline, reconnectBase, reconnectMax, firstQrTimeout, nextQrTimeout, keepaliveTolerance}) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("every duration must be positive");
            }
        }
        if (keepaliveMax.compareTo(keepaliveMin) < 0 || reconnectMax.compareTo(reconnectBase) < 0) {
            throw new IllegalArgumentException("a maximum is below its minimum");
        }
        if (initialPreKeys < 1 || preKeyBatch < 1 || minPreKeys < 0 || initialPreKeys > 10_000 || preKeyBatch > 10_000) {
            throw new IllegalArgumentException("pre-key counts out of range");
        }
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(operatingSystem, "operatingSystem");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(skippedDeviceRetry, "skippedDeviceRetry");
        Objects.requireNonNull(proxy, "proxy");
    }

    /** The real server and its root key, the real clients' timings and counts. */
    public static WaClientConfig defaults() {
        return new WaClientConfig(WHATSAPP_SERVER, CertificateChainVerifier.WHATSAPP_ROOT_KEY, Duration.ofSeconds(20),
                Duration.ofSeconds(75), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(2), Duration.ofMinutes(2), 812, 50, 5, Duration.ofSeconds(60),
                Duration.ofSeconds(20), 1045649367L, "Chrome", "Linux", MediaTransferConfig.defaults(),
                Duration.ofMinutes(3), DeliveryRetryPolicy.DEFAULT, Optional.empty());
    }

    /** The root key (a copy). */
    @Override
    public byte[] rootKey() {
        return rootKey.clone();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes parts of a configuration. */
    public static final class Builder {
        private URI serverUri;
        private byte[] rootKey;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private Duration keepaliveMin;
        private Duration keepaliveMax;
        private Duration keepaliveDeadline;
        private Duration reconnectBase;
        private Duration reconnectMax;
        private int initialPreKeys;
        private int preKeyBatch;
        private int minPreKeys;
        private Duration firstQrTimeout;
        private Duration nextQrTimeout;
        private long clientRevision;
        private String browser;
        private String operatingSystem;
        private MediaTransferConfig media;
        private Duration keepaliveTolerance;
        private DeliveryRetryPolicy skippedDeviceRetry;
        private Optional<ProxySettings> proxy;

        private Builder(WaClientConfig from) {
            skippedDeviceRetry = from.skippedDeviceRetry;
            proxy = from.proxy;
            keepaliveTolerance = from.keepaliveTolerance;
            serverUri = from.serverUri;
            rootKey = from.rootKey;
            connectTimeout = from.connectTimeout;
            requestTimeout = from.requestTimeout;
            keepaliveMin = from.keepaliveMin;
            keepaliveMax = from.keepaliveMax;
            keepaliveDeadline = from.keepaliveDeadline;
            reconnectBase = from.reconnectBase;
            reconnectMax = from.reconnectMax;
            initialPreKeys = from.initialPreKeys;
            preKeyBatch = from.preKeyBatch;
            minPreKeys = from.minPreKeys;
            firstQrTimeout = from.firstQrTimeout;
            nextQrTimeout = from.nextQrTimeout;
            clientRevision = from.clientRevision;
            browser = from.browser;
            operatingSystem = from.operatingSystem;
            media = from.media;
        }

        /** Another server (a sandbox) and the root key its certificates lead to. */
        public Builder server(URI uri, byte[] root) {
            serverUri = uri;
            rootKey = root;
            return this;
        }

        /** Dial-plus-handshake and request timeouts. */
        public Builder timeouts(Duration connect, Duration request) {
            connectTimeout = connect;
            requestTimeout = request;
            return this;
        }

        /** Ping interval range and deadline. */
        public Builder keepalive(Duration min, Duration max, Duration deadline) {
            keepaliveMin = min;
            keepaliveMax = max;
            keepaliveDeadline = deadline;
            return this;
        }

        /** How long pings may fail after the last answered one before the connection counts as dead. */
        public Builder keepaliveTolerance(Duration tolerance) {
            keepaliveTolerance = tolerance;
            return this;
        }

        /** Back-off range for reconnects. */
        public Builder reconnect(Duration base, Duration max) {
            reconnectBase = base;
            reconnectMax = max;
            return this;
        }

        /** Pre-key counts: first upload, later batches, low threshold. */
        public Builder preKeys(int initial, int batch, int minimum) {
            initialPreKeys = initial;
            preKeyBatch = batch;
            minPreKeys = minimum;
            return this;
        }

        /** How long the first and the later QR codes are shown. */
        public Builder qrTimeouts(Duration first, Duration next) {
            firstQrTimeout = first;
            nextQrTimeout = next;
            return this;
        }

        /** The web client revision ({@code 2.3000.N}). */
        public Builder clientRevision(long revision) {
            clientRevision = revision;
            return this;
        }

        /** The browser and OS shown on the phone. */
        public Builder platform(String browserName, String osName) {
            browser = browserName;
            operatingSystem = osName;
            return this;
        }

        /** How media is moved (a sandbox passes a TLS context trusting its media CA). */
        public Builder media(MediaTransferConfig transfer) {
            media = transfer;
            return this;
        }

        /** How a recipient device a send left out is tried again in the background. */
        public Builder skippedDeviceRetry(DeliveryRetryPolicy policy) {
            skippedDeviceRetry = policy;
            return this;
        }

        /** The proxy for the chat connection and media, or none for direct connections. */
        public Builder proxy(Optional<ProxySettings> through) {
            proxy = through;
            return this;
        }

        /** The configuration. */
        public WaClientConfig build() {
            return new WaClientConfig(serverUri, rootKey, connectTimeout, requestTimeout, keepaliveMin, keepaliveMax,
                    keepaliveDeadline, reconnectBase, reconnectMax, initialPreKeys, preKeyBatch, minPreKeys,
                    firstQrTimeout, nextQrTimeout, clientRevision, browser, operatingSystem, media,
                    keepaliveTolerance, skippedDeviceRetry, proxy);
        }
    }
}
