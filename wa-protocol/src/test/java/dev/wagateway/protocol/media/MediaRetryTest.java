package dev.wagateway.protocol.media;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Hkdf;
import dev.wagateway.protocol.proto.MediaRetryNotification;
import dev.wagateway.protocol.proto.ServerErrorReceipt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The media re-upload request and its answer (protocol §9.6, whatsmeow mediaretry.go). */
class MediaRetryTest {

    private final SecureRandom random = new SecureRandom();
    private final byte[] mediaKey = new byte[32];
    private final Jid own = Jid.parse("15550001111:2@s.whatsapp.net");
    private final Jid chat = Jid.parse("15550002222@s.whatsapp.net");

    MediaRetryTest() {
        random.nextBytes(mediaKey);
    }

    @Test
    void theRequestIsAServerErrorReceiptSealedWithTheRetryKey() throws Exception {
        MediaRetry.Sealed sealed = MediaRetry.sealRequest("MSG1", mediaKey, random);
        byte[] key = Hkdf.derive(mediaKey, null, "WhatsApp Media Retry Notification".getBytes(StandardCharsets.US_ASCII), 32);
        byte[] plaintext = Aes.gcmDecrypt(key, sealed.iv(), sealed.ciphertext(), "MSG1".getBytes(StandardCharsets.UTF_8));
        assertThat(ServerErrorReceipt.parseFrom(plaintext).getStanzaId()).isEqualTo("MSG1");
        assertThat(MediaRetry.openRequest(sealed, "MSG1", mediaKey)).isEqualTo("MSG1");
        assertThatThrownBy(() -> MediaRetry.openRequest(sealed, "MSG2", mediaKey)).isInstanceOf(CryptoException.class);

        Node receipt = MediaRetry.receipt("MSG1", own, chat, false, null, sealed);
        assertThat(receipt.attribute("type")).contains("server-error");
        assertThat(receipt.attribute("to")).contains("15550001111@s.whatsapp.net");
        assertThat(receipt.child("encrypt").flatMap(e -> e.child("enc_p")).flatMap(Node::bytes).orElseThrow())
                .isEqualTo(sealed.ciphertext());
        assertThat(receipt.child("encrypt").flatMap(e -> e.child("enc_iv")).flatMap(Node::bytes).orElseThrow())
                .isEqualTo(sealed.iv());
        Node rmr = receipt.child("rmr").orElseThrow();
        assertThat(rmr.attribute("jid")).contains(chat.toString());
        assertThat(rmr.attribute("from_me")).contains("false");
        assertThat(rmr.attribute("participant")).isEmpty();
    }

    @Test
    void theAnswerGivesTheNewDirectPath() throws Exception {
        MediaRetry.Sealed answer = MediaRetry.sealAnswer("MSG1", "/v/t62/new?x=1",
                MediaRetryNotification.ResultType.SUCCESS, mediaKey, random);
        Node notification = Node.builder("notification").attribute("type", "mediaretry").attribute("id", "MSG1")
                .children(Node.builder("rmr").attribute("jid", chat).attribute("from_me", "true").build(),
                        Node.builder("encrypt").children(Node.builder("enc_p").bytes(answer.ciphertext()).build(),
                                Node.builder("enc_iv").bytes(answer.iv()).build()).build()).build();
        MediaRetry.Notice notice = MediaRetry.parseNotification(notification);
        assertThat(notice.fromMe()).isTrue();
        assertThat(notice.chat()).isEqualTo(chat);
        MediaRetry.Outcome outcome = MediaRetry.open(notice, mediaKey);
        assertThat(outcome.directPath()).isEqualTo("/v/t62/new?x=1");
        assertThat(outcome.result()).isEqualTo(MediaRetryNotification.ResultType.SUCCESS);

        byte[] otherKey = mediaKey.clone();
        otherKey[0] ^= 1;
        assertThatThrownBy(() -> MediaRetry.open(notice, otherKey)).isInstanceOf(MediaException.class)
                .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.INTEGRITY);
    }

    @Test
    void anErrorNotificationMeansTheFileIsGone() throws MalformedNodeException {
        Node notification = Node.builder("notification").attribute("type", "mediaretry").attribute("id", "MSG1")
                .children(Node.builder("rmr").attribute("jid", chat).attribute("from_me", "false")
                                .attribute("participant", Jid.parse("15550003333@s.whatsapp.net")).build(),
                        Node.builder("error").attribute("code", "2").build()).build();
        MediaRetry.Notice notice = MediaRetry.parseNotification(notification);
        assertThat(notice.errorCode()).contains(2);
        assertThat(notice.participant()).isPresent();
        assertThatThrownBy(() -> MediaRetry.open(notice, mediaKey)).isInstanceOf(MediaException.class)
                .hasMessageContaining("no longer has");
        assertThatThrownBy(() -> MediaRetry.parseNotification(Node.builder("notification").attribute("id", "x").build()))
                .isInstanceOf(MalformedNodeException.class);
    }
}
