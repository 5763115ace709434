package dev.wagateway.core.pacing;

import dev.wagateway.core.error.RateLimitedException;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reach-out protection (issue 22, protocol §6.14): WhatsApp limits how often an account may write to people it has
 * never talked to, and answers a message over that limit with a 463 that retrying only worsens. After a 463 the
 * device is under a timelock for {@link #TIMELOCK}: its sends to new contacts (chats with no stored message) are
 * refused at once, without asking WhatsApp again, and a {@code message.reach_out_refused} event tells the customer.
 * {@code WHATSAPP_NEW_CHATS_PER_DAY} (0 = off) caps the new contacts a device starts per UTC day. Both are kept in
 * this process: a restart forgets them (the timelock is WhatsApp's own, and is found again at the next 463).
 */
public final class ReachOutGuard {

    /** How long new-contact sends are refused after a 463 (WhatsApp does not say; an hour is a cautious guess). */
    public static final Duration TIMELOCK = Duration.ofHours(1);

    private record DayCount(LocalDate day, int started) {
    }

    private final int newChatsPerDay;
    private final EventRecorder events;
    private final Clock clock;
    private final Map<UUID, Instant> lockedUntil = new ConcurrentHashMap<>();
    private final Map<UUID, DayCount> started = new ConcurrentHashMap<>();

    /**
     * @param newChatsPerDay new contacts a device may start per UTC day, 0 for no cap
     * @param events         where the refusal events go
     */
    public ReachOutGuard(int newChatsPerDay, EventRecorder events, Clock clock) {
        this.newChatsPerDay = newChatsPerDay;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Whether {@link #admitNewContact} can refuse anything for the device now (a daily cap is set, or the device is
     * under a timelock): when not, the caller need not find out whether the chat is new.
     */
    public boolean guards(UUID deviceId) {
        if (newChatsPerDay > 0) {
            return true;
        }
        Instant until = lockedUntil.get(deviceId);
        return until != null && until.isAfter(clock.instant());
    }

    /**
     * Admits a send to a new contact of the device (the caller knows the chat is a person with no stored message),
     * counting it against the daily cap.
     *
     * @throws RateLimitedException the device is under a timelock, or started its new chats of the day
     */
    public void admitNewContact(UUID deviceId) {
        Instant now = clock.instant();
        Instant until = lockedUntil.get(deviceId);
        if (until != null && until.isAfter(now)) {
            throw new RateLimitedException(RateLimitedException.TOO_MANY_REQUESTS + ": WhatsApp restricts this "
                    + "account's messages to new contacts (error 463); new chats are refused until " + until
                    + " rather than asking again, which would extend the restriction", Duration.between(now, until),
                    Map.of());
        }
        if (newChatsPerDay <= 0) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean[] admitted = new boolean[1];
        started.compute(deviceId, (id, count) -> {
            int sofar = count == null || !count.day().equals(today) ? 0 : count.started();
            admitted[0] = sofar < newChatsPerDay;
            return new DayCount(today, admitted[0] ? sofar + 1 : sofar);
        });
        if (!admitted[0]) {
            Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            throw new RateLimitedException(RateLimitedException.TOO_MANY_REQUESTS + ": this device started its "
                    + newChatsPerDay + " new chats of the day (WHATSAPP_NEW_CHATS_PER_DAY)",
                    Duration.between(now, midnight), Map.of());
        }
    }

    /**
     * A send of the device was refused by WhatsApp with {@code code}: a 463 starts the timelock and is announced.
     *
     * @param ownPhone the device's own number (the event's {@code jid})
     */
    public void refused(UUID deviceId, String ownPhone, String chat, String messageId, int code) {
        if (code != 463) {
            return;
        }
        Instant until = clock.instant().plus(TIMELOCK);
        lockedUntil.put(deviceId, until);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", messageId);
        data.put("chat", chat);
        data.put("code", code);
        data.put("reason", "reach-out restricted: WhatsApp refused the message to a contact it considers new");
        data.put("new_chats_refused_until", until.toString());
        events.publish(events.event(deviceId, ownPhone, EventTypes.MESSAGE_REACH_OUT_REFUSED, data, chat));
    }
}
