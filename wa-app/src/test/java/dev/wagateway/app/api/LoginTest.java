package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both logins through REST, linked by sandbox phones: the HTML page (its QR image decodes to the code the phone
 * scans, and its poll follows the login to "connected"), and the pairing code (shown as ABCD-EFGH, entered on the
 * phone in either form).
 */
class LoginTest {

    private static final Pattern IMAGE = Pattern.compile("<img id=\"qr\" alt=\"QR code\" src=\"data:image/png;base64,"
            + "([A-Za-z0-9+/=]+)\">");
    private static final Pattern TICKET = Pattern.compile("login/qr\\?ticket=([0-9a-f]+)");

    private static TestGateway gateway;
    private static String apiKey;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        apiKey = gateway.createApiKey(10);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theLoginPageShowsTheQrAndItsPollFollowsTheLogin() throws Exception {
        String phone = "15550909090";
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + phone + "\",\"name\":\"Page\"}");
        String token = gateway.createDevice(apiKey, "page").path("token").asText();

        TestGateway.Answer page = gateway.device(token, "POST", "/devices/me/login", null); // html by default
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Timeout in <span id=\"timeout\">").contains("Second(s)");
        Matcher image = IMAGE.matcher(page.body());
        Matcher ticket = TICKET.matcher(page.body());
        assertThat(image.find()).isTrue();
        assertThat(ticket.find()).isTrue();

        // the image is the code the phone scans (the JSON answer gives the same code as text)
        String shown = decodeQr(Base64.getDecoder().decode(image.group(1)));
        String qr = gateway.device(token, "POST", "/devices/me/login?output=json", null).json().path("data")
                .path("qr").asText();
        assertThat(shown).isEqualTo(qr).startsWith("https://wa.me/settings/linked_devices#2@");

        // the page's poll, with its ticket and no token
        JsonNode waiting = gateway.call("GET", "/devices/me/login/qr?ticket=" + ticket.group(1), null, Map.of())
                .json().path("data");
        assertThat(waiting.path("connected").asBoolean()).isFalse();
        assertThat(waiting.path("qr_code").asText()).startsWith("data:image/png;base64,");
        assertThat(waiting.path("timeout").asInt()).isPositive();
        TestGateway.Answer forged = gateway.call("GET", "/devices/me/login/qr?ticket=00ff", null, Map.of());
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.message()).isEqualTo("Invalid or expired login ticket");

        assertThat(gateway.admin("POST", "/sandbox/phones/" + phone + "/link", "{\"qr\":\"" + qr + "\"}").status())
                .isEqualTo(200);
        await(() -> gateway.call("GET", "/devices/me/login/qr?ticket=" + ticket.group(1), null, Map.of()).json()
                .path("data").path("connected").asBoolean(), "the poll to report the login");
        gateway.awaitPaired(token);
        JsonNode done = gateway.call("GET", "/devices/me/login/qr?ticket=" + ticket.group(1), null, Map.of()).json()
                .path("data");
        assertThat(done.has("qr_code")).isFalse();
        assertThat(gateway.device(token, "GET", "/devices/me", null).json().path("data").path("whatsmeow_jid")
                .asText()).startsWith(phone + ":");
    }

    @Test
    void thePairingCodeLinksThroughTheSandboxPhoneInEitherForm() {
        String phone = "15551010101";
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + phone + "\",\"name\":\"Code\"}");
        for (boolean grouped : new boolean[]{true, false}) {
            String token = gateway.createDevice(apiKey, "code " + grouped).path("token").asText();
            TestGateway.Answer answer = gateway.device(token, "POST", "/devices/me/login-code",
                    "{\"phone\":\"+" + phone + "\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.message()).isEqualTo("Success Generate Pairing Code");
            JsonNode data = answer.json().path("data");
            String code = data.path("PairCode").asText();
            assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}");
            assertThat(data.path("pair_code").asText()).isEqualTo(code);
            assertThat(data.path("Timeout").asInt()).isEqualTo(160);
            String typed = grouped ? code : code.replace("-", "").toLowerCase();
            TestGateway.Answer entered = gateway.admin("POST", "/sandbox/phones/" + phone + "/link-code",
                    "{\"code\":\"" + typed + "\"}");
            assertThat(entered.status()).as(entered.body()).isEqualTo(200);
            gateway.awaitPaired(token);
            assertThat(gateway.device(token, "GET", "/devices/me", null).json().path("data").path("status").asText())
                    .isEqualTo("active");
        }
        assertThat(gateway.admin("GET", "/sandbox/phones/" + phone, null).json().path("data").path("devices").size())
                .isEqualTo(2);
    }

    private static String decodeQr(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(256);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        RGBLuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }
}
