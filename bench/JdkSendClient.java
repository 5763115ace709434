import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The load's sends through the JDK HttpClient on virtual threads, as the harness sent them until 2026-12-06
 * ({@code client=jdk}): 0.4-0.5 CPU ms per send in the load client itself, kept to compare against
 * {@link RawHttpSender}.
 */
final class JdkSendClient implements SendClient {

    private static final ObjectMapper JSON = BenchGateway.JSON;

    private final HttpClient http;
    private final URI messages;
    private final List<String> tokens;

    JdkSendClient(HttpClient http, String gateway, String sink, List<String> tokens) {
        this.http = http;
        this.messages = URI.create(gateway + "/chats/" + sink + "@s.whatsapp.net/messages");
        this.tokens = List.copyOf(tokens);
    }

    @Override
    public SendAnswer send(int device, long startNanos) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(messages)
                            .header("Authorization", "Bearer " + tokens.get(device))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"load " + startNanos + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return new SendAnswer.Refused("status " + answer.statusCode());
            }
            String id = JSON.readTree(answer.body()).path("data").path("message_id").asText();
            return id.isEmpty() ? new SendAnswer.Refused("malformed answer: no message_id in a 200 answer")
                    : new SendAnswer.Accepted(id);
        } catch (IOException | RuntimeException e) {
            return new SendAnswer.Refused(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendAnswer.Refused("interrupted");
        }
    }

    @Override
    public boolean platformThreads() {
        return false;
    }

    @Override
    public void close() {
        // the HttpClient belongs to BenchGateway, which also uses it for the delivery check
    }
}
