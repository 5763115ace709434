package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PrivacyTokens} in memory. */
public final class InMemoryPrivacyTokens implements PrivacyTokens {

    private final ConcurrentHashMap<Jid, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public void saveToken(Jid user, byte[] token, Instant timestamp) {
        Jid key = user.toNonAd();
        entries.compute(key, (k, old) -> old != null && old.token().length > 0 && !old.timestamp().isBefore(timestamp)
                ? old : new Entry(k, token, timestamp, old == null ? Optional.empty() : old.senderTimestamp()));
    }

    @Override
    public void saveSenderTimestamp(Jid user, Instant issuedAt) {
        Jid key = user.toNonAd();
        entries.compute(key, (k, old) -> old == null ? new Entry(k, new byte[0], Instant.EPOCH, Optional.of(issuedAt))
                : new Entry(k, old.token(), old.timestamp(), Optional.of(issuedAt)));
    }

    @Override
    public Optional<Entry> get(Jid user) {
        return Optional.ofNullable(entries.get(user.toNonAd()));
    }

    @Override
    public int deleteTokensBefore(Instant cutoff) {
        int[] deleted = {0};
        entries.replaceAll((user, entry) -> {
            if (entry.token().length > 0 && entry.timestamp().isBefore(cutoff)) {
                deleted[0]++;
                return new Entry(user, new byte[0], Instant.EPOCH, entry.senderTimestamp());
            }
            return entry;
        });
        return deleted[0];
    }
}
