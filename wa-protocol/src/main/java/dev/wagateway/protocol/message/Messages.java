package dev.wagateway.protocol.message;

import dev.wagateway.protocol.client.error.WaClientException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.RequestTimeoutException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.group.GroupParticipants;
import dev.wagateway.protocol.privacy.TrustedContacts;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.user.DeviceDirectory;

import java.util.concurrent.CompletableFuture;

/**
 * Sending and receiving messages (protocol §6–§8): Signal-encrypted sends to users (every device of the peer and our
 * own other devices) and groups (sender keys), incoming messages decrypted and emitted as events, and retry receipts
 * answered by sending again with a fresh session.
 */
public final class Messages {

    private final ClientContext context;
    private final MessageSender sender;
    private final MessageReceiver receiver;

    /**
     * Made by the client, with the caches it shares with the other features; registers for incoming
     * {@code <message>}s and retry receipts.
     */
    public Messages(ClientContext context, DeviceDirectory directory, GroupParticipants groups) {
        this.context = context;
        SignalLocks locks = new SignalLocks(16);
        this.sender = new MessageSender(context.channel(), context.store(), directory, groups,
                new PreKeyBundles(context.channel()), locks, context.random(), context.clock(),
                new TrustedContacts(context));
        this.receiver = new MessageReceiver(context.channel(), context.store(), context.events(), locks,
                context.random(), context.clock());
        RetryReceipts retries = new RetryReceipts(context.channel(), sender, context.counters());
        context.routes().on(NodeRoute.tag("message"), receiver::onMessage);
        context.routes().on(NodeRoute.where("receipt", "type", "retry"), retries::onRetry);
    }

    /**
     * Hands the protocol messages our own devices send (such as app-state key shares) to {@code handler} instead of
     * emitting them, when it takes them; each feature that handles some adds its own (asked in the order added).
     */
    public void onOwnProtocolMessage(OwnProtocolMessages handler) {
        receiver.ownProtocolMessages(handler);
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
        if (id == null || id.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a message id is needed"));
        }
        if (!context.loggedIn().getAsBoolean()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        return CompletableFuture.supplyAsync(() -> sender.send(to, message, id),
                task -> Thread.ofVirtual().start(task));
    }
}
