package dev.wagateway.app;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.ConfigException;
import dev.wagateway.app.config.ConfigLoader;

import java.nio.file.Path;

/** Starts the gateway: reads the configuration, wires everything, and stops cleanly on SIGTERM or Ctrl-C. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
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
}
