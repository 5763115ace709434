package dev.wagateway.app.api;

import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Media through the REST API against the sandbox: every kind sent is decrypted by the phone to the upload's SHA-256,
 * every kind a phone sends is served back byte for byte by {@code GET /messages/{id}/media}, and bad input (empty,
 * truncated, wrong type, oversized, tampered on the way back) is a clear 4xx or a failed download, never a 5xx or a
 * stored half file.
 */
class MediaApiTest {

    private static final String PHONE = "15550707070";
    private static final String FRIEND = "15550808080";
    private static final long MAX_MEDIA = 4L << 20;

    private static TestGateway gateway;
    @TempDir
    static Path workingDir;
    private static String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        // The general body limit is below the media limit: file uploads must still pass up to the media limit.
        gateway = TestGateway.start(Map.of("WHATSAPP_MEDIA_MAX_BYTES", Long.toString(MAX_MEDIA),
                "HTTP_BODY_LIMIT_SIZE", Long.toString(1L << 20), "WHATSAPP_AUTO_TYPING_ENABLED", "false"),
                workingDir);
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
        token = gateway.pairedDevice(PHONE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyKindSentIsDecryptedByThePhoneToTheSameHash() throws IOException {
        byte[] jpeg = image("jpg", 320, 200);
        byte[] pdf = pdf(2_500_000); // above HTTP_BODY_LIMIT_SIZE, within WHATSAPP_MEDIA_MAX_BYTES
        byte[] voice = opus(8_000);
        byte[] video = mp4(50_000);
        byte[] sticker = webp(4_000);

        String image = send("/images", Map.of("caption", "a photo", "view_once", "true"), "photo.jpg", jpeg);
        String document = send("/documents", Map.of("caption", "the invoice"), "invoice.pdf", pdf);
        String audio = send("/audio", Map.of("voice_note", "true"), "note.ogg", voice);
        String clip = send("/videos", Map.of("caption", "a clip"), "clip.mp4", video);
        String stick = send("/stickers", Map.of(), "smile.webp", sticker);

        assertPhoneGot(image, "image", jpeg);
        assertThat(assertPhoneGot(document, "document", pdf).media().filename()).isEqualTo("invoice.pdf");
        assertPhoneGot(audio, "audio", voice);
        assertPhoneGot(clip, "video", video);
        assertPhoneGot(stick, "sticker", sticker);
        // spooled, copied and encrypted in the gateway's own temporary folder (data/tmp), and nothing left there
        try (Stream<Path> left = Files.list(workingDir.resolve("data").resolve("tmp"))) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly(".lock");
        }

        TestGateway.Answer location = gateway.device(token, "POST", "/chats/" + FRIEND + "/locations",
                "{\"latitude\":-6.1754,\"longitude\":106.8272,\"name\":\"Monas\"}");
        assertThat(location.status()).as(location.body()).isEqualTo(200);
        TestGateway.Answer contact = gateway.device(token, "POST", "/chats/" + FRIEND + "/contacts",
                "{\"name\":\"Jane Doe\",\"phone\":\"+62 812 3456 7890\"}");
        assertThat(contact.status()).as(contact.body()).isEqualTo(200);
        TestGateway.Answer poll = gateway.device(token, "POST", "/chats/" + FRIEND + "/polls",
                "{\"question\":\"Lunch?\",\"options\":[\"Pizza\",\"Sushi\"],\"multi_answer\":true}");
        assertThat(poll.status()).as(poll.body()).isEqualTo(200);
        ReceivedMessage place = awaitPhone(location.json().path("data").path("message_id").asText());
        assertThat(place.location().name()).isEqualTo("Monas");
        assertThat(place.location().latitude()).isEqualTo(-6.1754);
        assertThat(awaitPhone(contact.json().path("data").path("message_id").asText()).contact().phone())
                .isEqualTo("6281234567890");
        ReceivedMessage question = awaitPhone(poll.json().path("data").path("message_id").asText());
        assertThat(question.poll().options()).containsExactly("Pizza", "Sushi");
        assertThat(question.poll().selectable()).isZero();
    }

