package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.PairedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Asking our own phone for messages this device could not read (issue 14, finding 6; whatsmeow
 * {@code immediateRequestMessageFromPhone}/{@code delayedRequestMessageFromPhone}, Baileys
 * {@code requestPlaceholderResend}): an {@code <unavailable>} placeholder is asked for at once, a message that failed
 * to decrypt {@link #DELAY} after its first retry receipt unless the sender's resend decrypted meanwhile. Each message
 * id is asked for at most once. The phone's answer (a {@code PEER_DATA_OPERATION_REQUEST_RESPONSE_MESSAGE}) is
 * emitted as the messages it carries, as if they had arrived normally; listeners drop an id they already hold.
 */
final class PlaceholderResends implements OwnProtocolMessages {

    private static final Logger log = LoggerFactory.getLogger(PlaceholderResends.class);

    /** whatsmeow's {@code RequestFromPhoneDelay}: time for the sender to answer our retry receipt first. */
    static final Duration DELAY = Duration.ofSeconds(5);
    private static final int REMEMBERED = 2048;

    private final ClientContext context;
    private final Function<Message, CompletableFuture<SendResult>> sendPeer;
    private final LidAddressing addressing;
    private final ReentrantLock lock = new ReentrantLock();
    /** Message ids asked for (or waiting to be), with the pending timer of a delayed request; owner: {@link #lock}. */
    private final Map<String, Optional<Future<?>>> asked = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Future<?>>> eldest) {
            return size() > REMEMBERED;
        }
    };

    PlaceholderResends(ClientContext context, Function<Message, CompletableFuture<SendResult>> sendPeer,
                       LidAddressing addressing) {
        this.context = context;
        this.sendPeer = sendPeer;
        this.addressing = addressing;
    }

    /** Asks the phone for message {@code id} now (an {@code <unavailable>} placeholder), unless asked before. */
    void requestNow(Jid chat, Jid sender, String id) {
        lock.lock();
        try {
            if (asked.containsKey(id)) {
                return;
            }
            asked.put(id, Optional.empty());
        } finally {
            lock.unlock();
        }
        send(chat, sender, id);
    }

    /**
     * Asks the phone for message {@code id} after {@link #DELAY}, unless {@link #decrypted} is called for it first or
     * it was asked for before.
     */
    void requestLater(Jid chat, Jid sender, String id) {
        lock.lock();
        try {
            if (asked.containsKey(id)) {
                return;
            }
            asked.put(id, Optional.of(context.scheduler().schedule(() -> fire(chat, sender, id), DELAY.toMillis(),
                    TimeUnit.MILLISECONDS)));
        } finally {
            lock.unlock();
        }
    }

    /** Message {@code id} decrypted after all (the sender's resend): a delayed request for it is not sent. */
    void decrypted(String id) {
        lock.lock();
        try {
            Optional<Future<?>> pending = asked.get(id);
            if (pending != null && pending.isPresent()) {
                pending.get().cancel(false);
                asked.put(id, Optional.empty());
            }
        } finally {
            lock.unlock();
        }
    }

    private void fire(Jid chat, Jid sender, String id) {
        lock.lock();
        try {
            Optional<Future<?>> pending = asked.get(id);
            if (pending == null || pending.isEmpty() || pending.get().isCancelled()) {
                return; // decrypted meanwhile
            }
            asked.put(id, Optional.empty());
        } finally {
            lock.unlock();
        }
        send(chat, sender, id);
    }

    private void send(Jid chat, Jid sender, String id) {
        Optional<PairedDevice> me = context.store().pairedDevice();
        if (me.isEmpty() || !context.loggedIn().getAsBoolean()) {
            return;
        }
        boolean fromMe = sender.user().equals(me.get().jid().user())
                || me.get().lidJid().map(lid -> lid.user().equals(sender.user())).orElse(false);
        sendPeer.apply(PlaceholderResendStanzas.request(chat, sender, id, fromMe)).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("could not ask our phone for message {}: {}", id, error.getMessage());
            } else {
                log.info("asked our phone for message {} in {} (request {})", id, chat, result.id());
            }
        });
    }

    @Override
    public Optional<CompletableFuture<Void>> handle(String messageId, Jid sender, Message.ProtocolMessage message) {
        if (!PlaceholderResendStanzas.isResponse(message)) {
            return Optional.empty();
        }
        if (sender.device() != 0) {
            return Optional.of(CompletableFuture.completedFuture(null)); // only our phone answers these
        }
        Jid ownUser = context.store().pairedDevice().map(PairedDevice::jid).map(Jid::toNonAd).orElse(sender);
        List<PlaceholderResendStanzas.Resent> messages = PlaceholderResendStanzas.messages(
                message.getPeerDataOperationRequestResponseMessage(), ownUser);
        CompletableFuture<?>[] listeners = new CompletableFuture<?>[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            PlaceholderResendStanzas.Resent resent = messages.get(i);
            decrypted(resent.id());
            // the gateway names contacts by phone number whichever addressing the phone's key used
            listeners[i] = context.events().emit(new WaEvent.MessageReceived(resent.id(),
                    resent.chat().isGroup() ? resent.chat() : addressing.phoneDevice(resent.chat()),
                    addressing.phoneDevice(resent.sender()), resent.fromMe(), resent.pushName(), resent.timestamp(),
                    false, resent.message()));
        }
        log.info("our phone sent {} message(s) again (answer to {})", messages.size(),
                message.getPeerDataOperationRequestResponseMessage().getStanzaId());
        return Optional.of(CompletableFuture.allOf(listeners));
    }
}
