package dev.wagateway.protocol.media;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Hkdf;
import dev.wagateway.protocol.proto.MediaRetryNotification;
import dev.wagateway.protocol.proto.ServerErrorReceipt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The media re-upload request (protocol §9.6; whatsmeow {@code mediaretry.go}): when a host answers 403/404/410 the
 * receiver sends its own phone a {@code server-error} receipt with an encrypted {@code ServerErrorReceipt}; the phone
 * re-uploads and answers with a {@code mediaretry} notification carrying the new direct path. Both payloads are
 * AES-256-GCM under {@code HKDF(mediaKey, "WhatsApp Media Retry Notification", 32)} with the message id as AD.
 */
public final class MediaRetry {

    private static final byte[] RETRY_INFO = "WhatsApp Media Retry Notification".getBytes(StandardCharsets.US_ASCII);

    /** An encrypted payload: {@code enc_p} and {@code enc_iv}. */
    public record Sealed(byte[] ciphertext, byte[] iv) {
    }

    /**
     * A parsed {@code mediaretry} notification: either an error code (2 = the phone no longer has the file) or the
     * sealed answer.
     */
    public record Notice(String messageId, Jid chat, boolean fromMe, Optional<Jid> participant,
                         Optional<Integer> errorCode, Optional<Sealed> sealed) {
    }

    /** The decrypted answer: {@code result} SUCCESS carries the new {@code directPath}. */
    public record Outcome(String messageId, String directPath, MediaRetryNotification.ResultType result) {
    }

    private MediaRetry() {
    }

    /** The media-retry key of a file. */
    public static byte[] retryKey(byte[] mediaKey) {
        if (mediaKey == null || mediaKey.length != MediaKeys.MEDIA_KEY_LENGTH) {
            throw new IllegalArgumentException("a media key has 32 bytes");
        }
        return Hkdf.derive(mediaKey, null, RETRY_INFO, 32);
    }

