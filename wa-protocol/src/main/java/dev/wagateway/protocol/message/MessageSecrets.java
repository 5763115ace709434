package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Hkdf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Encryption of add-ons to a message under its {@code messageContextInfo.messageSecret} (protocol §6.13; whatsmeow
 * {@code msgsecret.go — generateMsgSecretKey}, Baileys {@code process-message.ts — decryptPollVote}):
 * {@code key = HKDF(secret, info = origMsgId ‖ origSender ‖ modifier ‖ useCase, 32)}, AES-256-GCM with a 12-byte IV,
 * and for votes and event responses {@code AD = origMsgId ‖ 0x00 ‖ modifier}. JIDs are written without device.
 */
public final class MessageSecrets {

    /** The length of a message secret. */
    public static final int SECRET_LENGTH = 32;

    /** What the add-on is; the name enters the key. */
    public enum UseCase {
        POLL_VOTE("Poll Vote", true),
        ENC_REACTION("Enc Reaction", false),
        ENC_COMMENT("Enc Comment", false),
        EVENT_RESPONSE("Event Response", true),
        MESSAGE_EDIT("Message Edit", false),
        POLL_EDIT("Poll Edit", false);

        private final String label;
        private final boolean withAdditionalData;

        UseCase(String label, boolean withAdditionalData) {
            this.label = label;
            this.withAdditionalData = withAdditionalData;
        }

        /** The string that enters the key derivation. */
        public String label() {
            return label;
        }
    }

    /** An encrypted add-on: {@code encPayload} (ciphertext and tag) and {@code encIV}. */
    public record Sealed(byte[] payload, byte[] iv) {
    }

    private MessageSecrets() {
    }

    /** The derived key for one add-on of {@code origMsgId} (sent by {@code origSender}) made by {@code modifier}. */
    public static byte[] key(byte[] secret, String origMsgId, Jid origSender, Jid modifier, UseCase useCase) {
        if (secret == null || secret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException("a message secret has 32 bytes");
        }
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(origMsgId.getBytes(StandardCharsets.UTF_8));
        info.writeBytes(origSender.toNonAd().toString().getBytes(StandardCharsets.UTF_8));
        info.writeBytes(modifier.toNonAd().toString().getBytes(StandardCharsets.UTF_8));
        info.writeBytes(useCase.label().getBytes(StandardCharsets.UTF_8));
        return Hkdf.derive(secret, null, info.toByteArray(), 32);
    }

    /** Encrypts {@code plaintext} with a fresh IV. */
    public static Sealed seal(byte[] plaintext, byte[] secret, String origMsgId, Jid origSender, Jid modifier,
                              UseCase useCase, SecureRandom random) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] payload = Aes.gcmEncrypt(key(secret, origMsgId, origSender, modifier, useCase), iv, plaintext,
                additionalData(origMsgId, modifier, useCase));
        return new Sealed(payload, iv);
    }

    /**
     * Decrypts an add-on.
     *
     * @throws CryptoException when the tag does not match (wrong secret, sender, modifier or tampered bytes)
     */
    public static byte[] open(Sealed sealed, byte[] secret, String origMsgId, Jid origSender, Jid modifier,
                              UseCase useCase) throws CryptoException {
        if (sealed.iv() == null || sealed.iv().length != 12) {
            throw new CryptoException("an add-on IV has 12 bytes");
        }
        return Aes.gcmDecrypt(key(secret, origMsgId, origSender, modifier, useCase), sealed.iv(), sealed.payload(),
                additionalData(origMsgId, modifier, useCase));
    }

    private static byte[] additionalData(String origMsgId, Jid modifier, UseCase useCase) {
        if (!useCase.withAdditionalData) {
            return null;
        }
        return (origMsgId + "\u0000" + modifier.toNonAd()).getBytes(StandardCharsets.UTF_8);
    }
}
