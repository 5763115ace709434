package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaConn;
import dev.wagateway.protocol.media.MediaConnStanzas;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaHost;
import dev.wagateway.protocol.media.MediaMessages;
import dev.wagateway.protocol.media.MediaTransfer;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.message.ContactCards;
import dev.wagateway.protocol.message.LocationMessages;
import dev.wagateway.protocol.message.Polls;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTPS media host with the protocol's own transfer code, its refusals, and phones sending and receiving every
 * kind (files downloaded and checked by the phone, bytes served back by the control API).
 */
class MediaSandboxTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";

    private final SecureRandom random = SecureRandoms.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SandboxServer sandbox;
    private TestDevice alice;
    private MediaTransfer transfer;

    @TempDir
    Path folder;

    @BeforeEach
    void start() {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(random)));
        sandbox.control().createPhone(ALICE, "Alice");
        sandbox.control().createPhone(BOB, "Bob");
        alice = new TestDevice(sandbox, http, random);
        transfer = new MediaTransfer(MediaTransferConfig.withSslContext(sandbox.mediaSslContext()), random,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        transfer.close();
        sandbox.close();
    }

    @Test
    void theMediaHostSpeaksHttpsOnlyWithTheSandboxCa() throws Exception {
        JsonNode info = json.readTree(http.send(HttpRequest.newBuilder(URI.create(sandbox.controlUrl() + "/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(info.path("media_ca_pem").asText()).startsWith("-----BEGIN CERTIFICATE-----")
                .isEqualTo(sandbox.mediaTls().caPem());
        assertThat(info.path("media_url").asText()).isEqualTo("https://" + sandbox.mediaHostname() + "/mms");

        try (HttpClient trusting = HttpClient.newBuilder().sslContext(sandbox.mediaSslContext()).build()) {
            HttpResponse<String> missing = trusting.send(HttpRequest.newBuilder(
                    URI.create("https://" + sandbox.mediaHostname() + "/v/t62.7118-24/none?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            // The same host name over localhost: the certificate names it too.
            String port = sandbox.mediaHostname().substring(sandbox.mediaHostname().lastIndexOf(':') + 1);
            assertThat(trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v/a/b")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
        // Without the CA the handshake fails; plain HTTP gets no media host at all.
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                URI.create("https://" + sandbox.mediaHostname() + "/v/a/b")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://" + sandbox.mediaHostname() + "/v/a/b")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        HttpResponse<String> onControlPort = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sandbox.port() + "/mms/image/x?auth=a")).POST(
                        HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(onControlPort.statusCode()).isEqualTo(404);
    }

    @Test
    void uploadsAndDownloadsGoThroughMediaConnWithEveryCheck() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            MediaConn conn = mediaConn(companion);
            assertThat(conn.hosts()).extracting(MediaHost::hostname).containsExactly(sandbox.mediaHostname());

            byte[] document = new byte[300_000];
            random.nextBytes(document);
            UploadedMedia uploaded = transfer.upload(conn, new ByteArrayInputStream(document), MediaType.DOCUMENT);
            assertThat(uploaded.directPath()).startsWith("/v/").contains("?");
            assertThat(uploaded.url()).isEqualTo("https://" + sandbox.mediaHostname() + uploaded.directPath());
            assertThat(uploaded.fileSha256()).isEqualTo(Digests.sha256(document));

            DownloadableMedia media = DownloadableMedia.of(MediaMessages.document(uploaded,
                    new MediaMessages.DocumentDetails(null, "a.bin", null, null, 0, null))).orElseThrow();
            Path target = folder.resolve("a.bin");
            assertThat(transfer.downloadToFile(conn, media, target)).isEqualTo(document.length);
            assertThat(Files.readAllBytes(target)).isEqualTo(document);

            // A message that promises other bytes: refused, nothing written.
            byte[] wrongHash = media.fileEncSha256().clone();
            wrongHash[0] ^= 1;
            DownloadableMedia lying = new DownloadableMedia(media.type(), media.directPath(), media.url(),
                    media.mediaKey(), media.fileSha256(), wrongHash, media.fileLength(), media.mimetype());
            Path untouched = folder.resolve("lying.bin");
            assertThatThrownBy(() -> transfer.downloadToFile(conn, lying, untouched))
                    .isInstanceOfSatisfying(MediaException.class,
                            e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.INTEGRITY));
            assertThat(untouched).doesNotExist();
            // A target whose folder is gone: refused, and no temporary file is left behind.
            Path temporary = Files.createDirectories(folder.resolve("temporary"));
            try (MediaTransfer spare = new MediaTransfer(MediaTransferConfig.withSslContext(sandbox.mediaSslContext())
                    .withTempDirectory(temporary), random, Clock.systemUTC())) {
                assertThatThrownBy(() -> spare.downloadToFile(conn, media, folder.resolve("gone").resolve("a.bin")))
                        .isInstanceOf(java.nio.file.NoSuchFileException.class);
            }
            try (var left = Files.list(temporary)) {
                assertThat(left).isEmpty();
            }
            // Another type's keys fail the MAC.
            DownloadableMedia wrongType = new DownloadableMedia(MediaType.IMAGE, media.directPath(), media.url(),
                    media.mediaKey(), media.fileSha256(), media.fileEncSha256(), media.fileLength(), media.mimetype());
            assertThatThrownBy(() -> transfer.download(conn, wrongType)).isInstanceOfSatisfying(MediaException.class,
                    e -> assertThat(e.getMessage()).contains("MAC"));
            // A path the host does not have: gone (ask for a re-upload).
            DownloadableMedia missing = new DownloadableMedia(media.type(), "/v/t62.7118-24/00?x=1", "",
                    media.mediaKey(), media.fileSha256(), media.fileEncSha256(), 0, "");
            assertThatThrownBy(() -> transfer.download(conn, missing)).isInstanceOfSatisfying(MediaException.class,
                    e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.GONE));

            // A wrong auth is refused (401 on the host), whatever the file.
            MediaConn wrongAuth = new MediaConn("wrong", conn.ttl(), conn.authTtl(), 0, Instant.now(), conn.hosts());
            assertThatThrownBy(() -> transfer.upload(wrongAuth, new ByteArrayInputStream(document), MediaType.IMAGE))
                    .isInstanceOfSatisfying(MediaException.class,
                            e -> assertThat(e.getMessage()).contains("401"));
        }
    }

    /**
     * Each session has its own transfers; the JDK client's default executor would give each a pool of platform
     * threads that came and went by the hundred with hundreds of sessions (the 200-device soak). Its work runs on
     * virtual threads instead: a transfer starts no platform worker thread.
     */
    @Test
    void aTransferStartsNoPlatformWorkerThreads() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            MediaConn conn = mediaConn(companion);
            java.util.Set<String> before = platformWorkers();
            byte[] document = new byte[50_000];
            random.nextBytes(document);
            UploadedMedia uploaded = transfer.upload(conn, new ByteArrayInputStream(document), MediaType.DOCUMENT);
            DownloadableMedia media = DownloadableMedia.of(MediaMessages.document(uploaded,
                    new MediaMessages.DocumentDetails(null, "w.bin", null, null, 0, null))).orElseThrow();
            assertThat(transfer.download(conn, media)).isEqualTo(document);
            java.util.Set<String> started = platformWorkers();
            started.removeAll(before);
            assertThat(started).as("platform worker threads the transfer started").isEmpty();
        }
    }

    /** The names of the live platform threads the JDK HTTP client's default executor makes. */
    private static java.util.Set<String> platformWorkers() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().matches("HttpClient-\\d+-Worker-\\d+")) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    @Test
    void theHostRefusesMissingAuthAndATokenThatIsNotTheBodysHash() throws Exception {
        alice.pairWith(ALICE);
        MediaConn conn;
        try (RawCompanion companion = alice.login()) {
            conn = mediaConn(companion);
        }
        byte[] body = new byte[42];
        random.nextBytes(body);
        String token = MediaTransfer.token(Digests.sha256(body));
        try (HttpClient trusting = HttpClient.newBuilder().sslContext(sandbox.mediaSslContext()).build()) {
            String base = "https://" + sandbox.mediaHostname() + "/mms/image/";
            assertThat(post(trusting, base + token + "?token=" + token, body)).isEqualTo(401);
            assertThat(post(trusting, base + token + "?auth=" + conn.auth() + "x&token=" + token, body)).isEqualTo(401);
            String other = MediaTransfer.token(Digests.sha256(new byte[]{1}));
            assertThat(post(trusting, base + other + "?auth=" + conn.auth() + "&token=" + other, body)).isEqualTo(400);
            assertThat(post(trusting, base + token + "?auth=" + conn.auth() + "&token=" + other, body)).isEqualTo(400);
            assertThat(post(trusting, base + token + "?auth=" + conn.auth() + "&token=" + token, body)).isEqualTo(200);
            // whatsmeow keeps the base64 padding: accepted as well.
            String padded = Base64.getUrlEncoder().encodeToString(Digests.sha256(body));
            assertThat(post(trusting, base + padded + "?auth=" + conn.auth() + "&token=" + padded.replace("=", "%3D"),
                    body)).isEqualTo(200);
        }
    }

    @Test
    void aPhoneDecryptsEveryKindItReceives() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            MediaConn conn = mediaConn(companion);
            alice.startSession(companion, Jid.user(BOB));
            byte[] image = randomBytes(5_000);
            byte[] video = randomBytes(70_000);
            byte[] voice = randomBytes(3_000);
            byte[] document = randomBytes(20_000);
            byte[] sticker = randomBytes(900);
            send(companion, "IMG", MediaMessages.image(transfer.upload(conn, new ByteArrayInputStream(image), MediaType.IMAGE),
                    new MediaMessages.ImageDetails("image/jpeg", "a photo", null, 10, 10, false)));
            send(companion, "VID", MediaMessages.video(transfer.upload(conn, new ByteArrayInputStream(video), MediaType.VIDEO),
                    new MediaMessages.VideoDetails(null, "a clip", null, 0, 0, 3, false, false)));
            send(companion, "PTT", MediaMessages.audio(transfer.upload(conn, new ByteArrayInputStream(voice), MediaType.AUDIO),
                    new MediaMessages.AudioDetails(null, 2, true, null)));
            send(companion, "DOC", MediaMessages.document(transfer.upload(conn, new ByteArrayInputStream(document),
                    MediaType.DOCUMENT), new MediaMessages.DocumentDetails("application/pdf", "invoice.pdf", null, null, 1, null)));
            send(companion, "STK", MediaMessages.sticker(transfer.upload(conn, new ByteArrayInputStream(sticker),
                    MediaType.STICKER), new MediaMessages.StickerDetails(null, 0, 0, false)));
            send(companion, "LOC", LocationMessages.location(-6.175, 106.827, "Monas", null));
            send(companion, "VCF", ContactCards.contact("Carol", "15550003333"));
            byte[] secret = randomBytes(32);
            send(companion, "POL", Polls.creation("Lunch?", List.of("Rice", "Soup"), 1, secret));

            ReceivedMessage img = awaitPhoneMessage(BOB, "IMG");
            assertThat(img.type()).isEqualTo("image");
            assertThat(img.caption()).isEqualTo("a photo");
            assertThat(img.media().sha256()).isEqualTo(HexFormat.of().formatHex(Digests.sha256(image)));
            assertThat(img.media().size()).isEqualTo(image.length);
            assertThat(img.media().mimetype()).isEqualTo("image/jpeg");
            assertThat(awaitPhoneMessage(BOB, "VID").media().sha256()).isEqualTo(hex(video));
            ReceivedMessage ptt = awaitPhoneMessage(BOB, "PTT");
            assertThat(ptt.type()).isEqualTo("audio");
            assertThat(ptt.media().sha256()).isEqualTo(hex(voice));
            ReceivedMessage doc = awaitPhoneMessage(BOB, "DOC");
            assertThat(doc.type()).isEqualTo("document");
            assertThat(doc.media().filename()).isEqualTo("invoice.pdf");
            assertThat(doc.media().sha256()).isEqualTo(hex(document));
            assertThat(awaitPhoneMessage(BOB, "STK").type()).isEqualTo("sticker");
            ReceivedMessage location = awaitPhoneMessage(BOB, "LOC");
            assertThat(location.type()).isEqualTo("location");
            assertThat(location.location()).isEqualTo(new ReceivedMessage.Location(-6.175, 106.827, "Monas"));
            ReceivedMessage contact = awaitPhoneMessage(BOB, "VCF");
            assertThat(contact.type()).isEqualTo("contact");
            assertThat(contact.contact().phone()).isEqualTo("15550003333");
            ReceivedMessage poll = awaitPhoneMessage(BOB, "POL");
            assertThat(poll.type()).isEqualTo("poll");
            assertThat(poll.poll()).isEqualTo(new ReceivedMessage.Poll("Lunch?", List.of("Rice", "Soup"), 1));

            // The decrypted bytes come back from the control API.
            HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(
                    URI.create(sandbox.controlUrl() + "/phones/" + BOB + "/media/DOC")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type")).contains("application/pdf");
            assertThat(served.body()).isEqualTo(document);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(sandbox.controlUrl() + "/phones/" + BOB
                    + "/media/LOC")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aPhoneSendsEveryKindThroughTheControlApi() throws Exception {
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            alice.uploadPreKeys(companion, 20);
            MediaConn conn = mediaConn(companion);
            byte[] image = randomBytes(4_000);
            byte[] document = randomBytes(10_000);
            String imageId = postPhoneMessage(BOB, "{\"to\":\"" + ALICE + "\",\"image\":\""
                    + Base64.getEncoder().encodeToString(image) + "\",\"mimetype\":\"image/png\",\"caption\":\"hi\"}");
            Message received = alice.decrypt(nextMessage(companion, imageId));
            assertThat(received.getImageMessage().getCaption()).isEqualTo("hi");
            assertThat(received.getImageMessage().getMimetype()).isEqualTo("image/png");
            assertThat(transfer.download(conn, DownloadableMedia.of(received).orElseThrow())).isEqualTo(image);

            String documentId = postPhoneMessage(BOB, "{\"to\":\"" + ALICE + "\",\"document\":\""
                    + Base64.getEncoder().encodeToString(document) + "\",\"filename\":\"q.pdf\"}");
            received = alice.decrypt(nextMessage(companion, documentId));
            assertThat(received.getDocumentMessage().getFileName()).isEqualTo("q.pdf");
            assertThat(received.getDocumentMessage().getMimetype()).isEqualTo("application/pdf");
            assertThat(transfer.download(conn, DownloadableMedia.of(received).orElseThrow())).isEqualTo(document);

            String audioId = postPhoneMessage(BOB, "{\"to\":\"" + ALICE + "\",\"audio\":\""
                    + Base64.getEncoder().encodeToString(randomBytes(500)) + "\",\"ptt\":true}");
            assertThat(alice.decrypt(nextMessage(companion, audioId)).getAudioMessage().getPtt()).isTrue();

            String locationId = postPhoneMessage(BOB, "{\"to\":\"" + ALICE
                    + "\",\"location\":{\"latitude\":1.5,\"longitude\":2.5,\"name\":\"here\"}}");
            Message location = alice.decrypt(nextMessage(companion, locationId));
            assertThat(location.getLocationMessage().getDegreesLatitude()).isEqualTo(1.5);
            assertThat(location.getLocationMessage().getName()).isEqualTo("here");

            String contactId = postPhoneMessage(BOB, "{\"to\":\"" + ALICE
                    + "\",\"contact\":{\"name\":\"Carol\",\"phone\":\"15550003333\"}}");
            assertThat(alice.decrypt(nextMessage(companion, contactId)).getContactMessage().getVcard())
                    .contains("waid=15550003333");

            // Refusals: no content, two kinds, bad base64, an empty file.
            for (String bad : List.of("{\"to\":\"" + ALICE + "\"}",
                    "{\"to\":\"" + ALICE + "\",\"text\":\"a\",\"image\":\"AAAA\"}",
                    "{\"to\":\"" + ALICE + "\",\"image\":\"***\"}",
                    "{\"to\":\"" + ALICE + "\",\"document\":\"\"}",
                    "{\"to\":\"" + ALICE + "\",\"location\":{\"latitude\":\"x\"}}")) {
                assertThat(phoneMessageStatus(BOB, bad)).as(bad).isEqualTo(400);
            }
        }
    }

    private MediaConn mediaConn(RawCompanion companion) throws Exception {
        companion.send(MediaConnStanzas.request().toBuilder().attribute("id", "mc" + random.nextInt(1000)).build());
        return MediaConnStanzas.parse(companion.next("iq"), Instant.now());
    }

    private void send(RawCompanion companion, String id, Message message) throws Exception {
        Jid to = Jid.user(BOB);
        companion.send(Node.builder("message").attribute("to", to).attribute("id", id).attribute("type", "media")
                .children(Node.builder("participants").children(Node.builder("to").attribute("jid", to)
                        .children(alice.encFor(to, message)).build()).build()).build());
        Node ack = companion.next("ack");
        assertThat(ack.attribute("id")).contains(id);
    }

    private Node nextMessage(RawCompanion companion, String id) throws Exception {
        Node message = companion.next("message");
        assertThat(message.attribute("id")).contains(id);
        companion.send(Node.builder("ack").attribute("class", "message").attribute("id", id)
                .attribute("to", message.attribute("from", "")).build());
        return message;
    }

    private ReceivedMessage awaitPhoneMessage(String phone, String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Optional<ReceivedMessage> found = sandbox.control().phoneMessages(phone).stream()
                    .filter(m -> m.id().equals(id)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("phone " + phone + " did not receive " + id);
    }

    private String postPhoneMessage(String phone, String body) throws Exception {
        HttpResponse<String> response = phoneMessage(phone, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("id").asText();
    }

    private int phoneMessageStatus(String phone, String body) throws Exception {
        return phoneMessage(phone, body).statusCode();
    }

    private HttpResponse<String> phoneMessage(String phone, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.controlUrl() + "/phones/" + phone + "/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int post(HttpClient client, String url, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static String hex(byte[] plaintext) {
        return HexFormat.of().formatHex(Digests.sha256(plaintext));
    }
}
