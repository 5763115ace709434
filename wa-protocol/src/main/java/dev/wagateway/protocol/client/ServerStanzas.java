package dev.wagateway.protocol.client;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.connection.ClientPayloads;
import dev.wagateway.protocol.client.connection.CloseAction;
import dev.wagateway.protocol.client.connection.ConnectionChannel;
import dev.wagateway.protocol.client.connection.EventDispatcher;
import dev.wagateway.protocol.client.connection.NodeRouter;
import dev.wagateway.protocol.client.connection.NoiseSocket;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.spi.Stanzas;
import dev.wagateway.protocol.event.ConnectFailureReason;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.pairing.CodePairing;
import dev.wagateway.protocol.pairing.PairSuccessAcceptor;
import dev.wagateway.protocol.pairing.PairingQr;
import dev.wagateway.protocol.pairing.PairingRefusal;
import dev.wagateway.protocol.pairing.QrRotation;
import dev.wagateway.protocol.prekey.PreKeyUploader;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * What the client does with each stanza of the current connection (on the node thread, in order): the connection's
 * own stanzas — QR pairing ({@code pair-device}, {@code pair-success}), the login's {@code <success>}, failures and
 * stream errors, pings — are handled here, everything else goes to the feature that registered for it. The
 * connection's lifecycle stays with {@link WaClient}, told through {@link Lifecycle}.
 *
 * <p>Owner of the QR rotation of the current registration.
 */
final class ServerStanzas {

    /** The server stops redelivering long before this; older buffer entries can only be forgotten messages. */
    static final Duration DECRYPTION_BUFFER_RETENTION = Duration.ofDays(14);
    /**
     * How long the first login's {@code Connected} waits for the push name: a phone shares its app-state key within
     * seconds of linking, and the push name comes with the {@code critical_block} sync that follows.
     */
    static final Duration PUSH_NAME_WAIT = Duration.ofSeconds(20);

    private static final Logger log = LoggerFactory.getLogger(ServerStanzas.class);

    /** The lifecycle changes a stanza causes. */
    interface Lifecycle {
        /** The server offered QR references: the device waits for a scan. */
        void waitingForScan();

        /** Paired: the server closes this connection and the client logs in at once on a new one. */
        void paired();

        /** Closes {@code from}, then does what {@code action} says. */
        void close(NoiseSocket from, CloseAction action);

        /** The login succeeded: the state says so from now on. */
        void loggedIn();

        /** The login's follow-up work is done and announced: waiters on the login may go on. */
        void loginAnnounced();

        /** Completes once the account's push name from app state is known here (it may never complete). */
        CompletableFuture<Void> pushNameSynced();

        /** Tells, later and from any thread, whether the run of the stanza being handled now is still current. */
        BooleanSupplier stillCurrent();
    }

    private final ConnectionChannel channel;
    private final DeviceStore store;
    private final ClientPayloads payloads;
    private final EventDispatcher events;
    private final NodeRouter router;
    private final PreKeyUploader preKeys;
    private final CodePairing codePairing;
    private final PairSuccessAcceptor pairSuccess;
    private final WaClientConfig config;
    private final WaClientRuntime runtime;
    private final Lifecycle lifecycle;
    private final ReentrantLock lock = new ReentrantLock();
    private QrRotation qrRotation;
    /** A pairing succeeded and its login has not come yet (node thread only). */
    private boolean firstLoginAfterPairing;

    ServerStanzas(ConnectionChannel channel, DeviceStore store, ClientPayloads payloads, EventDispatcher events,
                  NodeRouter router, PreKeyUploader preKeys, CodePairing codePairing, PairSuccessAcceptor pairSuccess,
                  WaClientConfig config, WaClientRuntime runtime, Lifecycle lifecycle) {
        this.channel = channel;
        this.store = store;
        this.payloads = payloads;
        this.events = events;
        this.router = router;
        this.preKeys = preKeys;
        this.codePairing = codePairing;
        this.pairSuccess = pairSuccess;
        this.config = config;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
    }

