package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.PrivacyTokens;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * A device's privacy tokens in PostgreSQL ({@code wa_privacy_tokens}); a token only replaces an older one. Every 1:1
 * send reads the peer's entry (its token, and when we last issued ours), so entries are read through a
 * {@link RowCache}; a write forgets its row, since the database decides what the conditional upsert keeps.
 */
final class PostgresPrivacyTokens implements PrivacyTokens {

    private final Jdbi jdbi;
    private final String deviceKey;
    private final RowCache<Jid, Entry> cache = new RowCache<>(1024);

    PostgresPrivacyTokens(Jdbi jdbi, String deviceKey) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
    }

    @Override
    public void saveToken(Jid user, byte[] token, Instant timestamp) {
        Jid contact = user.toNonAd();
        forgetAfter(contact, () -> jdbi.useHandle(h -> h.createUpdate("""
                insert into wa_privacy_tokens (device_key, contact, token, token_ts) values (:d, :c, :k, :t)
                on conflict (device_key, contact) do update set token = excluded.token, token_ts = excluded.token_ts
                where length(wa_privacy_tokens.token) = 0 or wa_privacy_tokens.token_ts < excluded.token_ts""")
                .bind("d", deviceKey).bind("c", user.toNonAd().toString()).bind("k", token)
                .bind("t", timestamp.getEpochSecond()).execute()));
    }

    @Override
    public void saveSenderTimestamp(Jid user, Instant issuedAt) {
        forgetAfter(user.toNonAd(), () -> jdbi.useHandle(h -> h.createUpdate("""
                insert into wa_privacy_tokens (device_key, contact, token, token_ts, sender_ts)
                values (:d, :c, ''::bytea, 0, :s)
                on conflict (device_key, contact) do update set sender_ts = excluded.sender_ts""")
                .bind("d", deviceKey).bind("c", user.toNonAd().toString()).bind("s", issuedAt.getEpochSecond())
                .execute()));
    }

    @Override
    public Optional<Entry> get(Jid user) {
        Jid contact = user.toNonAd();
        return cache.get(contact, () -> load(contact));
    }

    private Optional<Entry> load(Jid contact) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select token, token_ts, sender_ts from wa_privacy_tokens where device_key = :d and contact = :c""")
                .bind("d", deviceKey).bind("c", contact.toString())
                .map((rs, ctx) -> {
                    long sender = rs.getLong("sender_ts");
                    Optional<Instant> senderTimestamp = rs.wasNull() ? Optional.empty()
                            : Optional.of(Instant.ofEpochSecond(sender));
                    return new Entry(contact, rs.getBytes("token"), Instant.ofEpochSecond(rs.getLong("token_ts")),
                            senderTimestamp);
                })
                .findOne());
    }

    @Override
    public int deleteTokensBefore(Instant cutoff) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("""
                    update wa_privacy_tokens set token = ''::bytea, token_ts = 0
                    where device_key = :d and length(token) > 0 and token_ts < :t""")
                    .bind("d", deviceKey).bind("t", cutoff.getEpochSecond()).execute());
        } finally {
            cache.clear();
        }
    }

    /** Runs {@code write} on {@code contact}'s row, then reads the row again next time, whatever came of it. */
    private void forgetAfter(Jid contact, Runnable write) {
        try {
            write.run();
        } finally {
            cache.forget(contact);
        }
    }

    /** Drops every cached row (the device's rows were deleted). */
    void forgetAll() {
        cache.clear();
    }
}
