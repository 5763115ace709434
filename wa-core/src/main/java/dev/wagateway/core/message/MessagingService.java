package dev.wagateway.core.message;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.address.ChatTarget;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.pacing.ReachOutGuard;
import dev.wagateway.core.pacing.SendPacer;
import dev.wagateway.core.quota.SendQuota;
import dev.wagateway.core.presence.DisappearingTimers;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.store.StoreFencedException;
import dev.wagateway.protocol.message.SendResult;
import dev.wagateway.protocol.presence.ChatState;
import dev.wagateway.protocol.receipt.ReceiptKind;
import dev.wagateway.protocol.user.PrivacySetting;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Sending text and reading stored chats (api.md rows 32–33). A send returns only after the server acknowledged the
 * message, never before. The message is stored before it goes out ({@code pending}) and marked {@code sent} at the
 * ack, so receipts that overtake the ack are never lost; a send refused or never sent is marked {@code failed}, one
 * that timed out stays pending (WhatsApp may have it, and its receipts still move it on). A send produces no webhook event (api.md §7.9: there is no
 * {@code message.sent}); its receipts do.
 */
public final class MessagingService {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);
    /** When a send refused by a take-over may find the device on its new node: about one lease round. */
    private static final long HAND_OVER_RETRY_SECONDS = 2;

    private final DeviceCalls calls;
    private final MessageRepository messages;
    private final OutgoingMessageLog sendLog;
    private final RegistrationLookup registrations;
    private final SendSimulation simulation;
    private final RandomGenerator random;
    private final Clock clock;
    private final SendMeter meter;
    private final DisappearingTimers timers;
    private final SendPacer pacer;
    private final SendQuota quota;
    private final ReachOutGuard reachOut;

    /**
     * @param calls      how devices are reached; its timeout bounds the wait for the server's ack
     * @param outgoing   each send's pending insert and confirmation (group-committed with the receipts)
     * @param simulation the presence and typing shown around each send
     * @param random     the typing delays
     * @param meter      told of each send's type, outcome and time to the server's ack
     * @param timers     the chats' disappearing timers, whose expiration each message carries
     * @param pacer      each device's send queue and token bucket (api.md §4.7)
     * @param quota      the customers' hourly send quotas
     * @param reachOut   the new-contact cap and the timelock after a 463
     */
    public MessagingService(DeviceCalls calls, MessageRepository messages, OutgoingMessageLog outgoing,
                            RegistrationLookup registrations,
                            SendSimulation simulation, RandomGenerator random, Clock clock, SendMeter meter,
                            DisappearingTimers timers, SendPacer pacer, SendQuota quota, ReachOutGuard reachOut) {
        this.reachOut = reachOut;
        this.timers = timers;
        this.pacer = pacer;
        this.quota = quota;
        this.calls = calls;
        this.messages = messages;
        this.sendLog = outgoing;
        this.registrations = registrations;
        this.simulation = simulation;
        this.random = random;
        this.clock = clock;
        this.meter = meter;
    }

    /**
     * Sends {@code text} to {@code target} (a phone number, user JID, or group) from the device.
     *
     * @throws InvalidRequestException  blank text, malformed JID or phone number
     * @throws dev.wagateway.core.error.SessionUnavailableException the device is not logged in and connected
     * @throws WhatsAppFailureException unregistered number, refusal or timeout from the server
     */
    public SentMessage sendText(UUID deviceId, String target, String text) {
        return sendText(deviceId, target, text, Optional.empty(), Optional.empty());
    }

    /**
     * {@link #sendText(UUID, String, String)} with the request's own {@code typing_simulation} and
     * {@code presence_simulation} choices, which override the configured ones when present.
     */
    public SentMessage sendText(UUID deviceId, String target, String text, Optional<Boolean> typing,
                                Optional<Boolean> presence) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("text is required");
        }
        return sendMessage(deviceId, target, Message.newBuilder().setConversation(text).build(), typing, presence);
    }

    /**
     * Sends any content ({@code message}: a media message, a location, a contact card, a poll...) to {@code target}
     * as {@link #sendText} sends a text: stored pending first, marked sent at the server's ack, failed when surely
     * never delivered, inside the configured (or the request's) presence and typing simulation.
     *
     * @throws InvalidRequestException  malformed JID or phone number
     * @throws WhatsAppFailureException unregistered number, refusal or timeout from the server
     */
    public SentMessage sendMessage(UUID deviceId, String target, Message message, Optional<Boolean> typing,
                                   Optional<Boolean> presence) {
        return sendMessage(deviceId, target, message, typing, presence, pending -> { });
    }

    /**
     * As {@link #sendMessage(UUID, String, Message, Optional, Optional)}, telling {@code beforeSend} the message
     * once it is stored pending and before it goes out (a poll keeps its secret there: a vote may follow at once).
     */
    public SentMessage sendMessage(UUID deviceId, String target, Message message, Optional<Boolean> typing,
                                   Optional<Boolean> presence, Consumer<StoredMessage> beforeSend) {
        if (target == null || target.isBlank()) {
            throw new InvalidRequestException("chat_jid is required");
        }
        ChatTarget parsed = ChatAddress.parse(target);
        ContentSummary content = ContentSummary.of(message);
        // R1's check is an IQ to WhatsApp: it is asked once the send has its place in the gateway's cap, so a send
        // refused under overload costs no round trip (docs/benchmarks.md, branch dev1000)
        return send(deviceId, () -> resolve(deviceId, parsed), message,
                new Draft(content.type(), content.text(), content.quotedMessageId()),
                typing.orElse(simulation.typing()), presence.orElse(simulation.presence()), beforeSend);
    }

    /** R1: a group as is, a number or user JID checked with WhatsApp (api.md §4.3). */
    Jid resolve(UUID deviceId, String target) {
        return resolve(deviceId, ChatAddress.parse(target));
    }

    private Jid resolve(UUID deviceId, ChatTarget parsed) {
        calls.client(deviceId);
        return ChatAddress.resolve(parsed, phone -> registrations.lookup(deviceId, phone));
    }

    /**
     * How an outgoing message is stored: its type, text and the id of the message it quotes or acts on.
     */
    record Draft(String type, Optional<String> text, Optional<String> target) {
    }

    /**
     * Sends {@code message} to {@code chat}, stored as {@code draft} (with the caption and file facts of a media
     * message) before it goes out and confirmed at the server's ack, inside the §4.7 indicators when
     * {@code typing}/{@code presence} say so.
     */
    SentMessage send(UUID deviceId, Jid chat, Message message, Draft draft, boolean typing, boolean presence) {
        return send(deviceId, () -> chat, message, draft, typing, presence, pending -> { });
    }

    /** {@code chat} is resolved once the send holds its place ({@link #sendMessage}). */
    private SentMessage send(UUID deviceId, Supplier<Jid> chatOnceAdmitted, Message message, Draft draft,
                             boolean typing, boolean presence, Consumer<StoredMessage> beforeSend) {
        WaClient client = calls.client(deviceId);
        // the place in the device's line is taken first: its order is the order sends go out in, and a send refused
        // there (a full line, the gateway's cap) has done nothing yet
        try (SendPacer.Turn turn = pacer.enter(deviceId)) {
            Jid chat = chatOnceAdmitted.get();
            quota.admit(deviceId);
            // whether the chat is new costs a query per send: asked only when the answer can refuse the send
            if (chat.isUser() && reachOut.guards(deviceId) && messages.page(deviceId, chat.toString(),
                    new ChatPageRequest(1, Optional.empty(), Optional.empty())).isEmpty()) {
                reachOut.admitNewContact(deviceId); // a person this device never exchanged a message with
            }
            return send(deviceId, client, chat, message, draft, typing, presence, beforeSend, turn);
        }
    }

    private SentMessage send(UUID deviceId, WaClient client, Jid chat, Message message, Draft draft, boolean typing,
                             boolean presence, Consumer<StoredMessage> beforeSend, SendPacer.Turn turn) {
        Message outgoing = timers.apply(deviceId, chat, message);
        String own = client.jid().map(Jid::toNonAd).map(Jid::toString).orElse("");
        String id;
        try {
            id = client.messages().newMessageId();
        } catch (RuntimeException e) {
            throw handOverIfFenced(DeviceCalls.failure("send message", e));
        }
        // Stored before it goes out: the recipient's delivery receipt can arrive (on the event lane) before the
        // server's ack reaches this thread, and must find the row to move forward. Its time is in whole seconds, as
        // the server's ack stamps it: an ack within the same second then leaves the indexed sent_at unchanged and
        // its update is a HOT one (docs/benchmarks.md, branch pgcost); every store path keeps the same value.
        ContentSummary content = ContentSummary.of(message);
        StoredMessage pending = new StoredMessage(deviceId, chat.toString(), own, id, true,
                MessageDirection.OUTGOING, draft.type(), draft.text(), content.caption(), content.media(),
                draft.target(), "", clock.instant().truncatedTo(ChronoUnit.SECONDS), MessageStatus.PENDING);
        // Its commit runs while the message is encrypted (and its ratchet steps committed): the send waits for it
        // only just before the stanza is written (docs/benchmarks.md, branch sat10).
        PendingRow row = new PendingRow(sendLog.insertPending(pending), pending, beforeSend);
        SendResult result;
        long[] handedOver = new long[1];
        try {
            awaitTurn(turn);
            turn.requireNotOverdue();
            result = withSimulation(deviceId, chat, typing, presence, () -> {
                if (!typing) {
                    turn.requireNotOverdue(); // the typing delay is a wait the caller chose
                }
                handedOver[0] = System.nanoTime();
                return calls.call(deviceId, "send message", c -> c.messages().send(chat, outgoing, id,
                        row::awaitBeforeItLeaves));
            });
        } catch (GatewayException thrown) {
            // a row that was not stored (or a poll not kept) stopped the send before anything left: its own error,
            // as when the row was written first
            Optional<RuntimeException> notStored = row.notStored();
            if (notStored.isPresent()) {
                throw notStored.get();
            }
            GatewayException e = handOverIfFenced(thrown);
            // Failed only when it surely never reached WhatsApp (not sent, or refused); after a timeout or a lost
            // connection it may have been delivered, so it stays pending for its receipts to move on.
            if (e.getCause() instanceof MessageRejectedException rejected) {
                reachOut.refused(deviceId, client.jid().map(Jid::user).orElse(""), chat.toString(), id,
                        rejected.code());
            }
            if (!(e instanceof WhatsAppFailureException failure && failure.mayHaveHappened())) {
                messages.markFailed(deviceId, chat.toString(), id);
                measure(draft.type(), SendMeter.Outcome.FAILED, handedOver[0]);
                log.info("device {}: message {} to {} failed: {}", deviceId, id, chat, e.getMessage());
            } else {
                measure(draft.type(), SendMeter.Outcome.UNCONFIRMED, handedOver[0]);
                log.info("device {}: message {} to {} unconfirmed: {}", deviceId, id, chat, e.getMessage());
                // an error that reads as "not sent" would be a lie: the caller must know it may arrive, and by
                // which id its receipts and the chat's stored messages will show it
                throw new WhatsAppFailureException(e.getMessage() + "; the outcome is unknown: message " + id
                        + " may still be delivered (stored as pending; its receipts will tell)", e, true);
            }
            throw e;
        }
        measure(draft.type(), SendMeter.Outcome.SENT, handedOver[0]);
        confirm(deviceId, chat, id, result);
        if (result.skippedDevices().isEmpty()) {
            log.info("device {}: {} {} sent to {}", deviceId, draft.type(), id, chat);
        } else {
            log.info("device {}: {} {} sent to {}, {} device(s) left out for now (no keys at WhatsApp): {}", deviceId,
                    draft.type(), id, chat, result.skippedDevices().size(), result.skippedDevices());
        }
        return new SentMessage(result.id(), chat.toString(), result.serverTimestamp(),
                result.skippedDevices().stream().map(Jid::toString).toList());
    }

    /**
     * Marks the message sent. WhatsApp has it already: if the mark cannot be stored (the database pool exhausted
     * under overload), an error now would tell the caller "not sent" of a delivered message, and a retry would send
     * it twice. The row stays pending instead (committed before the send), and the message's receipts move it on.
     */
    private void confirm(UUID deviceId, Jid chat, String id, SendResult result) {
        try {
            sendLog.confirmSent(deviceId, chat.toString(), id, result.serverTimestamp());
        } catch (RuntimeException e) {
            log.warn("device {}: message {} to {} was sent but its sent mark was not stored (it stays pending until"
                    + " a receipt): {}", deviceId, id, chat, e.toString());
        }
    }

    /**
     * A send the device's store refused because another node took the device over (its lease's epoch moved on):
     * the fence is met at the ratchet step, before the frame is written, and the sender keeps a fence met after the
     * server's ack to itself, so nothing went out. A hand-over then (503, Retry-After): the same request reaches the
     * new holder once the route follows, rather than a 500 that reads as "may have been sent".
     */
    private static GatewayException handOverIfFenced(GatewayException e) {
        if (e.getCause() instanceof StoreFencedException fenced) {
            return new HandOverException("failed to send message: the device moved to another gateway node; "
                    + "try again (" + fenced.getMessage() + ")", HAND_OVER_RETRY_SECONDS);
        }
        return e;
    }

    /**
     * Sends a read receipt for {@code messageId} (api.md row 38): {@code chat} and {@code sender} (the author; in a
     * 1:1 chat the other person) are resolved without asking WhatsApp. When the account's read-receipts privacy is
     * {@code none} the receipt is a {@code read-self} (protocol §7.5): our other devices learn it, the sender does
     * not. The setting is asked each time (the phone can change it at any moment, and the client does not follow
     * {@code account_sync} notifications yet).
     *
     * @throws InvalidRequestException a chat or sender that is not a JID or phone number
     */
    public void markRead(UUID deviceId, String chat, String sender, String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new InvalidRequestException("message_id is required");
        }
        Jid chatJid = ChatAddress.resolveStored(chat)
                .orElseThrow(() -> new InvalidRequestException("invalid chat_jid: " + chat));
        Jid senderJid = ChatAddress.resolveStored(sender)
                .orElseThrow(() -> new InvalidRequestException("invalid sender_jid: " + sender));
        boolean receiptsOff = "none".equals(calls.call(deviceId, "read the privacy settings",
                client -> client.users().privacy()).get(PrivacySetting.READ_RECEIPTS));
        ReceiptKind kind = receiptsOff ? ReceiptKind.READ_SELF : ReceiptKind.READ;
        calls.send(deviceId, "mark the message read",
                client -> client.receipts().mark(kind, chatJid, senderJid, List.of(messageId.strip())));
    }

    /** One page of the device's stored messages of {@code target}, newest first. */
    public ChatPage chat(UUID deviceId, String target, ChatPageRequest request) {
        Optional<Jid> chat = ChatAddress.resolveStored(target);
        if (chat.isEmpty()) {
            return new ChatPage("", request, List.of());
        }
        return new ChatPage(chat.get().toString(), request, messages.page(deviceId, chat.get().toString(), request));
    }

    /** Waits for the send's turn in its device's line (and a token, with pacing on). */
    private static void awaitTurn(SendPacer.Turn turn) {
        try {
            turn.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhatsAppFailureException("interrupted while waiting in the send queue", e);
        }
    }

    /** Tells the meter; a send that never reached the device (not connected) took no time. */
    private void measure(String type, SendMeter.Outcome outcome, long handedOverNanos) {
        Duration took = handedOverNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - handedOverNanos);
        meter.sent(type, outcome, took);
    }

    /** Runs {@code send} inside the presence and typing indicators of api.md §4.7. */
    private <T> T withSimulation(UUID deviceId, Jid chat, boolean typing, boolean presence, Supplier<T> send) {
        try {
            if (presence) {
                calls.send(deviceId, "show presence", client -> client.presence().send(true));
            }
            if (typing) {
                calls.send(deviceId, "show typing", client -> client.presence().sendChatState(chat,
                        ChatState.COMPOSING));
                Thread.sleep(simulation.typingDelay(random));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhatsAppFailureException("interrupted", e);
        } catch (GatewayException e) {
            // the send below fails with the precise reason
        }
        try {
            return send.get();
        } finally {
            try {
                if (typing) {
                    calls.send(deviceId, "stop typing", client -> client.presence().sendChatState(chat,
                            ChatState.PAUSED));
                }
                if (presence) {
                    calls.send(deviceId, "hide presence", client -> client.presence().send(false));
                }
            } catch (GatewayException e) {
                // nothing to tidy on a closed connection
            }
        }
    }
}
