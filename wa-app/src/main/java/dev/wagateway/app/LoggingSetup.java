package dev.wagateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.wagateway.app.config.ServerSettings;
import org.slf4j.LoggerFactory;

/** Applies {@code LOG_LEVEL}, {@code LOG_FORMAT} and {@code WHATSAPP_LOG_LEVEL} to logback at start. */
final class LoggingSetup {

    private LoggingSetup() {
    }

    static void apply(ServerSettings server, String protocolLogLevel) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another slf4j backend was put on the class path: leave its configuration alone
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(server.logLevel(), Level.INFO));
        context.getLogger("dev.wagateway.protocol").setLevel(Level.toLevel(protocolLogLevel, Level.ERROR));
        if (server.logFormat().equals("json")
                && root.getAppender("CONSOLE") instanceof ConsoleAppender<ILoggingEvent> console) {
            console.stop();
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.start();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
