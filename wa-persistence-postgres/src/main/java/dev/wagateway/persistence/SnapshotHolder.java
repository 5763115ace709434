package dev.wagateway.persistence;

import java.time.Duration;
import java.time.Instant;

/**
 * A session of the database server that holds back what vacuum may remove: a transaction that has a snapshot or a
 * transaction id, as {@code pg_stat_activity} shows it.
 *
 * @param pid         the server process of the session
 * @param user        its role
 * @param application its {@code application_name} (empty when unset; {@code pg_dump} names itself)
 * @param client      its client's address, or empty for a local socket
 * @param state       {@code active}, {@code idle in transaction}...
 * @param since       when its transaction began
 * @param open        how long the transaction has been open, by the server's clock
 * @param query       the start of its current or last statement
 */
public record SnapshotHolder(int pid, String user, String application, String client, String state, Instant since,
                             Duration open, String query) {
}
