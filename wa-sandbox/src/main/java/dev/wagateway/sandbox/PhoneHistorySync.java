package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.proto.Conversation;
import dev.wagateway.protocol.proto.HistorySync;
import dev.wagateway.protocol.proto.HistorySyncMsg;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import dev.wagateway.protocol.proto.PhoneNumberToLidMapping;
import dev.wagateway.protocol.proto.Pushname;
import dev.wagateway.protocol.proto.WebMessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.DeflaterOutputStream;

/**
 * Phones sharing their history with the companions they link (protocol §8.8, contract second edition): after a link,
 * and when a test seeds a history, the phone sends each companion a {@code HISTORY_SYNC_NOTIFICATION} for the initial
 * bootstrap (chats with their newest messages, PN↔LID mappings, the tokens contacts issued to the account) and one for
 * the push names. A small sync travels inline ({@code initialHistBootstrapInlinePayload}); a larger one is zlib-packed,
 * encrypted and uploaded to the media host as {@code md-msg-hist}, as WhatsApp does. The phone notes the
 * {@code hist_sync} receipts it gets back, and answers on-demand requests (a companion's peer message) with older
 * messages of one chat.
 */
final class PhoneHistorySync {

    private static final Logger log = LoggerFactory.getLogger(PhoneHistorySync.class);
    /** Compressed syncs up to this size go inline in the notification. */
    static final int INLINE_MAX = 64 * 1024;

    /** A notification the phone sent: to which device, what it carried, whether it went inline. */
    record Sent(String id, String device, String type, boolean inline, long bytes) {
    }

    private final Directory directory;
    private final MessageRouter network;
    private final TrustedContactTokens tokens;
    private final SecureRandom random;
    private final PhoneLidMigration lidMigration;
    private final Map<String, HistorySeed> seeds = new ConcurrentHashMap<>();
    private final Map<String, List<Sent>> sent = new ConcurrentHashMap<>();
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();

    PhoneHistorySync(Directory directory, MessageRouter network, TrustedContactTokens tokens, SecureRandom random) {
        this.directory = directory;
        this.network = network;
        this.tokens = tokens;
        this.random = random;
        this.lidMigration = new PhoneLidMigration(directory, network, random);
        network.onPeerRequest(this::onPeerRequest);
        network.onHistoryReceipt(this::receipt);
    }

