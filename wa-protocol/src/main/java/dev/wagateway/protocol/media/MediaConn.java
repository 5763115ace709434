package dev.wagateway.protocol.media;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to the {@code media_conn} IQ (protocol §9.4): where to upload and download, and the upload auth.
 * Valid until {@link #expiresAt()} ({@code fetchedAt + ttl}), as both references cache it.
 *
 * @param auth       the {@code auth} query parameter of uploads
 * @param ttl        how long the host list is valid
 * @param authTtl    how long {@code auth} is valid
 * @param maxBuckets the server's {@code max_buckets}
 * @param fetchedAt  when the answer arrived
 * @param hosts      the hosts, in the server's order (never empty)
 */
public record MediaConn(String auth, Duration ttl, Duration authTtl, int maxBuckets, Instant fetchedAt,
                        List<MediaHost> hosts) {

    public MediaConn {
        if (auth == null || auth.isEmpty()) {
            throw new IllegalArgumentException("media_conn needs an auth token");
        }
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("media_conn needs at least one host");
        }
        hosts = List.copyOf(hosts);
    }

    /** When the answer must be fetched again: {@code fetchedAt + min(ttl, authTtl)} (an absent auth TTL is ignored). */
    public Instant expiresAt() {
        Duration effective = authTtl.isZero() || authTtl.compareTo(ttl) > 0 ? ttl : authTtl;
        return fetchedAt.plus(effective);
    }

    /** Whether the answer is stale at {@code now}. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt());
    }

    /** Every hostname to try, in order: each host, then the hosts' fallbacks. */
    public List<String> hostnamesToTry() {
        List<String> names = new ArrayList<>();
        for (MediaHost host : hosts) {
            names.add(host.hostname());
        }
        for (MediaHost host : hosts) {
            host.fallbackHostname().filter(name -> !names.contains(name)).ifPresent(names::add);
        }
        return names;
    }
}
