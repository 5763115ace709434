package dev.wagateway.app.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server as an operator meets it: durable settings, a start after its gateway was killed, a server that
 * dies under the gateway, a second gateway on the same folder.
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void runsDurablyUnlessATestAsksOtherwise() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir,
                EmbeddedPostgresServer.Durability.DURABLE, reason -> { })) {
            assertThat(show(server, "fsync")).isEqualTo("on");
            assertThat(show(server, "synchronous_commit")).isEqualTo("on");
            assertThat(show(server, "full_page_writes")).isEqualTo("on");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir,
                EmbeddedPostgresServer.Durability.FAST_UNSAFE, reason -> { })) {
            assertThat(show(server, "fsync")).isEqualTo("off");
            assertThat(show(server, "synchronous_commit")).isEqualTo("off");
        }
    }

    @Test
    void startsAtOnceAfterTheJvmHoldingItWasKilled() throws Exception {
        Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), EmbeddedServerHolder.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        long stalePid;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            stalePid = readyPid(output);
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // the situation of the issue: the JVM is gone, its postmaster still holds the folder
        assertThat(ProcessHandle.of(stalePid).map(PostgresProcesses::isRunning)).contains(true);

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir,
                EmbeddedPostgresServer.Durability.FAST_UNSAFE, reason -> { })) {
            assertThat(server.postmasterPid()).isNotEqualTo(stalePid);
            assertThat(ProcessHandle.of(stalePid).map(PostgresProcesses::isRunning).orElse(false)).isFalse();
            assertThat(show(server, "server_version")).isNotBlank();
        }
    }

    @Test
    void restartsTheServerWhenItDiesUnderTheGateway() throws Exception {
        AtomicReference<String> lost = new AtomicReference<>();
        // durable: with synchronous commit off, a killed server loses its last commits (this test saw it)
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir,
                EmbeddedPostgresServer.Durability.DURABLE, lost::set)) {
            execute(server, "create table kept (note text)");
            execute(server, "insert into kept values ('before the crash')");
            long first = server.postmasterPid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            for (int wait = 0; wait < 1200 && server.postmasterPid() == first; wait++) {
                Thread.sleep(100);
            }
            assertThat(server.postmasterPid()).as("a new postmaster").isNotEqualTo(first);

            // the same URL answers again, with the data
            List<String> notes = awaitRows(server, "select note from kept");
            assertThat(notes).containsExactly("before the crash");
            assertThat(lost.get()).isNull();
        }
    }

    @Test
    void refusesAFolderAnotherGatewayUses() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir,
                EmbeddedPostgresServer.Durability.FAST_UNSAFE, reason -> { })) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir,
                    EmbeddedPostgresServer.Durability.FAST_UNSAFE, reason -> { }))
                    .hasMessageContaining("already in use");
            assertThat(server.postmasterPid()).isPositive();
        }
    }

    private static long readyPid(BufferedReader output) throws Exception {
        List<String> seen = new ArrayList<>();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith("ready ")) {
                return Long.parseLong(line.substring("ready ".length()).trim());
            }
            seen.add(line);
        }
        throw new AssertionError("the holder JVM ended without starting its server: " + String.join("\n", seen));
    }

    private static List<String> awaitRows(EmbeddedPostgresServer server, String query) throws Exception {
        SQLException last = null;
        for (int attempt = 0; attempt < 1200; attempt++) {
            try (Connection connection = connect(server); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(query)) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            } catch (SQLException e) {
                // only "cannot connect" / "shutting down" mean the server is not back yet
                if (e.getSQLState() == null || !(e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57"))) {
                    throw e;
                }
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the database never answered again", last);
    }

    private static String show(EmbeddedPostgresServer server, String setting) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }
}