    /**
     * Keeps {@code seed} as the phone's history and sends it to every companion linked now (later ones get it when
     * they link). Returns what was sent.
     */
    Map<String, Object> seed(Account account, HistorySeed seed) {
        seeds.put(account.jid().user(), seed);
        List<Sent> out = new ArrayList<>();
        for (CompanionDevice companion : account.companions()) {
            out.addAll(sendTo(account, companion.jid()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messages", seed.messages().size());
        answer.put("contacts", seed.contacts().size());
        answer.put("sent", out);
        return answer;
    }

    /**
     * A companion was just linked: it gets the pairings of the phone's contacts ({@link PhoneLidMigration}) and the
     * phone's history, if the phone has one.
     */
    void linked(Account account, CompanionDevice device) {
        Thread.ofVirtual().name("sandbox-lid-sync-" + account.jid().user())
                .start(() -> lidMigration.linked(account, device));
        if (seeds.containsKey(account.jid().user())) {
            Thread.ofVirtual().name("sandbox-history-" + account.jid().user())
                    .start(() -> sendTo(account, device.jid()));
        }
    }

    /** A companion acknowledged notification {@code id} with a {@code hist_sync} receipt to its own account. */
    void receipt(CompanionDevice from, String id) {
        String phone = from.jid().user();
        boolean ours = sent.getOrDefault(phone, List.of()).stream().anyMatch(s -> s.id().equals(id));
        if (ours) {
            acknowledged.computeIfAbsent(phone, p -> new CopyOnWriteArrayList<>()).add(id);
        } else {
            log.debug("hist_sync receipt from {} for {}, which its phone never sent", from.jid(), id);
        }
    }

    /** The phone's view: what it holds, what it sent, which notifications were acknowledged. */
    Map<String, Object> view(Account account) {
        String phone = account.jid().user();
        HistorySeed seed = seeds.get(phone);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("messages", seed == null ? 0 : seed.messages().size());
        view.put("contacts", seed == null ? 0 : seed.contacts().size());
        view.put("sent", List.copyOf(sent.getOrDefault(phone, List.of())));
        view.put("acknowledged", List.copyOf(acknowledged.getOrDefault(phone, List.of())));
        return view;
    }

    private List<Sent> sendTo(Account account, Jid device) {
        HistorySeed seed = seeds.get(account.jid().user());
        if (seed == null) {
            return List.of();
        }
        List<Sent> out = new ArrayList<>();
        Map<Jid, List<HistorySeed.Message>> chats = byChat(seed.messages());
        HistorySync.Builder bootstrap = HistorySync.newBuilder()
                .setSyncType(Message.HistorySyncNotification.HistorySyncType.INITIAL_BOOTSTRAP)
                .setChunkOrder(1).setProgress(100);
        for (Map.Entry<Jid, List<HistorySeed.Message>> chat : chats.entrySet()) {
            List<HistorySeed.Message> newest = chat.getValue();
            if (seed.recentPerChat() > 0 && newest.size() > seed.recentPerChat()) {
                newest = newest.subList(0, seed.recentPerChat());
            }
            bootstrap.addConversations(conversation(account, seed, chat.getKey(), newest,
                    newest.size() == chat.getValue().size()));
        }
        for (HistorySeed.Contact contact : seed.contacts()) {
            directory.account(contact.jid()).ifPresent(known -> bootstrap.addPhoneNumberToLidMappings(
                    PhoneNumberToLidMapping.newBuilder().setPnJid(known.jid().toString())
                            .setLidJid(known.lid().toString())));
        }
        send(account, device, bootstrap.build()).ifPresent(out::add);
        if (!seed.contacts().isEmpty()) {
            HistorySync.Builder names = HistorySync.newBuilder()
                    .setSyncType(Message.HistorySyncNotification.HistorySyncType.PUSH_NAME);
            for (HistorySeed.Contact contact : seed.contacts()) {
                if (!contact.name().isEmpty()) {
                    names.addPushnames(Pushname.newBuilder().setId(contact.jid().toString())
                            .setPushname(contact.name()));
                }
            }
            send(account, device, names.build()).ifPresent(out::add);
        }
        return out;
    }

    /** A companion asked its phone for older messages of one chat (a peer message): they come as ON_DEMAND. */
    private void onPeerRequest(Account account, Jid device, String requestId, Message.ProtocolMessage request) {
        Message.PeerDataOperationRequestMessage peer = request.getPeerDataOperationRequestMessage();
        if (peer.getPeerDataOperationRequestType() != Message.PeerDataOperationRequestMessage
                .PeerDataOperationRequestType.HISTORY_SYNC_ON_DEMAND || !peer.hasHistorySyncOnDemandRequest()) {
            return;
        }
        Message.PeerDataOperationRequestMessage.HistorySyncOnDemandRequest ask = peer.getHistorySyncOnDemandRequest();
        HistorySeed seed = seeds.get(account.jid().user());
        Optional<Jid> chat = Jid.tryParse(ask.getChatJid()).map(Jid::toNonAd);
        if (seed == null || chat.isEmpty() || ask.getOnDemandMsgCount() <= 0) {
            return;
        }
        List<HistorySeed.Message> all = byChat(seed.messages()).getOrDefault(chat.get(), List.of());
        int oldest = indexOf(all, ask.getOldestMsgId());
        List<HistorySeed.Message> candidates = oldest < all.size() ? all.subList(oldest + 1, all.size())
                : all.stream().filter(m -> m.timestamp() < ask.getOldestMsgTimestampMs()).toList();
        List<HistorySeed.Message> older = candidates.subList(0, Math.min(candidates.size(),
                Math.min(ask.getOnDemandMsgCount(), 500)));
        boolean end = older.size() == candidates.size();
        HistorySync sync = HistorySync.newBuilder()
                .setSyncType(Message.HistorySyncNotification.HistorySyncType.ON_DEMAND).setChunkOrder(1)
                .setProgress(100).addConversations(conversation(account, seed, chat.get(), older, end)).build();
        send(account, device, sync);
    }

    private static int indexOf(List<HistorySeed.Message> messages, String id) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id().equals(id)) {
                return i;
            }
        }
        return messages.size();
    }

    /** Each chat's messages, newest first. */
    private static Map<Jid, List<HistorySeed.Message>> byChat(List<HistorySeed.Message> messages) {
        Map<Jid, List<HistorySeed.Message>> chats = new LinkedHashMap<>();
        for (HistorySeed.Message message : messages) {
            chats.computeIfAbsent(message.chat(), c -> new ArrayList<>()).add(message);
        }
        chats.values().forEach(list -> list.sort(Comparator.comparingLong(HistorySeed.Message::timestamp)
                .reversed()));
        return chats;
    }

