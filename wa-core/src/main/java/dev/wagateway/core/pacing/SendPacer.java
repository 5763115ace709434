package dev.wagateway.core.pacing;

import dev.wagateway.core.error.OverloadedException;
import dev.wagateway.core.error.RateLimitedException;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Every device's send queue (api.md §4.7): a send {@link #enter enters} its device's line, {@link Turn#await waits}
 * its turn and a token when pacing is on (it waits, it is never refused for the rate), goes out, and
 * {@link Turn#close leaves}. A full line refuses with a 429, and a send over the gateway's cap across all lines
 * ({@link SendAdmission}) with a 503: memory stays bounded however many requests come, for one device or for all.
 */
public final class SendPacer {

    private final SendPacing pacing;
    private final SendAdmission admission;
    private final LongSupplier nanoTime;
    private final Map<UUID, SendLane> lanes = new ConcurrentHashMap<>();

    /**
     * @param admission the cap on sends waiting or going out across all devices
     * @param nanoTime  the monotonic clock the token buckets refill by ({@code System::nanoTime})
     */
    public SendPacer(SendPacing pacing, SendAdmission admission, LongSupplier nanoTime) {
        this.pacing = pacing;
        this.admission = admission;
        this.nanoTime = nanoTime;
    }

    /** Lines without a cap across devices (tests of one device's line). */
    public SendPacer(SendPacing pacing, LongSupplier nanoTime) {
        this(pacing, new SendAdmission(Integer.MAX_VALUE), nanoTime);
    }

    /** The settings in effect. */
    public SendPacing pacing() {
        return pacing;
    }

    /**
     * Takes a place in the gateway's cap and the device's line; the caller must {@link Turn#close} it whatever
     * happens.
     *
     * @throws OverloadedException  the gateway has {@link SendAdmission#capacity()} sends waiting or going out
     * @throws RateLimitedException the device already has {@code queueCapacity} sends waiting or going out
     */
    public Turn enter(UUID deviceId) {
        SendAdmission.Place place = admission.admit();
        try {
            SendLane lane = lane(deviceId);
            return new Turn(lane, lane.enter(), place);
        } catch (RuntimeException e) {
            place.close();
            throw e;
        }
    }

    /** The cap across all devices. */
    public SendAdmission admission() {
        return admission;
    }

    /** The device's queue now (an empty one for a device that never sent). */
    public QueueDepth depth(UUID deviceId) {
        return lane(deviceId).depth();
    }

    private SendLane lane(UUID deviceId) {
        return lanes.computeIfAbsent(deviceId, id -> new SendLane(pacing,
                new TokenBucket(pacing.burst(), pacing.interval().toNanos(), nanoTime)));
    }

    /** A send's place in its device's line. */
    public static final class Turn implements AutoCloseable {

        private final SendLane lane;
        private final long ticket;
        private final SendAdmission.Place place;

        private Turn(SendLane lane, long ticket, SendAdmission.Place place) {
            this.lane = lane;
            this.ticket = ticket;
            this.place = place;
        }

        /** Waits until this send may go out: first in line and a token taken (at once when pacing is off). */
        public void await() throws InterruptedException {
            lane.awaitTurn(ticket);
        }

        /**
         * Before the send goes out: with pacing off, a send that spent longer than the gateway's longest wait in it
         * is given up ({@link SendAdmission.Place#requireNotOverdue}); with pacing on, waiting is what the caller
         * asked for.
         *
         * @throws OverloadedException the send is overdue; nothing was sent
         */
        public void requireNotOverdue() {
            if (!lane.paced()) {
                place.requireNotOverdue();
            }
        }

        /** Leaves the line. */
        @Override
        public void close() {
            try {
                lane.leave(ticket);
            } finally {
                place.close();
            }
        }
    }
}
