package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows 23–31 through REST in sandbox mode, checked at the sandbox through its control API: what the device sets
 * (privacy, about text, block list) is what the server holds, what a phone sets is what the device reads, privacy
 * hides what it should, and a blocked user's messages never reach the device.
 */
class UsersApiTest {

    private static final String SHOP = "15553010101";
    /** The smallest JPEG the sandbox's check accepts: SOI, APP0 marker, EOI. */
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I',
            'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};
    private static TestGateway gateway;
    private static String shop;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        shop = gateway.pairedDevice(SHOP);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void userInfoPictureAndDevicesOfAPhone() {
        String customer = phone("15553020202");
        TestGateway.Answer patched = gateway.admin("PATCH", "/sandbox/phones/" + customer + "/profile",
                "{\"status\":\"At the beach\",\"picture\":\"" + Base64.getEncoder().encodeToString(JPEG) + "\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        String pictureId = patched.json().path("data").path("picture_id").asText();

        JsonNode info = ok(gateway.device(shop, "GET", "/users/" + customer + "@s.whatsapp.net", null),
                "Success get user info");
        assertThat(info.path("Status").asText()).isEqualTo("At the beach");
        assertThat(info.path("PictureID").asText()).isEqualTo(pictureId);
        assertThat(info.path("Devices").toString()).contains(customer + "@s.whatsapp.net");

        JsonNode picture = ok(gateway.device(shop, "GET", "/users/" + customer + "%40s.whatsapp.net/profile-picture",
                null), "Success get user picture");
        assertThat(picture.path("ID").asText()).isEqualTo(pictureId);
        assertThat(picture.path("URL").asText()).startsWith("https://");
        assertThat(picture.path("DirectURL").asText()).startsWith("/");

        JsonNode devices = ok(gateway.device(shop, "GET", "/users/" + SHOP + ":5@s.whatsapp.net/devices", null),
                "Success get user devices");
        assertThat(devices.toString()).contains(SHOP + "@s.whatsapp.net").contains(SHOP + ":");

        // the phone hides its about text and picture: the device sees neither
        gateway.admin("PATCH", "/sandbox/phones/" + customer + "/profile",
                "{\"privacy\":{\"status\":\"none\",\"profile\":\"none\"}}");
        JsonNode hidden = ok(gateway.device(shop, "GET", "/users/" + customer + "@s.whatsapp.net", null),
                "Success get user info");
        assertThat(hidden.path("Status").asText()).isEmpty();
        assertThat(hidden.path("PictureID").asText()).isEmpty();
        assertThat(gateway.device(shop, "GET", "/users/" + customer + "@s.whatsapp.net/profile-picture", null)
                .status()).isEqualTo(500); // api.md row 24: a hidden picture is the library's error
        assertThat(gateway.device(shop, "GET", "/users/" + customer + "/profile-picture", null).status())
                .as("R3 needs a full JID").isEqualTo(400);
    }

    @Test
    void privacyAndAboutSetThroughRestAreWhatTheServerHolds() {
        JsonNode privacy = ok(gateway.device(shop, "GET", "/users/me/privacy", null), "Success get privacy settings");
        assertThat(privacy.path("LastSeen").asText()).isEqualTo("all");
        JsonNode updated = ok(gateway.device(shop, "PATCH", "/users/me/privacy",
                "{\"setting\":\"last_seen\",\"value\":\"contacts\"}"), "Success update privacy settings");
        assertThat(updated.path("LastSeen").asText()).isEqualTo("contacts");
        ok(gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"read_receipts\",\"value\":\"false\"}"),
                "Success update privacy settings");
        JsonNode held = gateway.admin("GET", "/sandbox/phones/" + SHOP + "/profile", null).json().path("data");
        assertThat(held.path("privacy").path("last_seen").asText()).isEqualTo("contacts");
        assertThat(held.path("privacy").path("read_receipts").asText()).isEqualTo("none");

        assertThat(gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"last_seen\",\"value\":\"x\"}")
                .message()).isEqualTo("invalid privacy value: x");
        assertThat(gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"mood\",\"value\":\"all\"}")
                .status()).isEqualTo(400);
        assertThat(gateway.device(shop, "PATCH", "/users/me/privacy", "{bad").message())
                .isEqualTo("Failed parse body request");

        ok(gateway.device(shop, "POST", "/users/me/status", "{\"status\":\"Open 9 to 5\"}"), "Success update status");
        assertThat(gateway.admin("GET", "/sandbox/phones/" + SHOP + "/profile", null).json().path("data")
                .path("status").asText()).isEqualTo("Open 9 to 5");
        assertThat(gateway.device(shop, "POST", "/users/me/status", "{\"status\":\"" + "x".repeat(140) + "\"}")
                .status()).isEqualTo(400);

        JsonNode lists = ok(gateway.device(shop, "GET", "/users/me/status-privacy", null),
                "Success get status privacy");
        assertThat(lists.get(0).path("Type").asText()).isEqualTo("contacts");
        assertThat(lists.get(0).path("IsDefault").asBoolean()).isTrue();
    }

    @Test
    void aBlockedUsersMessagesNeverReachTheDevice() {
        String spammer = phone("15553030303");
        ok(gateway.device(shop, "POST", "/users/" + spammer + "@s.whatsapp.net/block", null), "Success block user");
        assertThat(gateway.admin("GET", "/sandbox/phones/" + SHOP + "/profile", null).json().path("data")
                .path("blocked").toString()).contains(spammer + "@s.whatsapp.net");

        gateway.admin("POST", "/sandbox/phones/" + spammer + "/messages",
                "{\"to\":\"" + SHOP + "\",\"text\":\"buy now\"}");
        ok(gateway.device(shop, "DELETE", "/users/" + spammer + "@s.whatsapp.net/block", null),
                "Success unblock user");
        assertThat(gateway.admin("GET", "/sandbox/phones/" + SHOP + "/profile", null).json().path("data")
                .path("blocked")).isEmpty();
        gateway.admin("POST", "/sandbox/phones/" + spammer + "/messages",
                "{\"to\":\"" + SHOP + "\",\"text\":\"sorry\"}");
        await(() -> texts(spammer).contains("sorry"), "the message after the unblock");
        assertThat(texts(spammer)).doesNotContain("buy now");

        assertThat(gateway.device(shop, "POST", "/users/15559999999@s.whatsapp.net/block", null).status())
                .isEqualTo(404);
    }

    private static List<String> texts(String chat) {
        List<String> texts = new ArrayList<>();
        gateway.device(shop, "GET", "/chats/" + chat + "/messages", null).json().path("data").path("messages")
                .forEach(m -> texts.add(m.path("text").asText()));
        return texts;
    }

    private static String phone(String number) {
        return gateway.phone(number);
    }

    private static JsonNode ok(TestGateway.Answer answer, String message) {
        return answer.ok(message);
    }
}
