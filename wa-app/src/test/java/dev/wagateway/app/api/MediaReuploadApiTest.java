package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.sandbox.PhoneContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file whose copy on the media host expired before the gateway fetched it (downloads on request): the download
 * answers 404, the gateway asks the sender's phone to upload it again (a {@code server-error} receipt, protocol
 * §9.6), the phone does, the {@code mediaretry} notification names the new place, and the file is served byte for
 * byte.
 */
class MediaReuploadApiTest {

    private static final String PHONE = "15550737373";
    private static final String FRIEND = "15550747474";

    private static TestGateway gateway;
    @TempDir
    static Path workingDir;
    private static String token;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("WHATSAPP_MEDIA_DOWNLOAD", "on_request"), workingDir);
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
        token = gateway.pairedDevice(PHONE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anExpiredFileIsUploadedAgainByTheSendersPhoneAndServed() throws Exception {
        byte[] pdf = MediaApiTest.pdf(200_000);
        String id = gateway.sandbox().phoneSend(FRIEND, PHONE, new PhoneContent.File(PhoneContent.FileKind.DOCUMENT,
                pdf, null, null, "expired.pdf", false));
        await(() -> stored(id), "the document's message stored");
        assertThat(gateway.sandbox().expireMedia()).isPositive();

        HttpResponse<byte[]> file = download(id);
        assertThat(file.statusCode()).as(new String(file.body())).isEqualTo(200);
        assertThat(file.body()).isEqualTo(pdf);
        await(() -> mediaRetryEvent(id) != null, "media.retry");
        assertThat(mediaRetryEvent(id)).contains("\"error\":null").contains("\"from_me\":false");
        // kept now: served again without the media host (expired this time through the control API)
        TestGateway.Answer fault = gateway.admin("POST", "/sandbox/faults", "{\"type\":\"expire_media\"}");
        assertThat(fault.status()).as(fault.body()).isEqualTo(200);
        assertThat(download(id).body()).isEqualTo(pdf);
    }

    @Test
    void aFileTheSendersPhoneNoLongerHasStaysFailedWithTheReason() {
        byte[] pdf = MediaApiTest.pdf(50_000);
        String id = gateway.sandbox().phoneSend(FRIEND, PHONE, new PhoneContent.File(PhoneContent.FileKind.DOCUMENT,
                pdf, null, null, "gone.pdf", false));
        await(() -> stored(id), "the document's message stored");
        gateway.sandbox().expireMedia();
        gateway.sandbox().forgetSentMedia();

        TestGateway.Answer answer = gateway.device(token, "GET", "/messages/" + id + "/media", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.message()).contains("no longer has");
        await(() -> mediaRetryEvent(id) != null, "media.retry");
        assertThat(mediaRetryEvent(id)).contains("no longer has the file (code 2)");
    }

    /** The payload of the {@code media.retry} event about message {@code id}, or null. */
    private static String mediaRetryEvent(String id) {
        return gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                        "select payload from wa_events where event_type = 'media.retry' and payload like :id")
                .bind("id", "%\"message_id\":\"" + id + "\"%").mapTo(String.class).findFirst().orElse(null));
    }

    @Test
    void aDeletedDevicesFilesGoWithIt() {
        String phone = "15550757575";
        JsonNode device = gateway.createDevice(gateway.createApiKey(1), "short-lived");
        String id = device.path("device_id").asText();
        gateway.pair(device.path("token").asText(), phone);
        gateway.sandbox().phoneSend(FRIEND, phone, new PhoneContent.File(PhoneContent.FileKind.DOCUMENT,
                MediaApiTest.pdf(20_000), null, null, "kept.pdf", false));
        Path files = workingDir.resolve("data").resolve("media").resolve(id);
        await(() -> Files.isDirectory(files), "the file recorded for the device");

        TestGateway.Answer deleted = gateway.admin("DELETE", "/admin/devices/" + id, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(files).doesNotExist();
    }

    private static boolean stored(String id) {
        for (JsonNode message : gateway.device(token, "GET", "/chats/" + FRIEND + "/messages?limit=100", null)
                .json().path("data").path("messages")) {
            if (message.path("message_id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static HttpResponse<byte[]> download(String id) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/messages/" + id + "/media"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