    private Conversation conversation(Account account, HistorySeed seed, Jid chat, List<HistorySeed.Message> messages,
                                      boolean endOfHistory) {
        Conversation.Builder conversation = Conversation.newBuilder().setId(chat.toString())
                .setEndOfHistoryTransfer(endOfHistory);
        String contactName = seed.contacts().stream().filter(c -> c.jid().equals(chat)).map(HistorySeed.Contact::name)
                .findFirst().orElse("");
        if (!contactName.isEmpty()) {
            conversation.setName(contactName);
        }
        if (!messages.isEmpty()) {
            conversation.setLastMsgTimestamp(messages.getFirst().timestamp())
                    .setConversationTimestamp(messages.getFirst().timestamp());
        }
        if (chat.isUser()) {
            directory.account(chat).ifPresent(known -> {
                conversation.setPnJid(known.jid().toString()).setLidJid(known.lid().toString());
                // the token this contact issued to the account: its companions can reply at once (protocol §7.7)
                tokens.latest(known.jid(), account.jid()).ifPresent(token -> conversation
                        .setTcToken(ByteString.copyFrom(token.token())).setTcTokenTimestamp(token.timestamp()));
            });
        }
        long order = messages.size();
        for (HistorySeed.Message message : messages) {
            MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(chat.toString())
                    .setFromMe(message.fromMe()).setId(message.id());
            WebMessageInfo.Builder info = WebMessageInfo.newBuilder()
                    .setMessage(Message.newBuilder().setConversation(message.text()))
                    .setMessageTimestamp(message.timestamp());
            if (chat.isGroup() && !message.fromMe()) {
                key.setParticipant(message.sender().orElse(chat).toString());
            }
            if (!message.fromMe()) {
                Jid author = message.sender().orElse(chat);
                seed.contacts().stream().filter(c -> c.jid().equals(author)).map(HistorySeed.Contact::name)
                        .filter(name -> !name.isEmpty()).findFirst().ifPresent(info::setPushName);
            }
            conversation.addMessages(HistorySyncMsg.newBuilder().setMessage(info.setKey(key)).setMsgOrderId(order--));
        }
        return conversation.build();
    }

    /** Packs, places (inline or on the media host) and announces one sync to one companion. */
    private Optional<Sent> send(Account account, Jid device, HistorySync sync) {
        try {
            byte[] packed = deflate(sync.toByteArray());
            Message.HistorySyncNotification.Builder notification = Message.HistorySyncNotification.newBuilder()
                    .setSyncType(sync.getSyncType()).setChunkOrder(sync.getChunkOrder())
                    .setProgress(sync.getProgress());
            boolean inline = packed.length <= INLINE_MAX;
            if (inline) {
                notification.setInitialHistBootstrapInlinePayload(ByteString.copyFrom(packed));
            } else {
                UploadedMedia uploaded = network.media().upload(MediaType.HISTORY, packed);
                notification.setDirectPath(uploaded.directPath()).setMediaKey(ByteString.copyFrom(uploaded.mediaKey()))
                        .setFileSha256(ByteString.copyFrom(uploaded.fileSha256()))
                        .setFileEncSha256(ByteString.copyFrom(uploaded.fileEncSha256()))
                        .setFileLength(uploaded.fileLength());
            }
            Message message = Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                    .setType(Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION)
                    .setHistorySyncNotification(notification)).build();
            String id = account.phone().sendToCompanion(device, message, network, newMessageId());
            Sent record = new Sent(id, device.toString(), sync.getSyncType().name(), inline, packed.length);
            sent.computeIfAbsent(account.jid().user(), p -> new CopyOnWriteArrayList<>()).add(record);
            log.debug("phone {} sent history sync {} ({}, {} bytes, {}) to {}", account.jid().user(), id,
                    sync.getSyncType(), packed.length, inline ? "inline" : "media blob", device);
            return Optional.of(record);
        } catch (Exception e) {
            log.warn("phone {} could not send its history to {}: {}", account.jid().user(), device, e.getMessage());
            return Optional.empty();
        }
    }

    private String newMessageId() {
        return SimulatedPhone.newMessageId(random);
    }

    private static byte[] deflate(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(out)) {
            zlib.write(raw);
        }
        return out.toByteArray();
    }
}
