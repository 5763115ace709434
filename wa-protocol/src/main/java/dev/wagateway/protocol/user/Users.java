package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
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
    private final java.util.concurrent.atomic.AtomicInteger sids = new java.util.concurrent.atomic.AtomicInteger();

    /** Made by the client, with the device directory it shares with the messages feature. */
    public Users(ClientContext context, DeviceDirectory directory) {
        this.context = context;
        this.directory = directory;
        this.contacts = new ContactLookup(context.channel());
        context.routes().on(NodeRoute.notification("devices"), this::onDevices);
    }

    /**
     * A user's device list changed: forget the cached list; the {@code lid} beside a phone-number {@code from} is the
     * user's LID (whatsmeow {@code handleDeviceNotification} stores the pairing), kept before the cache is dropped so
     * that both addressings' lists go.
     */
    private void onDevices(Node notification) {
        Optional<Jid> from = notification.jidAttribute("from");
        if (from.isEmpty()) {
            return;
        }
        Optional<Jid> lid = notification.jidAttribute("lid").filter(Jid::isLid);
        if (lid.isPresent() && from.get().isUser() && !from.get().isLid()) {
            context.store().lidMappings().save(from.get().toNonAd(), lid.get().toNonAd());
        }
        directory.invalidate(from.get());
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

    /** About text, picture id, devices and verified name of each of {@code users} (usync user info). */
    public CompletableFuture<Map<Jid, UserAnswers.UserInfo>> info(List<Jid> users) {
        if (users.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no users to ask about"));
        }
        return query(UserStanzas.userInfo(users, "info-" + sids.incrementAndGet())).thenApply(UserAnswers::userInfo);
    }

    /**
     * The URL of {@code user}'s profile picture (a group's too); empty when none is set. Fails with an
     * {@link dev.wagateway.protocol.client.error.IqErrorException} 401 when its privacy hides it, 404 when there
     * is none.
     */
    public CompletableFuture<Optional<UserAnswers.ProfilePicture>> profilePicture(Jid user, boolean preview) {
        return query(UserStanzas.profilePicture(user, preview)).thenApply(UserAnswers::profilePicture);
    }

    /** Sets our own profile picture (a JPEG; {@code null} removes it); completes with the new picture id. */
    public CompletableFuture<Optional<String>> setProfilePicture(byte[] jpeg) {
        return query(UserStanzas.setProfilePicture(jpeg)).thenApply(UserAnswers::pictureId);
    }

    /** The users this account blocked. */
    public CompletableFuture<List<Jid>> blocklist() {
        return query(UserStanzas.blocklist()).thenApply(UserAnswers::blocklist);
    }

    /** Blocks ({@code true}) or unblocks {@code user}; completes with the block list after the change. */
    public CompletableFuture<List<Jid>> block(Jid user, boolean block) {
        return query(UserStanzas.updateBlocklist(user, block)).thenApply(UserAnswers::blocklist);
    }

    /** This account's privacy settings. */
    public CompletableFuture<Map<PrivacySetting, String>> privacy() {
        return query(UserStanzas.privacySettings()).thenApply(UserAnswers::privacy);
    }

    /**
     * Sets one privacy category; completes with the settings after the change (asked again: the server answers a
     * set with only the changed category).
     *
     * @throws IllegalArgumentException (as the failure) when {@code value} is not one the category takes
     */
    public CompletableFuture<Map<PrivacySetting, String>> setPrivacy(PrivacySetting setting, String value) {
        if (!setting.allowed().contains(value)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid privacy value: " + value));
        }
        return query(UserStanzas.setPrivacySetting(setting, value)).thenCompose(ignored -> privacy());
    }

    /** Who sees our status updates. */
    public CompletableFuture<List<UserAnswers.StatusPrivacy>> statusPrivacy() {
        return query(UserStanzas.statusPrivacy()).thenApply(UserAnswers::statusPrivacy);
    }

    /** Sets our about text (empty clears it). */
    public CompletableFuture<Void> setAbout(String text) {
        return query(UserStanzas.setAbout(text == null ? "" : text)).thenApply(ignored -> null);
    }

    private CompletableFuture<dev.wagateway.protocol.binary.Node> query(dev.wagateway.protocol.binary.Node iq) {
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        return context.channel().query(iq);
    }
}
