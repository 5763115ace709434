package dev.wagateway.protocol.history;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.Media;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.message.Messages;
import dev.wagateway.protocol.message.SendResult;
import dev.wagateway.protocol.proto.Conversation;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.PhoneNumberToLidMapping;
import dev.wagateway.protocol.proto.Pushname;
import dev.wagateway.protocol.store.PairedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * History sync (protocol §8.8): the chats, messages, push names and PN↔LID mappings our phone sends this device, as
 * an inline payload or an encrypted {@code md-msg-hist} blob on the media host. The blob is downloaded to a file,
 * verified, then inflated and read as a stream: conversations go out as {@link WaEvent.HistoryConversations} in
 * batches of {@link HistoryLimits#batchMessages()} messages, each accepted by the listeners before the next is read,
 * so a history of any length costs one batch of memory. LID mappings and trusted-contact tokens go into the device's
 * store as they are read. When all is handed over, {@link WaEvent.HistorySynced} follows, the {@code hist_sync}
 * receipt goes to our phone, and the notification is acknowledged; a failure before that leaves it unacknowledged,
 * so the server delivers it again and the listeners see the same history again (they drop what they already have).
 */
public final class History {

    private static final Logger log = LoggerFactory.getLogger(History.class);

    private final ClientContext context;
    private final Media media;
    private final Messages messages;
    private final HistoryLimits limits;
    private final ReentrantLock lock = new ReentrantLock();
    /** Completes when the last sync handed over is done (either way); the next one starts then. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** Made by the client; takes our own phone's history sync notifications from the message receiver. */
    public History(ClientContext context, Media media, Messages messages, HistoryLimits limits) {
        this.context = context;
        this.media = media;
        this.messages = messages;
        this.limits = limits;
        messages.onOwnProtocolMessage(this::onProtocolMessage);
    }

    /**
     * Asks our phone for up to {@code count} messages of {@code chat} older than the one given (the oldest this device
     * has); they arrive as an {@link HistorySyncType#ON_DEMAND} history sync. Completes with the server's ack of the
     * request.
     */
    public CompletableFuture<SendResult> requestMore(Jid chat, String oldestMessageId, boolean oldestFromMe,
                                                     Instant oldestAt, int count) {
        Message request;
        try {
            request = HistoryStanzas.onDemandRequest(chat, oldestMessageId, oldestFromMe, oldestAt, count);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return messages.sendPeer(request);
    }

    private Optional<CompletableFuture<Void>> onProtocolMessage(String messageId, Jid sender,
                                                                Message.ProtocolMessage message) {
        if (message.getType() != Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION
                || !message.hasHistorySyncNotification()) {
            return Optional.empty();
        }
        Message.HistorySyncNotification notification = message.getHistorySyncNotification();
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            // one sync at a time, in the order they came (whatsmeow's single history loop): chunks build on each other
            CompletableFuture<Void> previous = tail;
            tail = done.handle((ignored, error) -> null);
            previous.whenComplete((ignored, error) -> Thread.ofVirtual().name("wa-history-" + messageId)
                    .start(() -> run(messageId, notification, done)));
        } finally {
            lock.unlock();
        }
        return Optional.of(done);
    }

    private void run(String messageId, Message.HistorySyncNotification notification, CompletableFuture<Void> done) {
        try {
            process(messageId, notification);
            context.channel().sendQuietly(HistoryStanzas.historySyncReceipt(messageId, ownUser()));
            done.complete(null);
        } catch (RuntimeException | HistoryFailure e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            log.warn("history sync {} not taken ({}); it stays unacknowledged", messageId, cause.getMessage());
            done.completeExceptionally(cause);
        }
    }

    /** A failure worth a redelivery: the download could not be made now. */
    private static final class HistoryFailure extends Exception {
        HistoryFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void process(String messageId, Message.HistorySyncNotification notification) throws HistoryFailure {
        HistorySyncType type = HistorySyncType.of(notification.getSyncType());
        Path blob = null;
        try {
            InputStream compressed;
            if (notification.hasInitialHistBootstrapInlinePayload()) {
                compressed = new ByteArrayInputStream(notification.getInitialHistBootstrapInlinePayload().toByteArray());
            } else {
                blob = download(notification);
                compressed = Files.newInputStream(blob);
            }
            try (InputStream in = compressed) {
                Batches batches = new Batches(messageId, type, ownUser());
                HistoryBlobReader.Summary summary = new HistoryBlobReader(limits).read(in, batches);
                batches.flush();
                int progress = summary.progress().orElse(notification.getProgress());
                int chunk = summary.chunkOrder().orElse(notification.getChunkOrder());
                context.events().emit(new WaEvent.HistorySynced(messageId, type, chunk, progress,
                        summary.conversations(), batches.messageCount)).join();
                log.info("history sync {} ({}, chunk {}, progress {}): {} conversations, {} messages, {} push names",
                        messageId, type, chunk, progress, summary.conversations(), batches.messageCount,
                        summary.pushNames());
            }
        } catch (HistoryException e) {
            // a blob that will never read: acknowledged so it is not sent again, and announced as empty
            log.warn("history sync {} cannot be read: {}", messageId, e.getMessage());
            context.events().emit(new WaEvent.HistorySynced(messageId, type, notification.getChunkOrder(),
                    notification.getProgress(), 0, 0)).join();
        } catch (IOException e) {
            throw new HistoryFailure("history sync " + messageId + " could not be read: " + e.getMessage(), e);
        } finally {
            if (blob != null) {
                try {
                    Files.deleteIfExists(blob);
                } catch (IOException e) {
                    log.debug("temporary history file {} not deleted: {}", blob, e.getMessage());
                }
            }
        }
    }

    /** Downloads and verifies the encrypted blob into a temporary file, decrypted (still zlib-compressed). */
    private Path download(Message.HistorySyncNotification notification) throws HistoryException, HistoryFailure,
            IOException {
        DownloadableMedia blob = new DownloadableMedia(MediaType.HISTORY, notification.getDirectPath(), "",
                notification.getMediaKey().toByteArray(), notification.getFileSha256().toByteArray(),
                notification.getFileEncSha256().toByteArray(), notification.getFileLength(), "");
        try {
            blob.requireComplete();
        } catch (MediaException e) {
            throw new HistoryException("the history sync notification " + e.getMessage(), e);
        }
        Path target = Files.createTempFile(media.config().tempDirectory(), "wa-history-", ".zlib");
        try {
            media.download(blob, target).join();
            return target;
        } catch (CompletionException e) {
            Files.deleteIfExists(target);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof MediaException failure && (failure.reason() == MediaException.Reason.INTEGRITY
                    || failure.reason() == MediaException.Reason.INVALID
                    || failure.reason() == MediaException.Reason.TOO_LARGE)) {
                throw new HistoryException("the history blob " + failure.getMessage(), failure);
            }
            throw new HistoryFailure("the history blob could not be downloaded: " + cause.getMessage(), cause);
        }
    }

    private Jid ownUser() {
        return context.store().pairedDevice().map(PairedDevice::jid).map(Jid::toNonAd)
                .orElseThrow(() -> new NotConnectedException("not paired"));
    }

    /** Collects what the reader finds into batches and hands each to the listeners, waiting for them. */
    private final class Batches implements HistoryBlobReader.Visitor {

        private final String notificationId;
        private final HistorySyncType type;
        private final Jid ownUser;
        private final List<HistoryConversation> conversations = new ArrayList<>();
        private final List<HistoryPushName> pushNames = new ArrayList<>();
        private final List<HistoryLidMapping> mappings = new ArrayList<>();
        private int pending;
        private int messageCount;

        Batches(String notificationId, HistorySyncType type, Jid ownUser) {
            this.notificationId = notificationId;
            this.type = type;
            this.ownUser = ownUser;
        }

        @Override
        public void conversation(Conversation conversation) {
            Optional<Jid> chat = HistoryConversions.chat(conversation);
            if (chat.isEmpty()) {
                log.debug("history sync {}: a conversation without a valid id skipped", notificationId);
                return;
            }
            mapping(conversation.getPnJid(), conversation.getLidJid());
            token(chat.get(), conversation);
            List<HistoryMessage> all = HistoryConversions.messages(chat.get(), conversation, ownUser);
            if (all.isEmpty()) {
                conversations.add(HistoryConversions.conversation(chat.get(), conversation, List.of(), true));
                if (conversations.size() >= limits.batchMessages()) {
                    emitConversations();
                }
                return;
            }
            int from = 0;
            while (from < all.size()) {
                int room = Math.max(1, limits.batchMessages() - pending);
                int to = Math.min(all.size(), from + room);
                conversations.add(HistoryConversions.conversation(chat.get(), conversation, all.subList(from, to),
                        to == all.size()));
                pending += to - from;
                messageCount += to - from;
                from = to;
                if (pending >= limits.batchMessages()) {
                    emitConversations();
                }
            }
        }

        @Override
        public void pushName(Pushname pushName) {
            Optional<Jid> jid = HistoryConversions.jid(pushName.getId());
            if (jid.isEmpty() || pushName.getPushname().isEmpty()) {
                return;
            }
            pushNames.add(new HistoryPushName(jid.get(), pushName.getPushname()));
            if (pushNames.size() >= limits.batchPushNames()) {
                emitPushNames();
            }
        }

        @Override
        public void lidMapping(PhoneNumberToLidMapping mapping) {
            mapping(mapping.getPnJid(), mapping.getLidJid());
        }

        private void mapping(String phoneText, String lidText) {
            Optional<Jid> phone = HistoryConversions.jid(phoneText).filter(Jid::isUser).filter(j -> !j.isLid());
            Optional<Jid> lid = HistoryConversions.jid(lidText).filter(Jid::isLid);
            if (phone.isEmpty() || lid.isEmpty()) {
                return;
            }
            HistoryLidMapping found = new HistoryLidMapping(phone.get(), lid.get());
            if (mappings.contains(found)) {
                return;
            }
            context.store().lidMappings().save(phone.get(), lid.get());
            mappings.add(found);
            if (mappings.size() >= limits.batchPushNames()) {
                emitMappings();
            }
        }

        /** A token the contact issued to us, kept under their LID when we know it (as live ones are). */
        private void token(Jid chat, Conversation conversation) {
            if (!chat.isUser() && !chat.isLid()) {
                return;
            }
            Jid holder = chat.isLid() ? chat : context.store().lidMappings().lidOf(chat).orElse(chat);
            if (!conversation.getTcToken().isEmpty() && conversation.getTcTokenTimestamp() > 0) {
                context.store().privacyTokens().saveToken(holder, conversation.getTcToken().toByteArray(),
                        Instant.ofEpochSecond(conversation.getTcTokenTimestamp()));
            }
            if (conversation.getTcTokenSenderTimestamp() > 0) {
                context.store().privacyTokens().saveSenderTimestamp(holder,
                        Instant.ofEpochSecond(conversation.getTcTokenSenderTimestamp()));
            }
        }

        void flush() {
            emitMappings();
            emitConversations();
            emitPushNames();
        }

        private void emitConversations() {
            if (conversations.isEmpty()) {
                return;
            }
            emitMappings(); // contacts' LIDs are known before their chats
            context.events().emit(new WaEvent.HistoryConversations(notificationId, type, List.copyOf(conversations)))
                    .join();
            conversations.clear();
            pending = 0;
        }

        private void emitPushNames() {
            if (!pushNames.isEmpty()) {
                context.events().emit(new WaEvent.HistoryPushNames(notificationId, List.copyOf(pushNames))).join();
                pushNames.clear();
            }
        }

        private void emitMappings() {
            if (!mappings.isEmpty()) {
                context.events().emit(new WaEvent.HistoryLidMappings(notificationId, List.copyOf(mappings))).join();
                mappings.clear();
            }
        }
    }
}
