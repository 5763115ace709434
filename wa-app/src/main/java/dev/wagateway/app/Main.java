package dev.wagateway.app;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.ConfigException;
import dev.wagateway.app.config.ConfigLoader;

import java.nio.file.Path;
import java.util.Map;

/** Starts the gateway: reads the configuration, wires everything, and stops cleanly on SIGTERM or Ctrl-C. */
public final class Main {

    /** The exit status when the embedded database died for good: a supervisor should start the gateway again. */
    public static final int EXIT_DATABASE_LOST = 75;

    private Main() {
    }

    /**
     * The JDK HTTP client's per-connection buffers, when the operator did not choose them: read buffer, websocket
     * write buffer, and the websocket's text-encoding buffer (we send binary frames only; 125 bytes is its minimum).
     */
    private static final Map<String, String> HTTP_CLIENT_BUFFERS = Map.of("jdk.httpclient.bufsize", "4096",
            "jdk.httpclient.websocket.writeBufferSize", "4096",
            "jdk.httpclient.websocket.intermediateBufferSize", "512");

    public static void main(String[] args) {
        tuneHttpClient();
        Config config;
        try {
            config = ConfigLoader.load(System.getenv(), Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            System.err.println("The gateway cannot start: the configuration has problems.");
            e.problems().forEach(problem -> System.err.println("  " + problem));
            System.exit(2);
            return;
        }
        LoggingSetup.apply(config.server(), config.whatsapp().logLevel());
        GatewayApplication application;
        try {
            application = GatewayApplication.start(config, reason -> {
                org.slf4j.LoggerFactory.getLogger(Main.class).error("{}: exiting with status {}", reason,
                        EXIT_DATABASE_LOST);
                // the shutdown hook stops what still runs, in order
                System.exit(EXIT_DATABASE_LOST);
            });
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("the gateway failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(application::close));
    }

    /**
     * Shrinks the JDK HTTP client's per-connection buffers (three of 16 KiB each by default) unless a
     * {@code -D} option sets them: every idle WhatsApp connection holds them, most frames are far smaller, and larger
     * ones are simply read or written in more steps. Must run before the first HTTP client exists.
     */
    public static void tuneHttpClient() {
        HTTP_CLIENT_BUFFERS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
