package dev.wagateway.app.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real PostgreSQL server run by the gateway itself when no {@code WHATSAPP_DATASTORE_URI} is configured. Its data
 * lives under the data folder, so a restart finds everything again.
 *
 * <p>Run as a production database, not with the test defaults of the library that ships it: fsync, synchronous commit
 * and full-page writes on, so an acknowledged message survives a power loss and a torn page cannot corrupt the
 * database (a test may ask for {@link Durability#FAST_UNSAFE} for speed). A server left running on the folder by a
 * gateway that was killed is stopped before the start ({@link StalePostmaster}); the library's own shutdown hook is
 * off, so the gateway's orderly shutdown stops the server last; and a server that dies under the gateway is restarted
 * on its port (the pool reconnects by itself), or the gateway is told it has lost its database.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** How the server writes: durably (the default), or fast and unsafe for tests. */
    public enum Durability {
        /** fsync, synchronous commit and full-page writes on. */
        DURABLE,
        /** All three off: a crash of the machine may lose or corrupt data. For tests only. */
        FAST_UNSAFE
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** Crash recovery after a kill may replay a lot of write-ahead log before the server answers. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    private static final int RESTART_ATTEMPTS = 3;
    private static final String USER = "postgres";

    private final Path dataDirectory;
    private final Durability durability;
    private final Consumer<String> onLost;
    private final DataFolderLock folderLock;
    private final ReentrantLock lock = new ReentrantLock();
    private final int port;
    private EmbeddedPostgres postgres;
    private volatile ProcessHandle postmaster;
    private PostmasterWatchdog watchdog;
    private boolean closed;
    private boolean lost;

    private EmbeddedPostgresServer(Path dataDirectory, Durability durability, Consumer<String> onLost,
                                   DataFolderLock folderLock, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.durability = durability;
        this.onLost = onLost;
        this.folderLock = folderLock;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.postmaster = postmasterOf(dataDirectory);
    }

    /**
     * Starts (initialising the folder on first use) a server on a free loopback port, with its data in
     * {@code dataDir/postgres}. {@code onLost} is called, with the reason, when the server died and could not be
     * restarted: the gateway must then stop rather than run on without a database.
     */
    public static EmbeddedPostgresServer start(Path dataDir, Durability durability, Consumer<String> onLost) {
        Path directory = dataDir.resolve("postgres");
        DataFolderLock folderLock;
        try {
            Files.createDirectories(directory);
            folderLock = DataFolderLock.acquire(dataDir.resolve("postgres.lock"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded PostgreSQL folder " + directory, e);
        }
        try {
            StalePostmaster.stopIfRunning(directory);
            EmbeddedPostgres postgres = launch(directory, durability, 0);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(directory, durability, onLost, folderLock,
                    postgres);
            server.watchdog = new PostmasterWatchdog(WATCH_INTERVAL, () -> server.postmaster, server::recover);
            log.info("embedded PostgreSQL started on port {} with data in {}{}", server.port, directory,
                    durability == Durability.DURABLE ? "" : " (fsync off: for tests only)");
            return server;
        } catch (IOException e) {
            folderLock.close();
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        } catch (RuntimeException e) {
            folderLock.close();
            throw e;
        }
    }

    private static EmbeddedPostgres launch(Path directory, Durability durability, int port) throws IOException {
        String durable = durability == Durability.DURABLE ? "on" : "off";
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // the gateway's own shutdown stops the server after the pool; the library's hook would race it
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // the library starts postgres with -F (fsync off) and synchronous_commit=off; -c options come after
                // -F on the command line, and the last setting of an option wins
                .setServerConfig("fsync", durable)
                .setServerConfig("synchronous_commit", durable)
                .setServerConfig("full_page_writes", durable);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    private static ProcessHandle postmasterOf(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                    "the embedded PostgreSQL server (pid " + pid + ") exited right after starting"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the embedded PostgreSQL server's postmaster.pid in "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    /** Runs on the watchdog's thread when the postmaster is found dead. */
    private void recover() {
        String failure;
        lock.lock();
        try {
            if (closed || lost) {
                return;
            }
            log.error("the embedded PostgreSQL server (pid {}) died under the gateway: restarting it on port {}",
                    postmaster.pid(), port);
            stopQuietly(postgres);
            failure = null;
            for (int attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
                try {
                    StalePostmaster.stopIfRunning(dataDirectory);
                    postgres = launch(dataDirectory, durability, port);
                    postmaster = postmasterOf(dataDirectory);
                    log.warn("embedded PostgreSQL restarted on port {} (pid {})", port, postmaster.pid());
                    return;
                } catch (IOException | RuntimeException e) {
                    failure = e.getMessage();
                    log.error("embedded PostgreSQL restart {} of {} failed: {}", attempt, RESTART_ATTEMPTS, failure);
                    pause(Duration.ofSeconds(2L * attempt));
                }
            }
            lost = true;
        } finally {
            lock.unlock();
        }
        // Outside the lock: the handler may exit the JVM, whose shutdown then closes this server.
        onLost.accept("the embedded PostgreSQL server died and could not be restarted (" + failure + ")");
    }

    private static void stopQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            log.debug("stopping the dead embedded PostgreSQL: {}", e.getMessage());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    public String user() {
        return USER;
    }

    public String password() {
        return USER;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The process id of the running postmaster (it changes when the server is restarted). */
    public long postmasterPid() {
        return postmaster.pid();
    }

    /** Stops the server cleanly (a fast shutdown: connections closed, data checkpointed). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            watchdog.close();
            if (lost) {
                stopQuietly(postgres);
            } else {
                postgres.close();
                log.info("embedded PostgreSQL stopped");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        } finally {
            folderLock.close();
            lock.unlock();
        }
    }
}
