package dev.wagateway.protocol.signal.groups;

import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.signal.PlaintextCheckpoint;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Encrypts and decrypts group messages with sender keys: one {@code skmsg} for all members, AES-256-CBC under the
 * chain's message key, signed by the sender. Plaintexts here are already padded ({@link
 * dev.wagateway.protocol.signal.WhatsAppPadding}).
 */
public final class GroupCipher {

    private final SenderKeyStore store;
    private final SignalLocks locks;
    private final SecureRandom random;

    /**
     * @param store  where sender keys live
     * @param locks  the locks shared with the {@link GroupSessionBuilder} on the same store
     * @param random for the randomised XEdDSA signatures
     */
    public GroupCipher(SenderKeyStore store, SignalLocks locks, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts with our own sender key for {@code name} (created by {@link GroupSessionBuilder#create}).
     *
     * @throws SignalProtocolException ({@link SignalError.NoSenderKey}) if we have no own key for it
     */
    public SenderKeyMessage encrypt(SenderKeyName name, byte[] paddedPlaintext) throws SignalProtocolException {
        Objects.requireNonNull(paddedPlaintext, "paddedPlaintext");
        try (var held = locks.hold(name)) {
            SenderKeyRecord record = store.loadSenderKey(name).orElseThrow(() -> noSenderKey(name, -1));
            SenderKeyState state = record.newest().orElseThrow(() -> noSenderKey(name, -1));
            byte[] signingPrivate = state.signingPrivate().orElseThrow(() -> noSenderKey(name, -1));
            SenderMessageKey key = SenderMessageKey.fromSeed(state.chainKey().messageKeySeed(),
                    state.chainKey().index());
            byte[] ciphertext = Aes.cbcEncrypt(key.cipherKey(), key.iv(), paddedPlaintext);
            SenderKeyMessage message = SenderKeyMessage.create(state.keyId(), key.iteration(), ciphertext,
                    signingPrivate, random);
            state.advance();
            store.storeSenderKey(name, record);
            return message;
        }
    }

    /**
     * Parses and decrypts an {@code skmsg} from {@code name}'s sender.
     *
     * @throws SignalProtocolException {@link SignalError.InvalidMessage} if malformed or undecryptable,
     *                                 {@link SignalError.NoSenderKey} without a matching key,
     *                                 {@link SignalError.InvalidSignature}, {@link SignalError.DuplicateMessage},
     *                                 {@link SignalError.TooManySkippedMessages}
     */
    public byte[] decrypt(SenderKeyName name, byte[] serialized) throws SignalProtocolException {
        return decrypt(name, SenderKeyMessage.parse(serialized), PlaintextCheckpoint.NONE);
    }

    /**
     * Parses and decrypts an {@code skmsg}, handing the plaintext to {@code checkpoint} before the advanced sender
     * key is saved; errors as {@link #decrypt(SenderKeyName, byte[])}.
     */
    public byte[] decrypt(SenderKeyName name, byte[] serialized, PlaintextCheckpoint checkpoint)
            throws SignalProtocolException {
        return decrypt(name, SenderKeyMessage.parse(serialized), checkpoint);
    }

    /** Decrypts a parsed {@code skmsg}; errors as {@link #decrypt(SenderKeyName, byte[])}. */
    public byte[] decrypt(SenderKeyName name, SenderKeyMessage message) throws SignalProtocolException {
        return decrypt(name, message, PlaintextCheckpoint.NONE);
    }

    /**
     * Decrypts a parsed {@code skmsg}, with {@code checkpoint} as in
     * {@link #decrypt(SenderKeyName, byte[], PlaintextCheckpoint)}.
     */
    public byte[] decrypt(SenderKeyName name, SenderKeyMessage message, PlaintextCheckpoint checkpoint)
            throws SignalProtocolException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(checkpoint, "checkpoint");
        try (var held = locks.hold(name)) {
            SenderKeyRecord record = store.loadSenderKey(name)
                    .orElseThrow(() -> noSenderKey(name, -1));
            SenderKeyState state = record.state(message.keyId())
                    .orElseThrow(() -> noSenderKey(name, Integer.toUnsignedLong(message.keyId())));
            // The signature comes first: an unsigned message must not make us derive (or drop) any key.
            if (!message.verifySignature(state.signingPublic())) {
                throw new SignalProtocolException(new SignalError.InvalidSignature("sender key message"));
            }
            SenderKeyStep step = state.prepare(message.iteration());
            byte[] plaintext;
            try {
                plaintext = Aes.cbcDecrypt(step.key().cipherKey(), step.key().iv(), message.ciphertext());
            } catch (CryptoException e) {
                throw new SignalProtocolException(
                        new SignalError.InvalidMessage("sender key ciphertext does not decrypt"), e);
            }
            checkpoint.reached(plaintext.clone());
            state.apply(step);
            store.storeSenderKey(name, record);
            return plaintext;
        }
    }

    private static SignalProtocolException noSenderKey(SenderKeyName name, long keyId) {
        return new SignalProtocolException(new SignalError.NoSenderKey(name.toString(), keyId));
    }
}
