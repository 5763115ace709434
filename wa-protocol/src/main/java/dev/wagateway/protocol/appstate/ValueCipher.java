package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encryption of a record's value blob (protocol §10.4): {@code IV(16) ‖ AES-256-CBC(valueEncryptionKey, IV,
 * SyncActionData) ‖ valueMac(32)}, the value MAC binding the ciphertext to the operation and the sync key id.
 */
public final class ValueCipher {

    /** Length of the IV at the start of a blob. */
    public static final int IV_LENGTH = 16;
    /** The shortest possible blob: IV, one AES block, value MAC. */
    public static final int MIN_BLOB_LENGTH = IV_LENGTH + 16 + AppStateMacs.MAC_LENGTH;

    private ValueCipher() {
    }

    /** Encrypts the encoded {@code SyncActionData} with a fresh random IV. */
    public static byte[] encrypt(MutationKeys keys, byte[] keyId, SyncdOperation operation, byte[] plaintext,
                                 SecureRandom random) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        return encrypt(keys, keyId, operation, plaintext, iv);
    }

    /** Encrypts the encoded {@code SyncActionData} with the given 16-byte IV. */
    public static byte[] encrypt(MutationKeys keys, byte[] keyId, SyncdOperation operation, byte[] plaintext,
                                 byte[] iv) {
        if (iv == null || iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("a value blob IV has 16 bytes");
        }
        byte[] ciphertext = Aes.cbcEncrypt(keys.valueEncryptionKey(), iv, plaintext);
        byte[] blob = new byte[IV_LENGTH + ciphertext.length + AppStateMacs.MAC_LENGTH];
        System.arraycopy(iv, 0, blob, 0, IV_LENGTH);
        System.arraycopy(ciphertext, 0, blob, IV_LENGTH, ciphertext.length);
        byte[] ivAndCiphertext = Arrays.copyOf(blob, IV_LENGTH + ciphertext.length);
        byte[] mac = AppStateMacs.valueMac(keys.valueMacKey(), operation, keyId, ivAndCiphertext);
        System.arraycopy(mac, 0, blob, IV_LENGTH + ciphertext.length, AppStateMacs.MAC_LENGTH);
        return blob;
    }

    /**
     * Checks the value MAC (in constant time) and decrypts; returns the encoded {@code SyncActionData}.
     *
     * @throws AppStateException {@code MALFORMED_VALUE} for a truncated blob or bad padding,
     *                           {@code VALUE_MAC_MISMATCH} when the MAC does not match
     */
    public static byte[] decrypt(MutationKeys keys, byte[] keyId, SyncdOperation operation, byte[] blob)
            throws AppStateException {
        if (blob == null || blob.length < MIN_BLOB_LENGTH || (blob.length - MIN_BLOB_LENGTH) % 16 != 0) {
            throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                    "value blob of " + (blob == null ? 0 : blob.length) + " bytes is not IV ‖ AES blocks ‖ MAC");
        }
        int macOffset = blob.length - AppStateMacs.MAC_LENGTH;
        byte[] ivAndCiphertext = Arrays.copyOf(blob, macOffset);
        byte[] expected = AppStateMacs.valueMac(keys.valueMacKey(), operation, keyId, ivAndCiphertext);
        if (!ConstantTime.equals(expected, Arrays.copyOfRange(blob, macOffset, blob.length))) {
            throw new AppStateException(AppStateException.Reason.VALUE_MAC_MISMATCH, "app-state value MAC mismatch");
        }
        try {
            return Aes.cbcDecrypt(keys.valueEncryptionKey(), Arrays.copyOf(blob, IV_LENGTH),
                    Arrays.copyOfRange(blob, IV_LENGTH, macOffset));
        } catch (CryptoException e) {
            throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                    "app-state value does not decrypt: " + e.getMessage(), e);
        }
    }

    /**
     * The value MAC carried by a blob: its last 32 bytes.
     *
     * @throws AppStateException {@code MALFORMED_VALUE} when the blob is shorter than a MAC
     */
    public static byte[] valueMacOf(byte[] blob) throws AppStateException {
        if (blob == null || blob.length < AppStateMacs.MAC_LENGTH) {
            throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE, "value blob shorter than its MAC");
        }
        return Arrays.copyOfRange(blob, blob.length - AppStateMacs.MAC_LENGTH, blob.length);
    }
}
