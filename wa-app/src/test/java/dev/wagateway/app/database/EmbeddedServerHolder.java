package dev.wagateway.app.database;

import java.nio.file.Path;

/**
 * A JVM of its own that starts the embedded server on the folder of its argument, prints {@code ready <pid>} (the
 * postmaster's) and waits to be killed: the gateway of a {@code kill -9}, without the rest of the gateway.
 */
public final class EmbeddedServerHolder {

    private EmbeddedServerHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]),
                EmbeddedPostgresServer.Durability.FAST_UNSAFE, reason -> System.exit(75));
        System.out.println("ready " + server.postmasterPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
