package dev.wagateway.sandbox.e2e;

import dev.wagateway.sandbox.RefusalCheck;
import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaConn;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaMessages;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link WaClient#media()} against the sandbox: {@code media_conn} cached, uploads the phone decrypts to the same
 * SHA-256, phone files downloaded to identical bytes, and tampered or incomplete media refused with nothing written.
 */
class MediaE2eTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WaClient> clients = new ArrayList<>();
    private SandboxServer sandbox;
    private WaClientRuntime runtime;
    private WaClientConfig config;

    @TempDir
    Path folder;

    @BeforeEach
    void start() {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        sandbox.control().createPhone(ALICE, "Alice");
        sandbox.control().createPhone(BOB, "Bob");
        runtime = WaClientRuntime.create(http);
        config = WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .preKeys(30, 10, 5)
                .media(MediaTransferConfig.withSslContext(sandbox.mediaSslContext()))
                .build();
    }

    @AfterEach
    void stop() {
        clients.forEach(WaClient::close);
        sandbox.close();
        runtime.close();
    }

    @Test
    void mediaConnIsCachedUntilItExpires() throws Exception {
        WaClient alice = pairedClient(ALICE, new EventRecorder());
        MediaConn first = alice.media().mediaConn().get(15, TimeUnit.SECONDS);
        MediaConn second = alice.media().mediaConn().get(15, TimeUnit.SECONDS);
        assertThat(second).isSameAs(first);
        assertThat(first.hostnamesToTry()).contains(sandbox.mediaHostname());
        assertThat(first.expiresAt()).isAfter(first.fetchedAt());
    }

    @Test
    void sendsEveryFileKindThePhoneDecryptsToTheSameHash() throws Exception {
        WaClient alice = pairedClient(ALICE, new EventRecorder());
        byte[] image = randomBytes(30_000);
        byte[] document = randomBytes(200_000);
        byte[] voice = randomBytes(12_000);
        byte[] video = randomBytes(90_000);
        byte[] sticker = randomBytes(5_000);

        UploadedMedia up = upload(alice, image, MediaType.IMAGE);
        alice.messages().send(Jid.user(BOB), MediaMessages.image(up, new MediaMessages.ImageDetails("image/jpeg",
                "a photo", null, 0, 0, false))).get(15, TimeUnit.SECONDS);
        up = upload(alice, document, MediaType.DOCUMENT);
        alice.messages().send(Jid.user(BOB), MediaMessages.document(up, new MediaMessages.DocumentDetails(
                "application/pdf", "invoice.pdf", "invoice", "your invoice", 0, null))).get(15, TimeUnit.SECONDS);
        up = upload(alice, voice, MediaType.AUDIO);
        alice.messages().send(Jid.user(BOB), MediaMessages.audio(up, new MediaMessages.AudioDetails(
                "audio/ogg; codecs=opus", 3, true, null))).get(15, TimeUnit.SECONDS);
        up = upload(alice, video, MediaType.VIDEO);
        alice.messages().send(Jid.user(BOB), MediaMessages.video(up, new MediaMessages.VideoDetails("video/mp4",
                "", null, 0, 0, 2, false, false))).get(15, TimeUnit.SECONDS);
        up = upload(alice, sticker, MediaType.STICKER);
        alice.messages().send(Jid.user(BOB), MediaMessages.sticker(up, new MediaMessages.StickerDetails(
                "image/webp", 64, 64, false))).get(15, TimeUnit.SECONDS);

        assertThat(awaitPhoneMedia(BOB, "image").media().sha256()).isEqualTo(sha256(image));
        ReceivedMessage doc = awaitPhoneMedia(BOB, "document");
        assertThat(doc.media().sha256()).isEqualTo(sha256(document));
        assertThat(doc.media().filename()).isEqualTo("invoice.pdf");
        assertThat(awaitPhoneMedia(BOB, "audio").media().sha256()).isEqualTo(sha256(voice));
        assertThat(awaitPhoneMedia(BOB, "video").media().sha256()).isEqualTo(sha256(video));
        assertThat(awaitPhoneMedia(BOB, "sticker").media().sha256()).isEqualTo(sha256(sticker));
    }

    @Test
    void downloadsWhatAPhoneSendsToIdenticalBytes() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = pairedClient(ALICE, events);
        byte[] document = randomBytes(150_000);
        String id = sandbox.control().phoneSend(BOB, ALICE, new PhoneContent.File(PhoneContent.FileKind.DOCUMENT,
                document, "application/pdf", "the report", "report.pdf", false));
        WaEvent.MessageReceived received = events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        DownloadableMedia media = DownloadableMedia.of(received.message()).orElseThrow();

        Path target = folder.resolve("report.pdf");
        long length = alice.media().download(media, target).get(15, TimeUnit.SECONDS);
        assertThat(length).isEqualTo(document.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(document);
    }

    @Test
    void refusesATamperedOrIncompleteDownloadAndWritesNothing() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = pairedClient(ALICE, events);
        byte[] image = randomBytes(20_000);
        String id = sandbox.control().phoneSend(BOB, ALICE, new PhoneContent.File(PhoneContent.FileKind.IMAGE,
                image, "image/jpeg", null, null, false));
        WaEvent.MessageReceived received = events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        Message.ImageMessage original = received.message().getImageMessage();

        // Another key: the MAC no longer matches, whatever the host serves.
        byte[] otherKey = randomBytes(32);
        Message tampered = Message.newBuilder().setImageMessage(original.toBuilder()
                .setMediaKey(ByteString.copyFrom(otherKey))).build();
        Path target = folder.resolve("tampered.jpg");
        assertThatThrownBy(() -> alice.media().download(DownloadableMedia.of(tampered).orElseThrow(), target)
                .get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.INTEGRITY));
        assertThat(target).doesNotExist();

        Message keyless = Message.newBuilder().setImageMessage(original.toBuilder().clearMediaKey()).build();
        assertThatThrownBy(() -> alice.media().download(DownloadableMedia.of(keyless).orElseThrow(), target)
                .get(15, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(MediaException.class,
                e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.INVALID));
        assertThat(target).doesNotExist();
        try (var files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesAnEmptyUpload() throws Exception {
        WaClient alice = pairedClient(ALICE, new EventRecorder());
        assertThatThrownBy(() -> alice.media().upload(new ByteArrayInputStream(new byte[0]), MediaType.IMAGE)
                .get(15, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(MediaException.class,
                e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.EMPTY));
    }

    private static UploadedMedia upload(WaClient client, byte[] bytes, MediaType type) throws Exception {
        return client.media().upload(new ByteArrayInputStream(bytes), type).get(15, TimeUnit.SECONDS);
    }

    private ReceivedMessage awaitPhoneMedia(String phone, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ReceivedMessage message : sandbox.control().phoneMessages(phone)) {
                if (message.type().equals(type) && message.media() != null) {
                    return message;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(phone + " never received a " + type + ": " + sandbox.control().phoneMessages(phone));
    }

    private WaClient pairedClient(String phone, EventRecorder events) throws Exception {
        WaClient client = new WaClient(config, runtime, new InMemoryDeviceStore());
        client.addListener(events);
        clients.add(client);
        client.connect();
        sandbox.control().linkQr(phone, events.next(WaEvent.QrCode.class, WAIT).text());
        events.next(WaEvent.Connected.class, WAIT);
        return client;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        SecureRandoms.create().nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.sha256(bytes));
    }
}
