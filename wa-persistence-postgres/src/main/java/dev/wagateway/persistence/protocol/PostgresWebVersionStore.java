package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersionStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.Timestamp;
import java.util.Optional;

/** The gateway's last good web version in PostgreSQL (one row, {@code wa_web_version}). */
public final class PostgresWebVersionStore implements WebVersionStore {

    private final Jdbi jdbi;

    public PostgresWebVersionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Fetched> load() {
        return jdbi.withHandle(h -> h.createQuery("select version, fetched_at from wa_web_version")
                .map((rs, ctx) -> {
                    java.time.Instant fetchedAt = rs.getTimestamp("fetched_at").toInstant();
                    return WebVersion.parse(rs.getString("version")).map(version -> new Fetched(version, fetchedAt));
                })
                .findOne().flatMap(found -> found));
    }

    @Override
    public void save(Fetched fetched) {
        jdbi.useHandle(h -> h.createUpdate("""
                insert into wa_web_version (singleton, version, fetched_at) values (true, :v, :t)
                on conflict (singleton) do update set version = excluded.version, fetched_at = excluded.fetched_at""")
                .bind("v", fetched.version().toString()).bind("t", Timestamp.from(fetched.fetchedAt())).execute());
    }
}
