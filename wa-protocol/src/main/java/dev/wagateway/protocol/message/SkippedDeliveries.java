package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.store.WaitingDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Fan-out isolation (issue 22): the recipient devices a send left out because it could not encrypt for them (no
 * session, and the server answered their pre-key fetch with an error or an unusable bundle, as whatsmeow's
 * {@code encryptMessageForDevices} skips them), tried again in the background per device with a bounded back-off
 * until the server has keys for them; then each waiting message goes to the device pairwise (a group message with our
 * sender key in it, so the device reads the later ones too). Whatsmeow and Baileys leave recovery to the device's
 * retry receipt, which a device only sends for something it received: a 1:1 device left out gets nothing at all, and
 * a phone may never ask.
 *
 * <p>Exactly once: the device may also ask with a retry receipt (a group's {@code skmsg} reached it without our
 * key). Whichever path takes a message first owns it: a message taken by the background is not answered again for
 * a first retry receipt (one that may have been sent before our delivery arrived), and a message a retry receipt
 * answered leaves the background's list.
 *
 * <p>Bounded: at most {@link #MAX_DEVICES} devices and {@link #MAX_PER_DEVICE} messages each wait (the oldest
 * message is dropped first; a device over the limit is not retried and only reported), a device is given up after
 * the policy's attempts (counted only while logged in).
 *
 * <p>Durable: every waiting message is kept with its content in the device store ({@link WaitingDeliveries}) until it
 * is delivered, answered by a retry receipt, dropped for the bound or given up, so a restarted client picks the lists
 * up again ({@link #restore}) with a fresh count of attempts; entries older than {@link #MAX_AGE} are dropped then. A
 * crash between a delivery's server ack and its removal from the store delivers that message once more after the
 * restart (the device drops a message id it holds). Owner of the waiting lists: this object, under its lock; the
 * store mirrors them.
 */
final class SkippedDeliveries {

    private static final Logger log = LoggerFactory.getLogger(SkippedDeliveries.class);
    /** Devices waiting at once, per client. */
    static final int MAX_DEVICES = 256;
    /** Messages waiting per device, oldest dropped first. */
    static final int MAX_PER_DEVICE = 32;
    /** Messages the background took (in flight or delivered), remembered for the retry-receipt rule. */
    private static final int TAKEN_MEMORY = 1024;
    /** A kept message older than this when the client starts is no longer retried. */
    static final Duration MAX_AGE = Duration.ofDays(1);

    /** Sends waiting messages to a device; answers the ids it delivered (none when the server still has no keys). */
    @FunctionalInterface
    interface Delivery {
        List<String> deliver(Jid device, List<Pending> messages);
    }

    /** A message waiting for a device: its id, the chat it went to, the message as sent and since when. */
    record Pending(String id, Jid chat, Message message, Instant since) {
    }

    /** A message a retry receipt is answering, and the device it is kept in the store for. */
    private record Answering(Jid keptFor, Pending pending) {
    }

    /** One device's waiting messages (by id, oldest first) and its back-off. */
    private static final class Waiting {
        final Jid device;
        final Map<String, Pending> messages = new LinkedHashMap<>();
        int attempts;
        ScheduledFuture<?> timer;
        boolean running;

        Waiting(Jid device) {
            this.device = device;
        }
    }

    private final DeliveryRetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier loggedIn;
    private final Function<Jid, SignalAddress> addresses;
    private final WaitingDeliveries store;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<SignalAddress, Waiting> waiting = new LinkedHashMap<>();
    /** Messages a retry receipt took off a list (with the device they are kept for), until its answer is known. */
    private final Map<String, Answering> answering = new HashMap<>();
    private final Set<String> taken = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > TAKEN_MEMORY;
        }
    });
    private Delivery delivery = (device, ids) -> List.of();
    private boolean closed;

    /**
     * @param addresses where a device's Signal state is kept (its LID address when known): a retry receipt may name
     *                  the device by number where the send named it by LID
     * @param store     where the waiting messages are kept across restarts
     */
    SkippedDeliveries(DeliveryRetryPolicy policy, ScheduledExecutorService scheduler, BooleanSupplier loggedIn,
                      Function<Jid, SignalAddress> addresses, WaitingDeliveries store, Clock clock) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.loggedIn = loggedIn;
        this.addresses = addresses;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Takes up the messages the store kept (a restart): each waits again, with a fresh count of attempts; those older
     * than {@link #MAX_AGE}, unreadable, or over the bounds are dropped from the store. Returns how many wait.
     */
    int restore() {
        List<WaitingDeliveries.Entry> kept;
        try {
            kept = store.all();
        } catch (RuntimeException e) {
            log.warn("cannot read the deliveries waiting for devices' keys: {}", e.getMessage());
            return 0;
        }
        Instant oldest = clock.instant().minus(MAX_AGE);
        int restored = 0;
        for (WaitingDeliveries.Entry entry : kept) {
            Message message;
            try {
                message = Message.parseFrom(entry.message());
            } catch (InvalidProtocolBufferException e) {
                message = null;
            }
            if (message == null || entry.since().isBefore(oldest)) {
                log.info("message {} for {} is no longer retried ({})", entry.id(), entry.device(),
                        message == null ? "unreadable" : "left out since " + entry.since());
                forgetQuietly(entry.device(), entry.id());
                continue;
            }
            if (enqueue(entry.device(), new Pending(entry.id(), entry.chat(), message, entry.since()), false)) {
                restored++;
            }
        }
        if (restored > 0) {
            log.info("{} message(s) kept from before the restart wait for their devices' keys", restored);
        }
        return restored;
    }

    /** What sends the waiting messages (the sender, made after this). */
    void deliverWith(Delivery delivery) {
        this.delivery = delivery;
    }

    /** A send left {@code devices} out of message {@code id} (to {@code chat}): each waits for its keys. */
    void skipped(List<Jid> devices, String id, Jid chat, Message message) {
        Pending pending = new Pending(id, chat, message, clock.instant());
        for (Jid device : devices) {
            enqueue(device, pending, true);
        }
    }

    /** {@code pending} waits for {@code device}; kept in the store when {@code keep}. False when not taken. */
    private boolean enqueue(Jid device, Pending pending, boolean keep) {
        SignalAddress address = addresses.apply(device);
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Waiting entry = waiting.get(address);
            if (entry == null) {
                if (waiting.size() >= MAX_DEVICES) {
                    log.warn("{} devices already wait for keys: {} is not retried for {}", MAX_DEVICES, device,
                            pending.id());
                    if (!keep) {
                        forgetQuietly(device, pending.id());
                    }
                    return false;
                }
                entry = new Waiting(device);
                waiting.put(address, entry);
            }
            entry.messages.put(pending.id(), pending);
            if (keep) {
                keepQuietly(entry.device, pending);
            }
            if (entry.messages.size() > MAX_PER_DEVICE) {
                Iterator<String> oldest = entry.messages.keySet().iterator();
                String dropped = oldest.next();
                log.warn("{} has {} messages waiting for its keys: the oldest, {}, is no longer retried", device,
                        MAX_PER_DEVICE, dropped);
                oldest.remove();
                forgetQuietly(entry.device, dropped);
            }
            if (entry.timer == null && !entry.running) {
                schedule(address, entry);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A retry receipt for message {@code id} from {@code device}, its {@code count}-th: false when it must not be
     * answered, because the background took that message already and this is a first retry (the device may have
     * sent it for the group's {@code skmsg} before our pairwise delivery reached it: answering would show the
     * message twice). Otherwise the message leaves the background's list, the retry receipt answers it.
     */
    RetryAnswer answerRetry(Jid device, String id, int count) {
        SignalAddress address = addresses.apply(device);
        lock.lock();
        try {
            if (count <= 1 && taken.contains(key(address, id))) {
                return RetryAnswer.SKIP;
            }
            Waiting entry = waiting.get(address);
            Pending pending = entry == null ? null : entry.messages.remove(id);
            if (pending == null) {
                return RetryAnswer.ANSWER;
            }
            answering.put(key(address, id), new Answering(entry.device, pending));
            if (entry.messages.isEmpty() && !entry.running) {
                cancel(address, entry);
            }
            return RetryAnswer.ANSWER_WAITING;
        } finally {
            lock.unlock();
        }
    }

    /** A retry receipt that took message {@code id} from the list answered it: the store forgets it. */
    void retryAnswered(Jid device, String id) {
        SignalAddress address = addresses.apply(device);
        lock.lock();
        try {
            Answering answered = answering.remove(key(address, id));
            if (answered != null) {
                forgetQuietly(answered.keptFor(), id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A retry receipt that took message {@code id} from the list could not be answered: it waits again. */
    void retryUnanswered(Jid device, String id) {
        Answering unanswered;
        lock.lock();
        try {
            unanswered = answering.remove(key(addresses.apply(device), id));
        } finally {
            lock.unlock();
        }
        if (unanswered != null) {
            enqueue(unanswered.keptFor(), unanswered.pending(), false);
        }
    }

    /** What to do with a retry receipt ({@link #answerRetry}). */
    enum RetryAnswer {
        /** Not answered: the background delivered (or is delivering) that message to the device. */
        SKIP,
        /** Answered as any retry receipt. */
        ANSWER,
        /** Answered, and the message left the background's list ({@link #retryUnanswered} if that fails). */
        ANSWER_WAITING
    }

    /** How many devices wait for their keys (for tests and the status of a client). */
    int waitingDevices() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops every timer and drops the lists from memory (the client closed); the store keeps them for a restart. */
    void close() {
        lock.lock();
        try {
            closed = true;
            waiting.values().forEach(entry -> {
                if (entry.timer != null) {
                    entry.timer.cancel(false);
                }
            });
            waiting.clear();
        } finally {
            lock.unlock();
        }
    }

    private void schedule(SignalAddress address, Waiting entry) {
        long delay = policy.delayAfter(entry.attempts).toMillis();
        entry.timer = scheduler.schedule(() -> Thread.ofVirtual().name("wa-skipped-retry")
                .start(() -> attempt(address)), delay, TimeUnit.MILLISECONDS);
    }

    private void cancel(SignalAddress address, Waiting entry) {
        if (entry.timer != null) {
            entry.timer.cancel(false);
        }
        waiting.remove(address);
    }

    private void attempt(SignalAddress address) {
        Waiting entry;
        List<Pending> messages;
        lock.lock();
        try {
            entry = waiting.get(address);
            if (entry == null || closed) {
                return;
            }
            entry.timer = null;
            if (!loggedIn.getAsBoolean()) {
                schedule(address, entry); // an attempt while offline counts for nothing: wait as long again
                return;
            }
            entry.running = true;
            messages = new ArrayList<>(entry.messages.values());
            messages.forEach(pending -> taken.add(key(address, pending.id())));
        } finally {
            lock.unlock();
        }
        List<String> delivered = List.of();
        try {
            delivered = delivery.deliver(entry.device, messages);
        } catch (RuntimeException e) {
            log.info("messages waiting for {} not delivered yet: {}", entry.device, e.getMessage());
        }
        lock.lock();
        try {
            entry.running = false;
            entry.attempts++;
            for (Pending pending : messages) {
                if (delivered.contains(pending.id())) {
                    entry.messages.remove(pending.id());
                    forgetQuietly(entry.device, pending.id());
                } else {
                    taken.remove(key(address, pending.id())); // not ours yet: a retry receipt may still answer it
                }
            }
            if (entry.messages.isEmpty() || closed) {
                cancel(address, entry);
                if (!delivered.isEmpty()) {
                    log.info("{} message(s) delivered to {} once the server had its keys", delivered.size(),
                            entry.device);
                }
            } else if (entry.attempts >= policy.attempts()) {
                log.warn("giving up on {} message(s) for {} after {} attempts: the server has no keys for it",
                        entry.messages.size(), entry.device, entry.attempts);
                cancel(address, entry);
                entry.messages.keySet().forEach(id -> forgetQuietly(entry.device, id));
            } else {
                schedule(address, entry);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keeps a waiting message in the store; a store failure leaves it waiting in memory only (until a restart). */
    private void keepQuietly(Jid device, Pending pending) {
        try {
            store.keep(new WaitingDeliveries.Entry(device, pending.id(), pending.chat(),
                    pending.message().toByteArray(), pending.since()));
        } catch (RuntimeException e) {
            log.warn("cannot keep message {} for {} across a restart: {}", pending.id(), device, e.getMessage());
        }
    }

    private void forgetQuietly(Jid device, String id) {
        try {
            store.forget(device, id);
        } catch (RuntimeException e) {
            log.warn("cannot drop message {} for {} from the waiting deliveries: {}", id, device, e.getMessage());
        }
    }

    private static String key(SignalAddress address, String id) {
        return address.name() + "." + address.deviceId() + "|" + id;
    }
}
