package dev.wagateway.core.message;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.address.ChatTarget;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.ChatState;
import dev.wagateway.protocol.client.MessageRejectedException;
import dev.wagateway.protocol.client.NotConnectedException;
import dev.wagateway.protocol.client.SendResult;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.proto.Message;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Sending text and reading stored chats (api.md rows 32–33). A send returns only after the server acknowledged the
 * message, never before. The message is stored before it goes out ({@code pending}) and marked {@code sent} at the
 * ack, so receipts that overtake the ack are never lost; a send refused or never sent removes it, one that timed
 * out stays pending (WhatsApp may have it). A send produces no webhook event (api.md §7.9: there is no
 * {@code message.sent}); its receipts do.
 */
public final class MessagingService {

    private final SessionManager sessions;
    private final MessageRepository messages;
    private final RegistrationLookup registrations;
    private final Duration sendTimeout;
    private final SendSimulation simulation;
    private final RandomGenerator random;
    private final Clock clock;

    /**
     * @param sendTimeout how long to wait for the server's ack (and a registration lookup)
     * @param simulation  the presence and typing shown around each send
     * @param random      the typing delays
     */
    public MessagingService(SessionManager sessions, MessageRepository messages, RegistrationLookup registrations,
                            Duration sendTimeout, SendSimulation simulation, RandomGenerator random, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.registrations = registrations;
        this.sendTimeout = sendTimeout;
        this.simulation = simulation;
        this.random = random;
        this.clock = clock;
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
        if (target == null || target.isBlank()) {
            throw new InvalidRequestException("chat_jid is required");
        }
        ChatTarget parsed = ChatAddress.parse(target);
        WaClient client = sessions.connectedClient(deviceId);
        Jid chat = ChatAddress.resolve(parsed, phone -> registrations.lookup(client, phone));
        String own = client.jid().map(Jid::toNonAd).map(Jid::toString).orElse("");
        String id;
        try {
            id = client.newMessageId();
        } catch (NotConnectedException e) {
            throw new WhatsAppFailureException("failed to send message: " + e.getMessage(), e);
        }
        // Stored before it goes out: the recipient's delivery receipt can arrive (on the event lane) before the
        // server's ack reaches this thread, and must find the row to move forward.
        StoredMessage pending = new StoredMessage(deviceId, chat.toString(), own, id, true,
                MessageDirection.OUTGOING, "text", Optional.of(text), Optional.empty(), Optional.empty(),
                Optional.empty(), "", clock.instant(), MessageStatus.PENDING);
        messages.insertIfAbsent(pending);
        SendResult result;
        try {
            result = withSimulation(client, chat, typing.orElse(simulation.typing()),
                    presence.orElse(simulation.presence()),
                    () -> await(client.send(chat, Message.newBuilder().setConversation(text).build(), id),
                            "send message"));
        } catch (RuntimeException e) {
            // Removed only when it surely never reached WhatsApp (no connection, or refused); after a timeout or a
            // lost connection it may have been delivered, so it stays, pending, for its receipts to move on.
            if (neverSent(e)) {
                messages.deleteUnsent(deviceId, chat.toString(), id);
            }
            throw e;
        }
        messages.confirmSent(deviceId, chat.toString(), id, result.serverTimestamp());
        return new SentMessage(result.id(), chat.toString(), result.serverTimestamp());
    }

    /**
     * Sends a read receipt for {@code messageId} (api.md row 38): {@code chat} and {@code sender} (the author; in a
     * 1:1 chat the other person) are resolved without asking WhatsApp.
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
        WaClient client = sessions.connectedClient(deviceId);
        try {
            client.markRead(chatJid, senderJid, List.of(messageId.strip()));
        } catch (NotConnectedException e) {
            throw new WhatsAppFailureException("failed to mark the message read: " + e.getMessage(), e);
        }
    }

    /** One page of the device's stored messages of {@code target}, newest first. */
    public ChatPage chat(UUID deviceId, String target, ChatPageRequest request) {
        Optional<Jid> chat = ChatAddress.resolveStored(target);
        if (chat.isEmpty()) {
            return new ChatPage("", request, List.of());
        }
        return new ChatPage(chat.get().toString(), request, messages.page(deviceId, chat.get().toString(), request));
    }

    /** Runs {@code send} inside the presence and typing indicators of api.md §4.7. */
    private <T> T withSimulation(WaClient client, Jid chat, boolean typing, boolean presence, Supplier<T> send) {
        try {
            if (presence) {
                client.sendPresence(true);
            }
            if (typing) {
                client.sendChatState(chat, ChatState.COMPOSING);
                Thread.sleep(simulation.typingDelay(random));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhatsAppFailureException("interrupted", e);
        } catch (NotConnectedException e) {
            // the send below fails with the precise reason
        }
        try {
            return send.get();
        } finally {
            try {
                if (typing) {
                    client.sendChatState(chat, ChatState.PAUSED);
                }
                if (presence) {
                    client.sendPresence(false);
                }
            } catch (NotConnectedException e) {
                // nothing to tidy on a closed connection
            }
        }
    }

    private static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NotConnectedException || cause instanceof MessageRejectedException) {
                return true;
            }
        }
        return false;
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new WhatsAppFailureException("failed to " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new WhatsAppFailureException("failed to " + what + ": no answer from WhatsApp within "
                    + sendTimeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhatsAppFailureException("interrupted", e);
        }
    }
}
