package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The session a retried message is encrypted with (protocol §6.10): the device that asked could not decrypt with
 * the one we had, so a new one is built, from the keys its retry receipt carried when it sent them (whatsmeow
 * {@code nodeToPreKeyBundle}, from retry count 2 on) or else from a bundle fetched from the server.
 */
final class RetrySessions {

    private static final Logger log = LoggerFactory.getLogger(RetrySessions.class);

    private final PreKeyBundles bundles;
    private final SignalLocks locks;
    private final SecureRandom random;

    RetrySessions(PreKeyBundles bundles, SignalLocks locks, SecureRandom random) {
        this.bundles = bundles;
        this.locks = locks;
        this.random = random;
    }

    /**
     * Replaces the session with {@code device}, kept at {@code address} (its LID address when known), by one built
     * from {@code keys}, or from a fetched bundle when the receipt carried none; false when no session could be built.
     */
    boolean rebuild(SignalStores stores, Jid device, SignalAddress address, Optional<PreKeyBundle> keys) {
        Optional<PreKeyBundle> bundle = keys.or(() -> Optional.ofNullable(bundles.fetch(List.of(device)).get(device)));
        if (bundle.isEmpty()) {
            log.warn("no keys to rebuild the session with {}", device);
            return false;
        }
        stores.sessions().deleteSession(address);
        try {
            new SessionBuilder(stores, locks, random, IdentityChangeListener.IGNORE).process(address, bundle.get());
            return true;
        } catch (SignalProtocolException e) {
            log.warn("cannot rebuild the session with {}: {}", device, e.getMessage());
            return false;
        }
    }
}