    @Test
    void everyKindAPhoneSendsIsServedBackByteForByte() throws Exception {
        Map<PhoneContent.FileKind, byte[]> files = Map.of(
                PhoneContent.FileKind.IMAGE, image("png", 64, 64),
                PhoneContent.FileKind.DOCUMENT, pdf(300_000),
                PhoneContent.FileKind.AUDIO, opus(6_000),
                PhoneContent.FileKind.VIDEO, mp4(40_000),
                PhoneContent.FileKind.STICKER, webp(3_000));
        for (Map.Entry<PhoneContent.FileKind, byte[]> file : files.entrySet()) {
            String name = file.getKey() == PhoneContent.FileKind.DOCUMENT ? "report.pdf" : null;
            String id = gateway.sandbox().phoneSend(FRIEND, PHONE, new PhoneContent.File(file.getKey(),
                    file.getValue(), null, null, name, false));
            HttpResponse<byte[]> answer = awaitMedia(id);
            assertThat(answer.body()).as(file.getKey().name()).isEqualTo(file.getValue());
            assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(file.getValue().length);
            if (name != null) {
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pdf");
                assertThat(answer.headers().firstValue("Content-Disposition").orElse(""))
                        .contains("filename=\"report.pdf\"");
            }
        }
        // The control API's own route forwards a base64 file as well.
        byte[] doc = pdf(50_000);
        TestGateway.Answer sent = gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                "{\"to\":\"" + PHONE + "\",\"document\":\"" + Base64.getEncoder().encodeToString(doc)
                        + "\",\"filename\":\"a.pdf\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(awaitMedia(sent.json().path("data").path("id").asText()).body()).isEqualTo(doc);
        // The message is listed with its media metadata.
        TestGateway.Answer chat = gateway.device(token, "GET", "/chats/" + FRIEND + "/messages?limit=50", null);
        assertThat(chat.json().path("data").path("messages").findValues("media")).isNotEmpty();
    }

