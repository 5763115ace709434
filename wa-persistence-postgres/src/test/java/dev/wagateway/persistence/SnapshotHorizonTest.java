package dev.wagateway.persistence;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SnapshotHorizon} against a real server: a transaction holding a snapshot is named with its session until it
 * ends, and a role without {@code pg_read_all_stats} is told it cannot see other roles' snapshots.
 */
class SnapshotHorizonTest {

    private final PostgresDatabase database = TestDatabase.get();
    private final SnapshotHorizon horizon = new SnapshotHorizon(database.dataSource());

    @Test
    void aRepeatableReadTransactionIsNamedUntilItEnds() throws Exception {
        try (Connection holder = database.dataSource().getConnection()) {
            int pid = pid(holder);
            execute(holder, "set application_name = 'snapshot-horizon-test'");
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            execute(holder, "select count(*) from pg_class");
            Thread.sleep(1_100);

            Optional<SnapshotHolder> oldest = horizon.oldestHolder();
            assertThat(oldest).isPresent();
            assertThat(oldest.get().pid()).isEqualTo(pid);
            assertThat(oldest.get().application()).isEqualTo("snapshot-horizon-test");
            assertThat(oldest.get().state()).isEqualTo("idle in transaction");
            assertThat(oldest.get().query()).isEqualTo("select count(*) from pg_class");
            assertThat(oldest.get().open()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

            holder.commit();
            assertThat(horizon.oldestHolder().map(SnapshotHolder::pid)).isNotEqualTo(Optional.of(pid));
            holder.setAutoCommit(true);
            execute(holder, "reset application_name");
        }
    }

    @Test
    void aRoleWithoutReadAllStatsIsToldItCannotSeeOtherRolesSnapshots() throws Exception {
        try (Connection admin = database.dataSource().getConnection();
             Connection holder = database.dataSource().getConnection()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(SnapshotHorizon.seesEverySession(admin),
                    "the test database's role is a superuser or reads all statistics");
            execute(admin, "do $$ begin create role wa_snapshot_horizon_test nologin; "
                    + "exception when duplicate_object then null; end $$");
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            execute(holder, "select count(*) from pg_class");
            try {
                execute(admin, "set role wa_snapshot_horizon_test");
                assertThat(SnapshotHorizon.seesEverySession(admin)).isFalse();
                assertThat(SnapshotHorizon.oldestHolder(admin).map(SnapshotHolder::pid))
                        .isNotEqualTo(Optional.of(pid(holder)));
            } finally {
                execute(admin, "reset role");
                holder.rollback();
                holder.setAutoCommit(true);
            }
            assertThat(SnapshotHorizon.seesEverySession(admin)).isTrue();
        }
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