    /** Handles one stanza of the current connection {@code from}. */
    void handle(NoiseSocket from, Node node) {
        try {
            switch (node.tag()) {
                case "iq" -> onIq(from, node);
                case "success" -> onSuccess(node);
                case "failure" -> {
                    // told first, so the listener knows why before the Disconnected or LoggedOut that follows
                    events.emit(new WaEvent.ConnectFailure(ConnectFailureReason.of(node),
                            node.attribute("message", "")));
                    lifecycle.close(from, CloseAction.fromFailure(node));
                }
                case "stream:error" -> lifecycle.close(from, CloseAction.fromStreamError(node));
                case "xmlstreamend" -> from.close("stream ended");
                case "notification" -> {
                    if (node.attribute("type", "").equals("privacy_token")) {
                        // acknowledged once the token is saved (whatsmeow acks after handling): the server requires
                        // the token from the ack on, so a send between the two would go out without it; a save that
                        // failed throws past the ack, and the server sends the notification again at the next login
                        route(node);
                        channel.sendQuietly(Stanzas.ack(node, Optional.empty()));
                    } else {
                        // acknowledged before its handler runs: the phone's code-pairing step waits on the ack
                        channel.sendQuietly(Stanzas.ack(node, Optional.empty()));
                        route(node);
                    }
                }
                case "call" -> channel.sendQuietly(Stanzas.ack(node, Optional.empty()));
                case "appdata", "status" -> {
                    // whatsmeow acks both as it handles them (encrypted and plain messages we do not model): an
                    // unacknowledged stanza comes back at every login
                    channel.sendQuietly(Stanzas.ack(node, Optional.empty()));
                    route(node);
                }
                default -> route(node);
            }
        } catch (RuntimeException e) {
            log.warn("failed to handle <{} id={}>", node.tag(), node.attribute("id", ""), e);
        }
    }

    /**
     * Asks for a pairing code for {@code phone}; the QR codes stop once it is issued (the phone links by code).
     * Blocking: call it off the node thread.
     */
    String requestPairingCode(String phone) {
        String code = codePairing.request(phone);
        stopQrRotation();
        return code;
    }

    /** Ends the pairing of a closed or stopped connection: no more QR codes, no pending code. */
    void endPairing() {
        stopQrRotation();
        codePairing.reset();
    }

    private void stopQrRotation() {
        QrRotation rotation;
        lock.lock();
        try {
            rotation = qrRotation;
            qrRotation = null;
        } finally {
            lock.unlock();
        }
        if (rotation != null) {
            rotation.stop();
        }
    }

    /** Hands a stanza to the feature that registered for it. */
    private void route(Node node) {
        router.handlerFor(node).ifPresentOrElse(handler -> handler.handle(node),
                () -> log.debug("no feature handles <{} type={}>", node.tag(), node.attribute("type", "")));
    }

    private void onIq(NoiseSocket from, Node iq) {
        String id = iq.attribute("id", "");
        if (iq.child("pair-device").isPresent()) {
            channel.sendQuietly(Stanzas.iqResult(id));
            onPairDevice(from, iq.child("pair-device").get());
        } else if (iq.child("pair-success").isPresent()) {
            onPairSuccess(from, id, iq.child("pair-success").get());
        } else if (iq.attribute("xmlns", "").equals("urn:xmpp:ping")) {
            channel.sendQuietly(Stanzas.iqResult(id));
        }
    }

    private void onPairDevice(NoiseSocket from, Node pairDevice) {
        DeviceCredentials credentials = store.credentials().orElseThrow();
        List<String> texts = pairDevice.children("ref").stream().flatMap(r -> r.text().stream())
                .map(ref -> new PairingQr(ref, credentials.noiseKeyPair().publicKey(),
                        credentials.identityKeyPair().publicKey().publicKey(), credentials.advSecret(),
                        payloads.platformId()).text())
                .toList();
        lifecycle.waitingForScan();
        QrRotation rotation = new QrRotation(texts, config.firstQrTimeout(), config.nextQrTimeout(),
                runtime.scheduler(), (text, validity) -> events.emit(new WaEvent.QrCode(text, validity)),
                () -> {
                    if (!codePairing.active()) {
                        events.emit(new WaEvent.PairFailure("qr-timeout"));
                        lifecycle.close(from, new CloseAction(CloseAction.Kind.STOP, "QR codes expired"));
                    }
                });
        QrRotation previous;
        lock.lock();
        try {
            previous = qrRotation;
            qrRotation = rotation;
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            previous.stop();
        }
        rotation.start();
    }

