package dev.wagateway.protocol.client;

import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.event.WaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Incoming {@code <notification>}s the client acts on (protocol §8.6): the server's low pre-key count, a user's
 * changed device list, and the phone's step of code pairing. Every notification is acknowledged; slow work (an
 * upload, the pairing crypto) runs on a virtual thread of its own so the node lane goes on.
 */
final class NotificationHandler {

    private static final Logger log = LoggerFactory.getLogger(NotificationHandler.class);
    private static final String CODE_PAIRING = "link_code_companion_reg";

    private final ServerChannel channel;
    private final PreKeyUploader preKeys;
    private final DeviceDirectory directory;
    private final CodePairing codePairing;
    private final EventDispatcher events;

    NotificationHandler(ServerChannel channel, PreKeyUploader preKeys, DeviceDirectory directory,
                        CodePairing codePairing, EventDispatcher events) {
        this.channel = channel;
        this.preKeys = preKeys;
        this.directory = directory;
        this.codePairing = codePairing;
        this.events = events;
    }

    /** Handles one notification; runs on the client's node thread. */
    void onNotification(Node notification) {
        String type = notification.attribute("type", "");
        // the code-pairing step is acknowledged before its work starts, as the phone waits on the ack
        channel.sendQuietly(Stanzas.ack(notification, Optional.empty()));
        switch (type) {
            case "encrypt" -> notification.child("count").flatMap(c -> c.longAttribute("value"))
                    .ifPresent(count -> Thread.ofVirtual().start(() -> uploadQuietly(count.intValue())));
            case "devices" -> notification.jidAttribute("from").ifPresent(directory::invalidate);
            case CODE_PAIRING -> Thread.ofVirtual().start(() -> finishCodePairing(notification));
            default -> log.debug("notification {} ignored", type);
        }
    }

    private void uploadQuietly(int serverCount) {
        try {
            preKeys.uploadIfBelowThreshold(serverCount);
        } catch (RuntimeException e) {
            log.warn("pre-key upload failed: {}", WaClient.rootCause(e).getMessage());
        }
    }

    private void finishCodePairing(Node notification) {
        try {
            codePairing.onPrimaryHello(notification);
        } catch (CryptoException | RuntimeException e) {
            String why = WaClient.rootCause(e).getMessage();
            log.warn("code pairing failed: {}", why);
            events.emit(new WaEvent.PairFailure("code pairing failed: " + why));
        }
    }
}
