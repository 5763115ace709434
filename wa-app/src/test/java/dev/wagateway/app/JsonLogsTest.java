package dev.wagateway.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.app.api.TestGateway;
import dev.wagateway.app.config.ConfigLoader;
import dev.wagateway.app.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOG_FORMAT=json}: every console line is a JSON object, a request's lines carry its {@code request_id} (the
 * {@code X-Request-ID} it answered with) and, once its token is checked, its {@code device_id}.
 */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void linesAreJsonWithTheRequestAndDevice() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) context
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        Encoder<ILoggingEvent> original = console.getEncoder();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String requestId;
        String deviceId;
        try {
            ServerSettings server = ConfigLoader.load(Map.of("LOG_FORMAT", "json"), Path.of(".")).server();
            LoggingSetup.apply(server, "error");
            try (TestGateway gateway = TestGateway.start()) {
                String token = gateway.createDevice(gateway.createApiKey(1), "logged").path("token").asText();
                TestGateway.Answer me = gateway.call("GET", "/devices/me", null,
                        Map.of("Authorization", "Bearer " + token, "X-Request-ID", "trace-me-42"));
                requestId = me.response().headers().firstValue("X-Request-ID").orElseThrow();
                deviceId = me.json().path("data").path("device_id").asText();
            }
        } finally {
            System.setOut(stdout);
            console.stop();
            console.setEncoder(original);
            console.start();
        }
        assertThat(requestId).isEqualTo("trace-me-42");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // fails on any line that is not JSON
            }
        }
        assertThat(lines).isNotEmpty();
        // logback's encoder writes the message pattern and its arguments apart: "{} {} {} {}ms id={}", [GET, path, ..]
        JsonNode request = lines.stream().filter(line -> line.path("arguments").path(1).asText().equals("/devices/me"))
                .findFirst().orElseThrow(() -> new AssertionError("no request line in " + lines));
        assertThat(request.path("level").asText()).isEqualTo("INFO");
        assertThat(request.path("mdc").path("request_id").asText()).isEqualTo("trace-me-42");
        assertThat(request.path("mdc").path("device_id").asText()).isEqualTo(deviceId);
    }
}