    private void onPairSuccess(NoiseSocket from, String id, Node success) {
        try {
            PairSuccessAcceptor.Accepted accepted = pairSuccess.accept(id, success);
            channel.send(accepted.reply());
            stopQrRotation();
            lifecycle.paired();
            firstLoginAfterPairing = true;
            events.emit(accepted.event());
        } catch (PairingRefusal refusal) {
            log.warn("refusing pair-success: {}", refusal.getMessage());
            channel.sendQuietly(Stanzas.iqError(id, refusal.code(), refusal.text()));
            events.emit(new WaEvent.PairFailure(refusal.getMessage()));
        } catch (IOException e) {
            from.close("cannot answer pair-success: " + e.getMessage());
        }
    }

    private void onSuccess(Node success) {
        PairedDevice me = store.pairedDevice().orElse(null);
        if (me == null) {
            log.warn("<success> without pairing data");
            return;
        }
        Optional<Jid> lid = success.jidAttribute("lid");
        if (lid.isPresent() && !lid.equals(me.lidJid())) {
            me = me.withLid(lid.get());
            store.savePairedDevice(me);
        }
        lifecycle.loggedIn();
        try {
            preKeys.ensureEnough();
        } catch (RuntimeException e) {
            log.warn("pre-key check failed: {}", Causes.root(e).getMessage());
        }
        Clock clock = runtime.clock();
        try {
            store.decryptionBuffer().forgetBefore(clock.instant().minus(DECRYPTION_BUFFER_RETENTION));
        } catch (RuntimeException e) {
            log.warn("decryption buffer clean-up failed: {}", Causes.root(e).getMessage());
        }
        try {
            channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set")
                    .attribute("xmlns", "passive").children(Node.of("active")).build()).join();
        } catch (RuntimeException e) {
            log.warn("passive/active failed: {}", Causes.root(e).getMessage());
        }
        boolean first = firstLoginAfterPairing;
        firstLoginAfterPairing = false;
        if (!first || !me.pushName().isEmpty()) {
            // later logins announce what the device knows at once (a phone that keeps no push name, or a sync
            // that failed, must not hold back every login)
            events.emit(new WaEvent.Connected(me.jid(), me.pushName(), me.platform(), me.businessName()));
            lifecycle.loginAnnounced();
            return;
        }
        announceWithPushName();
    }

    /**
     * The first login after pairing comes before the phone's app-state key share, so the push name (kept by the
     * phone in app state, {@code setting_pushName}; whatsmeow and Baileys learn it only there) is not known yet. A
     * webhook consumer expects {@code connection.connected} to name the account, so the event waits, bounded by
     * {@link #PUSH_NAME_WAIT}, for the {@code critical_block} sync; the login itself is announced at once (sends and
     * the app-state sync go on meanwhile). A run that ended during the wait announces nothing.
     */
    private void announceWithPushName() {
        BooleanSupplier current = lifecycle.stillCurrent();
        CompletableFuture<Void> known = lifecycle.pushNameSynced()
                .completeOnTimeout(null, PUSH_NAME_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        lifecycle.loginAnnounced();
        known.whenComplete((ignored, error) -> {
            if (!current.getAsBoolean()) {
                return;
            }
            store.pairedDevice().ifPresent(me -> {
                if (me.pushName().isEmpty()) {
                    log.info("no push name from app state within {} s; announcing the login without it",
                            PUSH_NAME_WAIT.toSeconds());
                }
                events.emit(new WaEvent.Connected(me.jid(), me.pushName(), me.platform(), me.businessName()));
            });
        });
    }
}
