package dev.wagateway.app.database;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wagateway.app.TestDatabase;
import dev.wagateway.persistence.SnapshotHorizon;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SnapshotWatch} on a database of its own with a session holding a snapshot, as a {@code pg_dump} does: no
 * word while it is young, one warning naming the session once it is old, nothing more until the repeat is due, one
 * line when it ends; and a role's privileges read again when the first read failed.
 */
class SnapshotWatchTest {

    @Test
    void warnsOnceAboutALongSnapshotAgainWhenDueAndSaysWhenItEnds() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(SnapshotWatch.class);
        logged.start();
        logger.addAppender(logged);
        AdjustableClock clock = new AdjustableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (TestDatabase test = TestDatabase.isolated();
             Connection holder = test.database().dataSource().getConnection()) {
            SnapshotWatch watch = new SnapshotWatch(new SnapshotHorizon(test.database().dataSource()),
                    Duration.ofSeconds(1), Duration.ofMinutes(10), clock);
            int pid = pid(holder);
            execute(holder, "set application_name = 'nightly-dump'");
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            execute(holder, "select count(*) from pg_class");

            watch.check();
            assertThat(warnings(logged)).isEmpty();

            Thread.sleep(1_200);
            watch.check();
            assertThat(warnings(logged)).singleElement().asString()
                    .contains("session " + pid).contains("application 'nightly-dump'")
                    .contains("idle in transaction: select count(*) from pg_class");

            clock.advance(Duration.ofMinutes(9));
            watch.check();
            assertThat(warnings(logged)).hasSize(1);
            clock.advance(Duration.ofMinutes(1));
            watch.check();
            assertThat(warnings(logged)).hasSize(2);

            holder.commit();
            watch.check();
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("session " + pid).contains("has ended"));
            watch.check();
            assertThat(warnings(logged)).hasSize(2);
            holder.setAutoCommit(true);
            execute(holder, "reset application_name");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aRoleWhosePrivilegesCouldNotBeReadIsAskedAgainAtTheNextCheck() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(SnapshotWatch.class);
        logged.start();
        logger.addAppender(logged);
        try (TestDatabase test = TestDatabase.isolated();
             Connection admin = test.database().dataSource().getConnection()) {
            execute(admin, "do $$ begin create role wa_snapshot_watch_test nologin; "
                    + "exception when duplicate_object then null; end $$");
            AtomicBoolean down = new AtomicBoolean(true);
            // the gateway's role without pg_read_all_stats, on a database that refuses the first check's connection
            DataSource unprivileged = new DataSourceWithOutage(test.database().dataSource(), down,
                    "set role wa_snapshot_watch_test");
            SnapshotWatch watch = new SnapshotWatch(new SnapshotHorizon(unprivileged), Duration.ofMinutes(1),
                    Duration.ofMinutes(10), Clock.systemUTC());
            assertThatThrownBy(watch::check).isInstanceOf(IllegalStateException.class);

            down.set(false);
            watch.check();
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("cannot see other roles' sessions"));
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static int pid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The test database's connections, each first running {@code setup} (the role the gateway would connect as), or
     * refused while {@code down} is set, as a database that is not reachable refuses them.
     */
    private record DataSourceWithOutage(DataSource database, AtomicBoolean down, String setup)
            implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLException("Connection refused (the database is down)");
            }
            Connection connection = database.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute(setup);
            }
            return connection; // the role stays on the pooled connection: this test's database is its own
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    /** A clock the test moves: the repeat is counted by it, the snapshot's age by the database. */
    private static final class AdjustableClock extends Clock {
        private volatile Instant now;

        AdjustableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