    @Test
    void badUploadsAreRefusedWithAClearClientError() throws IOException {
        byte[] jpeg = image("jpg", 400, 300);
        assertRefused(upload("/images", Map.of(), "empty.jpg", new byte[0]), 400, "empty");
        assertRefused(upload("/images", Map.of(), "half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)), 400,
                "truncated or corrupt");
        assertRefused(upload("/images", Map.of(), "not-an-image.jpg", pdf(10_000)), 400, "application/pdf");
        assertRefused(upload("/stickers", Map.of(), "sticker.webp", image("png", 32, 32)), 400, "WebP");
        assertRefused(upload("/audio", Map.of(), "noise.ogg", random(5_000)), 400, "not allowed");
        TestGateway.Answer noFile = gateway.multipart("POST", "/chats/" + FRIEND + "/documents",
                Map.of("caption", "x"), Map.of("Authorization", "Bearer " + token));
        assertRefused(noFile, 400, "file is required");
        assertRefused(gateway.device(token, "POST", "/chats/" + FRIEND + "/locations", "{\"name\":\"x\"}"), 400,
                "latitude and longitude are required");
        assertRefused(gateway.device(token, "POST", "/chats/" + FRIEND + "/contacts", "{\"name\":\"x\"}"), 400,
                "phone is required");
        assertRefused(gateway.device(token, "POST", "/chats/" + FRIEND + "/polls",
                "{\"question\":\"q\",\"options\":[\"one\"]}"), 400, "at least 2 options");
        assertRefused(gateway.device(token, "GET", "/messages/3EB0NOSUCHMESSAGE/media", null), 404, "no media");
    }

    @Test
    void anOversizedUploadIsRefusedFromItsDeclaredLengthBeforeItsBodyIsRead() throws IOException {
        // A gigabyte is announced and only a few bytes follow: the answer comes without waiting for the rest.
        try (Socket socket = new Socket("127.0.0.1", gateway.application().httpPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /chats/" + FRIEND + "/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1073741824\r\n\r\n--xyz\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
        // Streamed without a length, past the limit: refused as well, and nothing was sent.
        int before = gateway.sandbox().phoneMessages(FRIEND).size();
        assertRefused(upload("/documents", Map.of(), "big.pdf", pdf((int) MAX_MEDIA + (2 << 20))), 413,
                "Request Entity Too Large");
        assertThat(gateway.sandbox().phoneMessages(FRIEND)).hasSize(before);
    }

    @Test
    void aTamperedDownloadIsRefusedAndNothingIsStored() throws Exception {
        byte[] pdf = pdf(80_000);
        gateway.sandbox().corruptMediaDownloads(true);
        String id;
        try {
            id = gateway.sandbox().phoneSend(FRIEND, PHONE, new PhoneContent.File(PhoneContent.FileKind.DOCUMENT,
                    pdf, null, null, "tampered.pdf", false));
            await(() -> gateway.device(token, "GET", "/messages/" + id + "/media", null).body()
                    .contains("integrity"), "the tampered download to fail");
        } finally {
            gateway.sandbox().corruptMediaDownloads(false);
        }
        TestGateway.Answer answer = gateway.device(token, "GET", "/messages/" + id + "/media", null);
        assertRefused(answer, 404, "integrity check");
        // Failed for good: a healthy host later does not make the tampered copy acceptable, and no file is kept.
        try (Stream<Path> files = Files.walk(workingDir.resolve("data").resolve("media"))) {
            assertThat(files.filter(path -> path.getFileName().toString().equals("content"))
                    .filter(path -> path.getParent().getFileName().toString().equals(id))).isEmpty();
        }
    }

    private String send(String route, Map<String, String> fields, String name, byte[] file) {
        TestGateway.Answer answer = upload(route, fields, name, file);
        assertThat(answer.status()).as(route + ": " + answer.body()).isEqualTo(200);
        return answer.json().path("data").path("message_id").asText();
    }

    private TestGateway.Answer upload(String route, Map<String, String> fields, String name, byte[] file) {
        return gateway.upload(token, "/chats/" + FRIEND + route, fields, name, "application/octet-stream", file);
    }

    private static void assertRefused(TestGateway.Answer answer, int status, String text) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("message").asText()).containsIgnoringCase(text);
    }

    private ReceivedMessage assertPhoneGot(String id, String type, byte[] bytes) {
        ReceivedMessage message = awaitPhone(id);
        assertThat(message.type()).isEqualTo(type);
        assertThat(message.media().error()).isNull();
        assertThat(message.media().sha256()).isEqualTo(HexFormat.of().formatHex(Digests.sha256(bytes)));
        assertThat(message.media().size()).isEqualTo(bytes.length);
        return message;
    }

    private ReceivedMessage awaitPhone(String id) {
        await(() -> find(id).isPresent(), "the phone to receive " + id);
        return find(id).orElseThrow();
    }

    private Optional<ReceivedMessage> find(String id) {
        return gateway.sandbox().phoneMessages(FRIEND).stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private HttpResponse<byte[]> awaitMedia(String id) throws Exception {
        await(() -> gateway.device(token, "GET", "/messages/" + id + "/media", null).status() != 404,
                "message " + id + " to be stored");
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/messages/"
                + id + "/media")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return answer;
    }

    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.ORANGE);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.BLUE);
        graphics.drawString("wa", width / 3, height / 2);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static byte[] pdf(int size) {
        return framed("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), size, "\n%%EOF\n");
    }

    static byte[] opus(int size) {
        byte[] head = new byte[36];
        System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 4);
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, head, 28, 8);
        return framed(head, size, "");
    }

    static byte[] mp4(int size) {
        byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o', 'm',
                'm', 'p', '4', '2'};
        return framed(head, size, "");
    }

    static byte[] webp(int size) {
        byte[] head = new byte[16];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 4);
        int riff = size - 8;
        head[4] = (byte) riff;
        head[5] = (byte) (riff >> 8);
        head[6] = (byte) (riff >> 16);
        head[7] = (byte) (riff >> 24);
        System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, head, 8, 8);
        return framed(head, size, "");
    }

    private static byte[] framed(byte[] head, int size, String tail) {
        byte[] bytes = random(size);
        System.arraycopy(head, 0, bytes, 0, head.length);
        byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(end, 0, bytes, size - end.length, end.length);
        return bytes;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        SecureRandoms.create().nextBytes(bytes);
        return bytes;
    }
}
