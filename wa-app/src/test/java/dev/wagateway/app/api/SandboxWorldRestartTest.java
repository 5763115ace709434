package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In sandbox mode a gateway restart also restarts the sandbox inside it, which finds its world again under the data
 * folder: the group (members, admins, invite code) still routes the device's group sends, an image a phone sent
 * before the restart is still on the media host and downloads byte for byte afterwards, and what the phones received
 * before (the image with its checked hash) is still listed and its file still served.
 */
class SandboxWorldRestartTest {

    private static final String PHONE = "15550313131";
    private static final String FRIEND = "15550414141";
    private static final String OTHER = "15550515151";
    // downloads on the first request, so the only copy of the phone's image is the sandbox media host's
    private static final Map<String, String> ENVIRONMENT = Map.of("WHATSAPP_MEDIA_DOWNLOAD", "on_request",
            "WHATSAPP_AUTO_TYPING_ENABLED", "false");

    @TempDir
    Path workingDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void groupsAndMediaSurviveTheRestart() throws Exception {
        String token;
        String group;
        String imageFromPhone;
        String imageToPhone;
        byte[] photo = MediaApiTest.image("png", 48, 48);
        byte[] jpeg = MediaApiTest.image("jpg", 64, 40);
        Map<String, Object> groupBefore;
        try (TestGateway first = TestGateway.start(ENVIRONMENT, workingDir)) {
            token = first.pairedDevice(PHONE);
            first.sandbox().createPhone(FRIEND, "Friend");
            first.sandbox().createPhone(OTHER, "Other");
            TestGateway.Answer created = first.device(token, "POST", "/groups", "{\"name\":\"Restart club\","
                    + "\"participants\":[\"" + FRIEND + "\",\"" + OTHER + "\"]}");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            group = created.json().path("data").path("JID").asText();
            TestGateway.Answer promoted = first.device(token, "POST", "/groups/" + group + "/admins",
                    "{\"users\":[\"" + FRIEND + "\"]}");
            assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
            sendText(first, token, group, "before the restart");
            await(() -> received(first, OTHER, "before the restart"), "the group text before the restart");
            groupBefore = first.application().sandbox().orElseThrow().groups().group(group);

            TestGateway.Answer sent = first.upload(token, "/chats/" + FRIEND + "/images", Map.of("caption", "ours"),
                    "ours.jpg", "image/jpeg", jpeg);
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            imageToPhone = sent.json().path("data").path("message_id").asText();
            await(() -> phoneMessage(first, FRIEND, imageToPhone).isPresent(), "the phone to receive our image");

            imageFromPhone = first.sandbox().phoneSend(FRIEND, PHONE, new PhoneContent.File(
                    PhoneContent.FileKind.IMAGE, photo, null, "theirs", null, false));
            // stored, not fetched: no GET of its media before the restart
            await(() -> stored(first, token, imageFromPhone), "the phone's image to be stored");
        }

        try (TestGateway second = TestGateway.start(ENVIRONMENT, workingDir)) {
            // the group as the server held it: members, roles, invite code
            assertThat(second.application().sandbox().orElseThrow().groups().group(group)).isEqualTo(groupBefore);
            await(() -> second.connected(token), "the device to log in again");

            sendText(second, token, group, "after the restart");
            await(() -> received(second, FRIEND, "after the restart") && received(second, OTHER, "after the restart"),
                    "both members to receive the group text sent after the restart");

            HttpResponse<byte[]> media = http.send(HttpRequest.newBuilder(URI.create(second.baseUrl() + "/messages/"
                    + imageFromPhone + "/media")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(media.statusCode()).as(new String(media.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(media.body()).isEqualTo(photo);

            ReceivedMessage ours = phoneMessage(second, FRIEND, imageToPhone).orElseThrow();
            assertThat(ours.type()).isEqualTo("image");
            assertThat(ours.caption()).isEqualTo("ours");
            assertThat(ours.media().sha256()).isEqualTo(HexFormat.of().formatHex(Digests.sha256(jpeg)));
            // the phone's copy, fetched again from the media host (the phone kept the message and its keys)
            assertThat(second.sandbox().phoneMedia(FRIEND, imageToPhone)).isEqualTo(jpeg);
        }
    }

    private static void sendText(TestGateway gateway, String token, String chat, String text) {
        TestGateway.Answer answer = gateway.device(token, "POST", "/chats/" + chat + "/messages",
                "{\"text\":\"" + text + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static boolean received(TestGateway gateway, String phone, String text) {
        return gateway.sandbox().phoneMessages(phone).stream().anyMatch(message -> message.text().equals(text));
    }

    private static Optional<ReceivedMessage> phoneMessage(TestGateway gateway, String phone, String id) {
        return gateway.sandbox().phoneMessages(phone).stream().filter(message -> message.id().equals(id)).findFirst();
    }

    private static boolean stored(TestGateway gateway, String token, String id) {
        JsonNode messages = gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                .path("messages");
        for (JsonNode message : messages) {
            if (message.path("message_id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
