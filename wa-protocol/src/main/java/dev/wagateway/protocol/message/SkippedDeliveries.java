package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.signal.SignalAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * the policy's attempts, and nothing survives a restart (the recent sends a retry needs are in memory too).
 * Owner of the waiting lists: this object, under its lock.
 */
final class SkippedDeliveries {

    private static final Logger log = LoggerFactory.getLogger(SkippedDeliveries.class);
    /** Devices waiting at once, per client. */
    static final int MAX_DEVICES = 256;
    /** Messages waiting per device, oldest dropped first. */
    static final int MAX_PER_DEVICE = 32;
    /** Messages the background took (in flight or delivered), remembered for the retry-receipt rule. */
    private static final int TAKEN_MEMORY = 1024;

    /** Sends waiting messages to a device; answers the ids it delivered (none when the server still has no keys). */
    @FunctionalInterface
    interface Delivery {
        List<String> deliver(Jid device, List<String> ids);
    }

    /** One device's waiting messages and its back-off. */
    private static final class Waiting {
        final Jid device;
        final Set<String> ids = new LinkedHashSet<>();
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
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<SignalAddress, Waiting> waiting = new LinkedHashMap<>();
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
     */
    SkippedDeliveries(DeliveryRetryPolicy policy, ScheduledExecutorService scheduler, BooleanSupplier loggedIn,
                      Function<Jid, SignalAddress> addresses) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.loggedIn = loggedIn;
        this.addresses = addresses;
    }

    /** What sends the waiting messages (the sender, made after this). */
    void deliverWith(Delivery delivery) {
        this.delivery = delivery;
    }

    /** A send left {@code devices} out of message {@code id}: each waits for its keys. */
    void skipped(List<Jid> devices, String id) {
        for (Jid device : devices) {
            skipped(device, id);
        }
    }

    private void skipped(Jid device, String id) {
        SignalAddress address = addresses.apply(device);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Waiting entry = waiting.get(address);
            if (entry == null) {
                if (waiting.size() >= MAX_DEVICES) {
                    log.warn("{} devices already wait for keys: {} is not retried for {}", MAX_DEVICES, device, id);
                    return;
                }
                entry = new Waiting(device);
                waiting.put(address, entry);
            }
            entry.ids.add(id);
            if (entry.ids.size() > MAX_PER_DEVICE) {
                Iterator<String> oldest = entry.ids.iterator();
                log.warn("{} has {} messages waiting for its keys: the oldest, {}, is no longer retried", device,
                        MAX_PER_DEVICE, oldest.next());
                oldest.remove();
            }
            if (entry.timer == null && !entry.running) {
                schedule(address, entry);
            }
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
            if (entry == null || !entry.ids.remove(id)) {
                return RetryAnswer.ANSWER;
            }
            if (entry.ids.isEmpty() && !entry.running) {
                cancel(address, entry);
            }
            return RetryAnswer.ANSWER_WAITING;
        } finally {
            lock.unlock();
        }
    }

    /** A retry receipt that took message {@code id} from the list could not be answered: it waits again. */
    void retryUnanswered(Jid device, String id) {
        skipped(device, id);
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

    /** Stops every timer and forgets the lists (the client closed). */
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
        List<String> ids;
        lock.lock();
        try {
            entry = waiting.get(address);
            if (entry == null || closed) {
                return;
            }
            entry.timer = null;
            entry.running = true;
            ids = new ArrayList<>(entry.ids);
            ids.forEach(id -> taken.add(key(address, id)));
        } finally {
            lock.unlock();
        }
        List<String> delivered = List.of();
        try {
            if (loggedIn.getAsBoolean()) {
                delivered = delivery.deliver(entry.device, ids);
            }
        } catch (RuntimeException e) {
            log.info("messages waiting for {} not delivered yet: {}", entry.device, e.getMessage());
        }
        lock.lock();
        try {
            entry.running = false;
            entry.attempts++;
            for (String id : ids) {
                if (delivered.contains(id)) {
                    entry.ids.remove(id);
                } else {
                    taken.remove(key(address, id)); // not ours yet: a retry receipt may still answer it
                }
            }
            if (entry.ids.isEmpty() || closed) {
                cancel(address, entry);
                if (!delivered.isEmpty()) {
                    log.info("{} message(s) delivered to {} once the server had its keys", delivered.size(),
                            entry.device);
                }
            } else if (entry.attempts >= policy.attempts()) {
                log.warn("giving up on {} message(s) for {} after {} attempts: the server has no keys for it",
                        entry.ids.size(), entry.device, entry.attempts);
                cancel(address, entry);
            } else {
                schedule(address, entry);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String key(SignalAddress address, String id) {
        return address.name() + "." + address.deviceId() + "|" + id;
    }
}
