package dev.wagateway.protocol.signal.ratchet;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * What an initiator repeats in every {@code pkmsg} until the responder has answered: which of the responder's keys
 * it used and its base key.
 *
 * @param preKeyId       the responder's one-time pre-key used, if any
 * @param signedPreKeyId the responder's signed pre-key used
 * @param baseKey        our base public key, raw 32 bytes
 */
public record PendingPreKey(OptionalInt preKeyId, int signedPreKeyId, byte[] baseKey) {

    /** Keeps a copy of the base key. */
    public PendingPreKey {
        if (preKeyId == null || baseKey == null || baseKey.length != 32) {
            throw new IllegalArgumentException("a pending pre-key needs an optional id and a 32-byte base key");
        }
        baseKey = baseKey.clone();
    }

    @Override
    public byte[] baseKey() {
        return baseKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingPreKey pending && preKeyId.equals(pending.preKeyId)
                && signedPreKeyId == pending.signedPreKeyId && Arrays.equals(baseKey, pending.baseKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(baseKey);
    }

    @Override
    public String toString() {
        return "PendingPreKey[preKeyId=" + preKeyId + ", signedPreKeyId=" + signedPreKeyId + ", baseKey="
                + HexFormat.of().formatHex(baseKey) + "]";
    }
}
