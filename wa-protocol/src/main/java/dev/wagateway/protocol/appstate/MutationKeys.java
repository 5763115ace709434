package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.crypto.Hkdf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The five keys of one app-state sync key (protocol §10.2): {@code HKDF(keyData, no salt, "WhatsApp Mutation Keys",
 * 160)} cut in 32-byte pieces, in this order.
 *
 * @param indexKey           HMAC-SHA256 key of index MACs
 * @param valueEncryptionKey AES-256-CBC key of value blobs
 * @param valueMacKey        HMAC-SHA512 key of value MACs
 * @param snapshotMacKey     HMAC-SHA256 key of snapshot MACs
 * @param patchMacKey        HMAC-SHA256 key of patch MACs
 */
public record MutationKeys(byte[] indexKey, byte[] valueEncryptionKey, byte[] valueMacKey, byte[] snapshotMacKey,
                           byte[] patchMacKey) {

    /** Length of each key and of the {@code keyData} they are expanded from. */
    public static final int KEY_LENGTH = 32;

    private static final byte[] INFO = "WhatsApp Mutation Keys".getBytes(StandardCharsets.US_ASCII);

    public MutationKeys {
        for (byte[] key : new byte[][]{indexKey, valueEncryptionKey, valueMacKey, snapshotMacKey, patchMacKey}) {
            if (key == null || key.length != KEY_LENGTH) {
                throw new IllegalArgumentException("every app-state mutation key has 32 bytes");
            }
        }
    }

    /** Expands the 32-byte {@code keyData} of an app-state sync key. */
    public static MutationKeys expand(byte[] keyData) {
        if (keyData == null || keyData.length != KEY_LENGTH) {
            throw new IllegalArgumentException("app-state sync key data has 32 bytes");
        }
        byte[] x = Hkdf.derive(keyData, null, INFO, 5 * KEY_LENGTH);
        return new MutationKeys(slice(x, 0), slice(x, 1), slice(x, 2), slice(x, 3), slice(x, 4));
    }

    private static byte[] slice(byte[] expanded, int index) {
        return Arrays.copyOfRange(expanded, index * KEY_LENGTH, (index + 1) * KEY_LENGTH);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "MutationKeys[...]";
    }
}
