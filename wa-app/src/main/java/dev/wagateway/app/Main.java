package dev.wagateway.app;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.ConfigException;
import dev.wagateway.app.config.ConfigLoader;

import java.nio.file.Path;

/** Starts the gateway: reads the configuration, wires everything, and stops cleanly on SIGTERM or Ctrl-C. */
public final class Main {

    private Main() {
    }

    /** The JDK HTTP client's per-connection read buffer, when the operator did not choose one. */
    private static final String HTTP_CLIENT_BUFFER = "4096";

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
            application = GatewayApplication.start(config);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("the gateway failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(application::close));
    }

    /**
     * Shrinks the JDK HTTP client's read buffer from 16 KiB to 4 KiB per connection (unless
     * {@code -Djdk.httpclient.bufsize} says otherwise): every idle WhatsApp connection holds one, most frames are far
     * smaller, and larger ones are simply read in more steps. Must run before the first HTTP client exists.
     */
    public static void tuneHttpClient() {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", HTTP_CLIENT_BUFFER);
        }
    }
}
