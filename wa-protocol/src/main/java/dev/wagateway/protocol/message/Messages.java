package dev.wagateway.protocol.message;

import dev.wagateway.protocol.client.error.WaClientException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.RequestTimeoutException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.receipt.DeliveryActivity;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.group.GroupParticipants;
import dev.wagateway.protocol.privacy.TrustedContacts;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.session.CombiningEncryptor;
import dev.wagateway.protocol.store.LidMappings;
import dev.wagateway.protocol.user.DeviceDirectory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sending and receiving messages (protocol §6–§8): Signal-encrypted sends to users (every device of the peer and our
 * own other devices) and groups (sender keys), incoming messages decrypted and emitted as events, and retry receipts
 * answered by sending again with a fresh session.
 */
public final class Messages {

    private final ClientContext context;
    private final MessageSender sender;
    private final SkippedDeliveries skipped;
    private final List<OwnProtocolMessages> ownProtocol = new CopyOnWriteArrayList<>();

    /**
     * Made by the client, with the caches it shares with the other features; registers for incoming
     * {@code <message>}s and retry receipts.
     */
    public Messages(ClientContext context, DeviceDirectory directory, GroupParticipants groups,
                    DeliveryActivity activity, LidMappings lids, DeliveryRetryPolicy skippedRetry) {
        this.context = context;
        SignalLocks locks = new SignalLocks(16);
        SenderKeyHolders holders = new SenderKeyHolders();
        LidAddressing addressing = new LidAddressing(context.store(), lids, locks);
        this.skipped = new SkippedDeliveries(skippedRetry, context.scheduler(), context.loggedIn(),
                addressing::address, context.store().waitingDeliveries(), context.clock());
        this.sender = new MessageSender(context.channel(), context.store(), directory, groups,
                new PreKeyBundles(context.channel()), locks,
                new CombiningEncryptor(locks, context.counters()::ratchetBatch), context.random(), context.clock(),
                new TrustedContacts(context), holders, addressing, skipped);
        skipped.deliverWith(sender::deliverSkipped);
        skipped.restore(); // what sends of a previous run left out waits again
        PlaceholderResends placeholders = new PlaceholderResends(context, this::sendPeer, addressing);
        ownProtocol.add(placeholders);
        ownProtocol.add(new LidMigrationSync(addressing));
        MessageReceiver receiver = new MessageReceiver(context.channel(), context.store(), context.events(), locks,
                context.random(), context.clock(), activity, ownProtocol, addressing, placeholders);
        RetryReceipts retries = new RetryReceipts(context.channel(), sender, context.counters(), holders, skipped);
        new IdentityChanges(context, holders);
        context.routes().on(NodeRoute.tag("message"), receiver::onMessage);
        context.routes().on(NodeRoute.where("receipt", "type", "retry"), retries::onRetry);
    }

    /**
     * A new message id of this account, for {@link #send(Jid, Message, String)}: a caller that must record the
     * message before it goes out (receipts for it may come back before the server's ack) takes the id first.
     *
     * @throws NotConnectedException when the device is not paired
     */
    public String newMessageId() {
        return sender.newId();
    }

    /**
     * Sends {@code message} to {@code to} (a user or a group); completes with the server's ack, or fails with a
     * {@link dev.wagateway.protocol.client.error.WaClientException}: {@link MessageRejectedException} (the server
     * refused it), {@link RequestTimeoutException}, {@link NotConnectedException}... whose
     * {@link dev.wagateway.protocol.client.error.WaClientException#delivery()} says whether it may have left.
     */
    public CompletableFuture<SendResult> send(Jid to, Message message) {
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        return send(to, message, sender.newId());
    }

    /** {@link #send(Jid, Message)} with an id from {@link #newMessageId()}. */
    public CompletableFuture<SendResult> send(Jid to, Message message, String id) {
        return send(to, message, id, () -> { });
    }

    /**
     * {@link #send(Jid, Message, String)}, running {@code beforeItLeaves} once the message is encrypted (its
     * ratchet steps committed) and just before its stanza is written: a caller that must have its own record of
     * the message durable before it leaves can commit that record while this send encrypts, rather than before.
     * When {@code beforeItLeaves} throws, nothing is written and the send fails with what it threw (the ratchet
     * steps taken stay committed; the peer skips their keys, as for any message lost on the way).
     */
    public CompletableFuture<SendResult> send(Jid to, Message message, String id, Runnable beforeItLeaves) {
        if (id == null || id.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a message id is needed"));
        }
        if (beforeItLeaves == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("beforeItLeaves is null"));
        }
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        return CompletableFuture.supplyAsync(() -> sender.send(to, message, id, beforeItLeaves),
                task -> Thread.ofVirtual().start(task));
    }

    /** Stops the background retries of devices sends left out (the client is closing). */
    public void close() {
        skipped.close();
    }

    /**
     * Registers a feature for the protocol messages our own account sends this device (history sync, key shares);
     * the client's features register when it is made.
     */
    public void onOwnProtocolMessage(OwnProtocolMessages feature) {
        ownProtocol.add(feature);
    }

    /**
     * Sends a peer message (protocol §7.2): {@code message} encrypted for our own phone only, with
     * {@code category="peer"} (requests to the phone: more history, key requests). Completes with the server's ack.
     */
    public CompletableFuture<SendResult> sendPeer(Message message) {
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        String id = sender.newId();
        return CompletableFuture.supplyAsync(() -> sender.sendPeer(message, id),
                task -> Thread.ofVirtual().start(task));
    }
}