    /** Encrypts the {@code ServerErrorReceipt} for {@code messageId} with a fresh 12-byte IV. */
    public static Sealed sealRequest(String messageId, byte[] mediaKey, SecureRandom random) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] plaintext = ServerErrorReceipt.newBuilder().setStanzaId(messageId).build().toByteArray();
        return new Sealed(Aes.gcmEncrypt(retryKey(mediaKey), iv, plaintext, ad(messageId)), iv);
    }

    /** Opens a request (the phone's side, and the sandbox's). */
    public static String openRequest(Sealed sealed, String messageId, byte[] mediaKey) throws CryptoException {
        byte[] plaintext = Aes.gcmDecrypt(retryKey(mediaKey), sealed.iv(), sealed.ciphertext(), ad(messageId));
        try {
            String stanzaId = ServerErrorReceipt.parseFrom(plaintext).getStanzaId();
            if (!stanzaId.equals(messageId)) {
                throw new CryptoException("the retry request names another message");
            }
            return stanzaId;
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException("the retry request is not a ServerErrorReceipt", e);
        }
    }

    /**
     * The receipt asking our phone to re-upload: {@code <receipt id to=OWN type="server-error"><encrypt><enc_p/>
     * <enc_iv/></encrypt><rmr jid from_me [participant]/></receipt>}.
     *
     * @param ownJid      our own account (any device part is removed)
     * @param participant the sender in a group, else null
     */
    public static Node receipt(String messageId, Jid ownJid, Jid chat, boolean fromMe, Jid participant,
                               Sealed sealed) {
        Node.Builder rmr = Node.builder("rmr").attribute("jid", chat).attribute("from_me", String.valueOf(fromMe));
        if (participant != null) {
            rmr.attribute("participant", participant);
        }
        return Node.builder("receipt").attribute("id", messageId).attribute("to", ownJid.toNonAd())
                .attribute("type", "server-error")
                .children(Node.builder("encrypt").children(
                                Node.builder("enc_p").bytes(sealed.ciphertext()).build(),
                                Node.builder("enc_iv").bytes(sealed.iv()).build()).build(),
                        rmr.build())
                .build();
    }

    /** Reads a {@code <notification type="mediaretry">}. */
    public static Notice parseNotification(Node notification) throws MalformedNodeException {
        String id = notification.attribute("id").filter(value -> !value.isEmpty())
                .orElseThrow(() -> new MalformedNodeException("mediaretry notification without id"));
        Node rmr = notification.child("rmr")
                .orElseThrow(() -> new MalformedNodeException("mediaretry notification without <rmr>"));
        Jid chat = rmr.jidAttribute("jid").orElseThrow(() -> new MalformedNodeException("<rmr> without jid"));
        boolean fromMe = rmr.attribute("from_me", "false").equals("true");
        Optional<Jid> participant = rmr.jidAttribute("participant");
        Optional<Node> error = notification.child("error");
        if (error.isPresent()) {
            int code;
            try {
                code = Integer.parseInt(error.get().attribute("code", ""));
            } catch (NumberFormatException e) {
                throw new MalformedNodeException("mediaretry <error> without a numeric code");
            }
            return new Notice(id, chat, fromMe, participant, Optional.of(code), Optional.empty());
        }
        Node encrypt = notification.child("encrypt")
                .orElseThrow(() -> new MalformedNodeException("mediaretry notification without <encrypt>"));
        byte[] ciphertext = encrypt.child("enc_p").flatMap(Node::bytes)
                .orElseThrow(() -> new MalformedNodeException("mediaretry notification without enc_p"));
        byte[] iv = encrypt.child("enc_iv").flatMap(Node::bytes)
                .orElseThrow(() -> new MalformedNodeException("mediaretry notification without enc_iv"));
        return new Notice(id, chat, fromMe, participant, Optional.empty(), Optional.of(new Sealed(ciphertext, iv)));
    }

    /** Encrypts an answer (the phone's side, and the sandbox's). */
    public static Sealed sealAnswer(String messageId, String directPath, MediaRetryNotification.ResultType result,
                                    byte[] mediaKey, SecureRandom random) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        MediaRetryNotification.Builder answer = MediaRetryNotification.newBuilder().setStanzaId(messageId)
                .setResult(result);
        if (directPath != null && !directPath.isEmpty()) {
            answer.setDirectPath(directPath);
        }
        return new Sealed(Aes.gcmEncrypt(retryKey(mediaKey), iv, answer.build().toByteArray(), ad(messageId)), iv);
    }

    /**
     * Opens a notification's answer.
     *
     * @throws MediaException {@code GONE} when the phone answered an error (code 2: it no longer has the file),
     *                        {@code INTEGRITY} when the answer does not decrypt with this file's key
     */
    public static Outcome open(Notice notice, byte[] mediaKey) throws MediaException {
        if (notice.errorCode().isPresent()) {
            int code = notice.errorCode().get();
            throw new MediaException(MediaException.Reason.GONE, code == 2
                    ? "the phone no longer has this media" : "the phone could not re-upload the media (code " + code + ")");
        }
        Sealed sealed = notice.sealed().orElseThrow();
        try {
            byte[] plaintext = Aes.gcmDecrypt(retryKey(mediaKey), sealed.iv(), sealed.ciphertext(),
                    ad(notice.messageId()));
            MediaRetryNotification answer = MediaRetryNotification.parseFrom(plaintext);
            return new Outcome(answer.getStanzaId(), answer.getDirectPath(), answer.getResult());
        } catch (CryptoException | InvalidProtocolBufferException e) {
            throw new MediaException(MediaException.Reason.INTEGRITY,
                    "the media retry answer does not decrypt with this file's key", e);
        }
    }

    private static byte[] ad(String messageId) {
        return messageId.getBytes(StandardCharsets.UTF_8);
    }
}
