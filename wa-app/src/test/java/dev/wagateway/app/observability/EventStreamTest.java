package dev.wagateway.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wagateway.app.api.TestGateway;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /events} against the whole gateway in sandbox mode: a consumer receives {@code message.received},
 * disconnects, misses three messages and gets exactly those three on reconnecting with {@code Last-Event-ID}; the
 * admin secret streams a named device; bad parameters are refused; a consumer that stops reading is cut while the
 * webhook of the same events still receives every one.
 */
class EventStreamTest {

    private static final String PHONE = "15553030303";
    private static final String FRIEND = "15553040404";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConsumerResumesWithLastEventIdAndMissesNothing() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            String token = gateway.pairedDevice(PHONE);
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
            String events = gateway.baseUrl() + "/events?events=message.received";
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);

            String lastId;
            try (SseClient consumer = new SseClient(events, bearer)) {
                assertThat(consumer.status()).isEqualTo(200);
                send(gateway, "first");
                SseClient.Event first = consumer.next();
                assertThat(first.type()).isEqualTo("message.received");
                JsonNode body = JSON.readTree(first.data());
                assertThat(body.path("event_type").asText()).isEqualTo("message.received");
                assertThat(body.path("data").path("text").asText()).isEqualTo("first");
                assertThat(body.path("data").path("jid").asText()).isEqualTo(PHONE);
                lastId = first.id();
            }

            for (String text : List.of("second", "third", "fourth")) {
                send(gateway, text);
            }
            await(() -> gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                    .path("messages").size() == 4, "the three messages stored");

            Map<String, String> resume = Map.of("Authorization", "Bearer " + token, "Last-Event-ID", lastId);
            try (SseClient consumer = new SseClient(events, resume)) {
                List<String> texts = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    SseClient.Event event = consumer.next();
                    texts.add(JSON.readTree(event.data()).path("data").path("text").asText());
                    ids.add(Long.parseLong(event.id()));
                }
                assertThat(texts).containsExactly("second", "third", "fourth");
                assertThat(ids).isSorted().allMatch(id -> id > Long.parseLong(lastId));
                // then live: the next event is a new message, not a repeat
                send(gateway, "fifth");
                assertThat(JSON.readTree(consumer.next().data()).path("data").path("text").asText())
                        .isEqualTo("fifth");
            }

            // the admin secret streams any device's events, named by device_id
            String deviceId = gateway.device(token, "GET", "/devices/me", null).json().path("data")
                    .path("device_id").asText();
            try (SseClient admin = new SseClient(gateway.baseUrl() + "/events?device_id=" + deviceId,
                    Map.of("X-Admin-Secret", gateway.adminSecret(), "Last-Event-ID", lastId))) {
                JsonNode replayed = JSON.readTree(admin.next().data());
                assertThat(replayed.path("device_id").asText()).isEqualTo(deviceId);
            }
        }
    }

    @Test
    void badRequestsAreRefusedWithTheEnvelope() {
        try (TestGateway gateway = TestGateway.start()) {
            assertThat(gateway.call("GET", "/events", null, Map.of()).status()).isEqualTo(401);
            assertThat(gateway.call("GET", "/events", null, Map.of("X-Admin-Secret", "wrong")).status())
                    .isEqualTo(401);
            TestGateway.Answer badId = gateway.call("GET", "/events?device_id=nope", null,
                    Map.of("X-Admin-Secret", gateway.adminSecret()));
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.message()).isEqualTo("invalid device_id");
            TestGateway.Answer badResume = gateway.call("GET", "/events", null,
                    Map.of("X-Admin-Secret", gateway.adminSecret(), "Last-Event-ID", "-3"));
            assertThat(badResume.status()).isEqualTo(400);
        }
    }

    @Test
    void aConsumerThatStopsReadingIsCutAndWebhooksStillGetEverything() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        try (TestGateway gateway = TestGateway.start(Map.of("EVENT_STREAM_BUFFER", "4"))) {
            String token = gateway.pairedDevice(PHONE);
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
            gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\",\"events\":[\"message.received\"]}");

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", gateway.application().httpPort()));
                OutputStream request = stalled.getOutputStream();
                request.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Admin-Secret: " + gateway.adminSecret()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                request.flush();
                await(() -> gateway.application().services().eventStream().subscribers() == 1, "the subscription");

                // large messages fill the socket buffers of a consumer that reads nothing, then its 4-event buffer
                String large = "x".repeat(30_000);
                int sent = 0;
                while (gateway.application().services().eventStream().subscribers() > 0 && sent < 200) {
                    send(gateway, large + sent++);
                }
                // the hub writes to its subscribers on its own thread: on a loaded machine it may still be working
                // through the last events when the sends end, so the drop is awaited (bounded), not sampled
                await(() -> gateway.application().services().eventStream().subscribers() == 0,
                        "the stalled consumer to be dropped");
                int messages = sent;
                System.out.println("stalled consumer dropped after " + sent + " messages");
                await(() -> delivered.size() == messages, "every webhook delivery");

                // the consumer, reading at last, finds its stream closed
                stalled.setSoTimeout(20_000);
                InputStream in = stalled.getInputStream();
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                try {
                    in.transferTo(seen);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the stalled stream was not closed");
                } catch (IOException e) {
                    // reset: closed too
                }
                assertThat(seen.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
            }

            // a consumer without Last-Event-ID gets what is stored after it arrived, not the backlog the hub has not
            // handed out yet (more than its 4-event buffer here: as one burst, that backlog used to end the stream)
            int earlier = delivered.size();
            for (int i = 0; i < 6; i++) {
                send(gateway, "before " + i);
            }
            await(() -> delivered.size() == earlier + 6, "the earlier messages stored and delivered");
            try (SseClient fresh = new SseClient(gateway.baseUrl() + "/events?events=message.received",
                    Map.of("Authorization", "Bearer " + token))) {
                assertThat(fresh.status()).isEqualTo(200);
                send(gateway, "after");
                assertThat(JSON.readTree(fresh.next().data()).path("data").path("text").asText()).isEqualTo("after");
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static void send(TestGateway gateway, String text) {
        TestGateway.Answer sent = gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                "{\"to\":\"" + PHONE + "\",\"text\":\"" + text + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    }
}
