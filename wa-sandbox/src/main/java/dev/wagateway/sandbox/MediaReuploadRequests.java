package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaRetry;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.proto.MediaRetryNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The server's side of a media re-upload request (protocol §9.6): a companion's {@code <receipt type="server-error">}
 * to its own account names a message in {@code <rmr>}; the phone that sent that message opens the request with the
 * file's key, uploads its copy again and the companion gets a {@code mediaretry} notification with the new direct
 * path, sealed with the same key; {@code <error code="2"/>} when the phone no longer has the file. A request to
 * another account, without its parts, or naming a message the phone did not send gets no answer.
 */
final class MediaReuploadRequests {

    private static final Logger log = LoggerFactory.getLogger(MediaReuploadRequests.class);
    /** WhatsApp's code for "the phone no longer has the file" (whatsmeow {@code MediaRetryError}). */
    private static final int NOT_ON_PHONE = 2;

    private final Directory directory;
    private final PhoneMedia media;
    private final SecureRandom random;

    MediaReuploadRequests(Directory directory, PhoneMedia media, SecureRandom random) {
        this.directory = directory;
        this.media = media;
        this.random = random;
    }

    /** The notification answering {@code receipt} from {@code from}, or empty when it gets none. */
    Optional<Node> answer(CompanionDevice from, Node receipt) {
        String id = receipt.attribute("id", "");
        Optional<Jid> to = receipt.jidAttribute("to");
        Optional<Node> rmr = receipt.child("rmr");
        Optional<byte[]> ciphertext = receipt.child("encrypt").flatMap(e -> e.child("enc_p")).flatMap(Node::bytes);
        Optional<byte[]> iv = receipt.child("encrypt").flatMap(e -> e.child("enc_iv")).flatMap(Node::bytes);
        if (id.isEmpty() || to.isEmpty() || !to.get().user().equals(from.jid().user()) || rmr.isEmpty()
                || ciphertext.isEmpty() || iv.isEmpty() || rmr.get().jidAttribute("jid").isEmpty()) {
            log.info("ignoring a malformed re-upload request from {}: {}", from.jid(), receipt);
            return Optional.empty();
        }
        Jid chat = rmr.get().jidAttribute("jid").get();
        boolean fromMe = rmr.get().attribute("from_me", "false").equals("true");
        Optional<Jid> sender = fromMe ? Optional.of(from.jid().toNonAd())
                : chat.isGroup() ? rmr.get().jidAttribute("participant") : Optional.of(chat);
        Optional<PhoneInbox.Known> sent = sender.flatMap(directory::account)
                .flatMap(account -> account.phone().messages().find(id)
                        .filter(known -> known.author().user().equals(account.jid().user())));
        Optional<DownloadableMedia> file = sent.flatMap(known -> DownloadableMedia.of(known.content()));
        Node.Builder notification = Node.builder("notification").attribute("id", id)
                .attribute("from", from.jid().toNonAd()).attribute("type", "mediaretry")
                .attribute("t", Stanzas.now());
        Node.Builder answeredRmr = Node.builder("rmr").attribute("jid", chat)
                .attribute("from_me", String.valueOf(fromMe));
        rmr.get().jidAttribute("participant")
                .ifPresent(participant -> answeredRmr.attribute("participant", participant));
        if (file.isEmpty()) {
            log.info("re-upload request for {} from {}: the sender's phone did not send such a file", id, from.jid());
            return Optional.of(notification.children(answeredRmr.build(), error(NOT_ON_PHONE)).build());
        }
        byte[] mediaKey = file.get().mediaKey();
        MediaRetryNotification.ResultType result;
        String directPath = null;
        try {
            MediaRetry.openRequest(new MediaRetry.Sealed(ciphertext.get(), iv.get()), id, mediaKey);
            Optional<UploadedMedia> again = media.reupload(file.get().fileEncSha256());
            if (again.isEmpty()) {
                return Optional.of(notification.children(answeredRmr.build(), error(NOT_ON_PHONE)).build());
            }
            directPath = again.get().directPath();
            result = MediaRetryNotification.ResultType.SUCCESS;
            log.info("the phone uploaded the media of {} again at {}", id, directPath);
        } catch (CryptoException e) {
            log.info("re-upload request for {} from {} does not decrypt: {}", id, from.jid(), e.getMessage());
            result = MediaRetryNotification.ResultType.DECRYPTION_ERROR;
        } catch (IOException | MediaException e) {
            log.warn("the phone could not upload the media of {} again: {}", id, e.getMessage());
            result = MediaRetryNotification.ResultType.GENERAL_ERROR;
        }
        MediaRetry.Sealed answer = MediaRetry.sealAnswer(id, directPath, result, mediaKey, random);
        return Optional.of(notification.children(answeredRmr.build(), Node.builder("encrypt").children(
                Node.builder("enc_p").bytes(answer.ciphertext()).build(),
                Node.builder("enc_iv").bytes(answer.iv()).build()).build()).build());
    }

    private static Node error(int code) {
        return Node.builder("error").attribute("code", code).build();
    }
}
