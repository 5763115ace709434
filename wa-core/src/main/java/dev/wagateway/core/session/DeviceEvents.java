package dev.wagateway.core.session;

import dev.wagateway.core.chat.AppStateChangeRecorder;
import dev.wagateway.core.chat.ChatSettingsRecorder;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.group.GroupRecorder;
import dev.wagateway.core.history.HistoryRecorder;
import dev.wagateway.core.media.IncomingMedia;
import dev.wagateway.core.media.MediaRetryRecorder;
import dev.wagateway.core.message.AutoMarkRead;
import dev.wagateway.core.message.IncomingMessageRecorder;
import dev.wagateway.core.message.MessageRowWriter;
import dev.wagateway.core.message.ReceiptRecorder;
import dev.wagateway.core.presence.DisappearingTimers;
import dev.wagateway.core.presence.PresenceRecorder;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Hands one device's protocol events to the recorder of their feature (connection, messages, receipts...). Runs on
 * the client's ordered event lane; for messages and receipts the client acknowledges to WhatsApp only after
 * {@link #onEvent} returned normally, which is after the recorder's commit.
 */
final class DeviceEvents implements WaEventListener {

    private final BooleanSupplier shuttingDown;
    private final ConnectionRecorder connection;
    private final IncomingMessageRecorder messages;
    private final ReceiptRecorder receipts;
    private final GroupRecorder groups;
    private final PresenceRecorder presence;
    private final DisappearingTimers timers;
    private final UUID deviceId;
    private final MediaRetryRecorder media;
    private final AutoMarkRead autoRead;
    private final HistoryRecorder history;
    private final ChatSettingsRecorder chats;
    private final AppStateChangeRecorder appStateChanges;
    /** The stage of the last receipt handed to the batch writer (events come one at a time: one writer). */
    private volatile CompletableFuture<Void> receiptsInFlight = CompletableFuture.completedFuture(null);

    DeviceEvents(DeviceSession session, EventRecorder recorder, ScheduledExecutorService scheduler,
                 Consumer<DeviceSession> onEnded, BooleanSupplier shuttingDown, IncomingMedia media,
                 DisappearingTimers timers, AutoMarkRead autoRead, boolean appStateEvents,
                 MessageRowWriter receiptWriter) {
        this.timers = timers;
        this.autoRead = autoRead;
        this.deviceId = session.deviceId();
        this.shuttingDown = shuttingDown;
        this.connection = new ConnectionRecorder(session, recorder, scheduler, onEnded, shuttingDown);
        this.messages = new IncomingMessageRecorder(session.deviceId(),
                () -> session.client().jid().map(Jid::user).orElse(""), recorder, media);
        this.receipts = new ReceiptRecorder(session.deviceId(),
                () -> session.client().jid().map(Jid::user).orElse(""), recorder, receiptWriter);
        this.groups = new GroupRecorder(session.deviceId(), () -> session.client().jid(), recorder);
        this.presence = new PresenceRecorder(session.deviceId(),
                () -> session.client().jid().map(Jid::user).orElse(""), recorder);
        this.chats = new ChatSettingsRecorder(session.deviceId(),
                () -> session.client().jid().map(Jid::user).orElse(""), recorder, appStateEvents);
        this.appStateChanges = new AppStateChangeRecorder(session.deviceId(),
                () -> session.client().jid().map(Jid::user).orElse(""), recorder);
        this.media = new MediaRetryRecorder(session.deviceId(), () -> session.client().jid().map(Jid::user).orElse(""),
                recorder);
        this.history = new HistoryRecorder(session.deviceId(), () -> session.client().jid().map(Jid::user).orElse(""),
                recorder);
    }

    @Override
    public CompletionStage<Void> onEvent(WaEvent event) {
        if (shuttingDown.getAsBoolean()
                && (event instanceof WaEvent.Disconnected || event instanceof WaEvent.Connected)) {
            // The gateway is stopping: the connection closes on purpose and the database may be gone already;
            // the status stays as it was so the next start restores the device, and a login that lands after the
            // stop (its Connected trails the pre-key check) does not mark active a device that is going away.
            // Pairing results are still recorded: without its JID a paired device would not be restored.
            return CompletableFuture.completedFuture(null);
        }
        if (event instanceof WaEvent.ReceiptReceived receipt) {
            CompletableFuture<Void> written = receipts.received(receipt);
            receiptsInFlight = written;
            return written;
        }
        // Receipts are written by the shared batch writer, after this returns: anything else waits for the last one
        // of this device, so the device's facts and events are still committed in the order they arrived.
        awaitReceipts();
        switch (event) {
            case WaEvent.QrCode qr -> connection.qr(qr);
            case WaEvent.PairSuccess paired -> connection.paired(paired);
            case WaEvent.PairFailure failure -> connection.pairingFailed(failure);
            case WaEvent.Connected connected -> connection.connected(connected);
            case WaEvent.Disconnected disconnected -> connection.disconnected(disconnected);
            case WaEvent.LoggedOut loggedOut -> connection.loggedOut(loggedOut);
            case WaEvent.Replaced replaced -> connection.replaced(replaced);
            case WaEvent.ConnectFailure failure -> connection.connectFailure(failure);
            case WaEvent.KeepaliveTimeout timeout -> connection.keepaliveTimeout(timeout);
            case WaEvent.KeepaliveRestored restored -> connection.keepaliveRestored();
            case WaEvent.MessageReceived received -> {
                // the timer first: what the event makes visible may lead straight to a send in that chat
                timers.learn(deviceId, received);
                messages.received(received);
                autoRead.received(deviceId, received);
            }
            case WaEvent.UndecryptableMessage failed -> messages.undecryptable(failed);
            case WaEvent.ReceiptReceived receipt -> throw new IllegalStateException("handled above");
            case WaEvent.GroupChanged changed -> {
                timers.learn(deviceId, changed);
                groups.changed(changed);
            }
            case WaEvent.PresenceChanged changed -> presence.presence(changed);
            case WaEvent.ChatPresence chatPresence -> presence.chatPresence(chatPresence);
            case WaEvent.IdentityChanged changed -> presence.identityChanged(changed);
            case WaEvent.MediaRetryReceived retry -> media.retryAnswered(retry);
            case WaEvent.HistoryConversations batch -> history.conversations(batch);
            case WaEvent.HistoryPushNames names -> history.pushNames(names);
            case WaEvent.HistoryLidMappings mappings -> history.lidMappings(mappings);
            case WaEvent.HistorySynced synced -> history.synced(synced);
            case WaEvent.ChatSettingChanged changed -> chats.changed(changed);
            case WaEvent.PushNameSetting pushName -> chats.pushName(pushName);
            case WaEvent.AppStateChanged changed -> appStateChanges.changed(changed);
            case WaEvent.AppStateSynced synced -> chats.synced(synced);
            case WaEvent.AppStateSyncFailed failed -> chats.syncFailed(failed);
            case WaEvent.AppStatePatchReceived patch -> chats.patchReceived(patch);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Waits until the last receipt handed to the batch writer is written (or failed: it is redelivered then). */
    private void awaitReceipts() {
        CompletableFuture<Void> last = receiptsInFlight;
        if (!last.isDone()) {
            try {
                last.join();
            } catch (RuntimeException e) {
                // that receipt stays unacknowledged and comes again; this event need not wait for it
            }
        }
    }
}
