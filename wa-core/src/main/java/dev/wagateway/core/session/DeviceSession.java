package dev.wagateway.core.session;

import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.store.DeviceStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One device's live session: its client, its store, and the pairing state a login request waits on. Owned by the
 * {@link SessionManager}; the event listener writes the QR fields, requests read them.
 */
final class DeviceSession {

    /** A QR code and when it stops being scannable. */
    record CurrentQr(String text, Instant expiresAt) {
    }

    private final UUID deviceId;
    private final WaClient client;
    private final DeviceStore store;
    private final CompletableFuture<CurrentQr> firstQr = new CompletableFuture<>();
    private volatile CurrentQr currentQr;
    private volatile boolean loggingOutOnRequest;

    DeviceSession(UUID deviceId, WaClient client, DeviceStore store) {
        this.deviceId = deviceId;
        this.client = client;
        this.store = store;
    }

    UUID deviceId() {
        return deviceId;
    }

    WaClient client() {
        return client;
    }

    DeviceStore store() {
        return store;
    }

    boolean paired() {
        return store.pairedDevice().isPresent();
    }

    void qrShown(String text, Duration expiresIn, Instant now) {
        CurrentQr qr = new CurrentQr(text, now.plus(expiresIn));
        currentQr = qr;
        firstQr.complete(qr);
    }

    void pairingFailed(String reason) {
        firstQr.completeExceptionally(new IllegalStateException(reason));
    }

    CompletableFuture<CurrentQr> firstQr() {
        return firstQr;
    }

    /** The QR code still scannable at {@code now}, if any. */
    Optional<CurrentQr> currentQr(Instant now) {
        CurrentQr qr = currentQr;
        return qr != null && qr.expiresAt().isAfter(now) ? Optional.of(qr) : Optional.empty();
    }

    /** Marks the coming logout as asked for by the API (no {@code connection.logged_out} event then). */
    void logoutRequested() {
        loggingOutOnRequest = true;
    }

    boolean loggingOutOnRequest() {
        return loggingOutOnRequest;
    }
}
