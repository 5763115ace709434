package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Other WhatsApp users as this account sees them (protocol §6.6): whether numbers are registered, and which devices a
 * user has (cached; a {@code devices} notification drops a user's entry).
 */
public final class Users {

    private final ClientContext context;
    private final DeviceDirectory directory;
    private final ContactLookup contacts;

    /** Made by the client, with the device directory it shares with the messages feature. */
    public Users(ClientContext context, DeviceDirectory directory) {
        this.context = context;
        this.directory = directory;
        this.contacts = new ContactLookup(context.channel());
        context.routes().on(NodeRoute.notification("devices"),
                notification -> notification.jidAttribute("from").ifPresent(directory::invalidate));
    }

    /**
     * Asks which of {@code phones} (international digits, at most 50) have a WhatsApp account; completes with each
     * number mapped to its account JID, or empty when it is not registered.
     */
    public CompletableFuture<Map<String, Optional<Jid>>> checkRegistered(List<String> phones) {
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        return contacts.lookup(phones);
    }

    /**
     * Every device of each of {@code users} (user JIDs), from the cache or a usync query.
     */
    public CompletableFuture<List<Jid>> devices(List<Jid> users) {
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        return CompletableFuture.supplyAsync(() -> directory.devices(users), task -> Thread.ofVirtual().start(task));
    }
}
