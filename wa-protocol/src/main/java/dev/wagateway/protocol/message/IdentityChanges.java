package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A contact's identity changed ({@code <notification type="encrypt"><identity/></notification>}: the phone was
 * re-registered, protocol §5). As whatsmeow's {@code handleEncryptNotification}, every session and identity held for
 * that user is deleted, so the next message builds a new session from a fresh bundle; and, as Baileys forgets its
 * sender-key memory, none of the user's devices is taken to hold our group sender keys any more, so the next group
 * message shares the key with them again. Then {@link WaEvent.IdentityChanged} is emitted.
 */
final class IdentityChanges {

    private static final Logger log = LoggerFactory.getLogger(IdentityChanges.class);

    private final ClientContext context;
    private final SenderKeyHolders holders;

    /** Registers for {@code encrypt} notifications with an {@code <identity>} child (the hub acks them). */
    IdentityChanges(ClientContext context, SenderKeyHolders holders) {
        this.context = context;
        this.holders = holders;
        context.routes().on(NodeRoute.notificationWith("encrypt", "identity"), this::onNotification);
    }

    private void onNotification(Node notification) {
        Optional<Jid> from = notification.jidAttribute("from").filter(jid -> jid.isUser() || jid.isLid());
        if (from.isEmpty() || from.get().user().isEmpty()) {
            log.debug("identity change without a user: {}", notification);
            return;
        }
        Jid user = from.get().toNonAd();
        String own = context.store().pairedDevice().map(device -> device.jid().user()).orElse("");
        if (user.user().equals(own)) {
            return; // our own account's identity is this device's business, not a contact's
        }
        forget(user);
        // Signal state may be kept under the user's other address (its LID once the pairing is known): forget both
        Optional<Jid> other = user.isLid() ? context.store().lidMappings().phoneOf(user)
                : context.store().lidMappings().lidOf(user);
        other.map(Jid::toNonAd).ifPresent(this::forget);
        Instant at = notification.longAttribute("t").map(Instant::ofEpochSecond).orElse(context.clock().instant());
        context.events().emit(new WaEvent.IdentityChanged(user, at, false));
    }

    /** Deletes what we hold for {@code user}'s devices: sessions, identities, sender-key holdership. */
    void forget(Jid user) {
        SignalStores stores = context.store().signalStores();
        String name = user.signalUser();
        Set<Integer> devices = new LinkedHashSet<>(stores.sessions().deviceIds(name));
        devices.add(0);
        for (int device : devices) {
            stores.identities().deleteIdentity(new SignalAddress(name, device));
        }
        stores.sessions().deleteAllSessions(name);
        holders.forgetUser(user.user());
        log.info("identity of {} changed: {} session(s) dropped, our sender keys go to it again", user,
                devices.size());
    }
}
