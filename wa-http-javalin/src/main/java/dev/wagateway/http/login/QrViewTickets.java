package dev.wagateway.http.login;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived tickets that let the login page (api.md row 18, {@code output=html}) fetch the rotating QR code
 * without the bearer token, which a browser showing the page does not hold. A ticket names one device, reveals
 * only its current QR code, and expires with the pairing window.
 *
 * <p>Owner of the ticket map: this object.
 */
public final class QrViewTickets {

    /** The longest pairing window of the real client (first code 60 s, then 20 s each, six codes). */
    public static final Duration LIFETIME = Duration.ofMinutes(3);

    private record Ticket(UUID deviceId, Instant expiresAt) {
    }

    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;

    /** @param random ticket source; @param clock expiry */
    public QrViewTickets(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** A new ticket for {@code deviceId}. */
    public String issue(UUID deviceId) {
        Instant now = clock.instant();
        tickets.values().removeIf(ticket -> ticket.expiresAt().isBefore(now));
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        String ticket = HexFormat.of().formatHex(raw);
        tickets.put(ticket, new Ticket(deviceId, now.plus(LIFETIME)));
        return ticket;
    }

    /** The device of a live ticket. */
    public Optional<UUID> device(String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        Ticket found = tickets.get(ticket);
        if (found == null || found.expiresAt().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(found.deviceId());
    }
}
