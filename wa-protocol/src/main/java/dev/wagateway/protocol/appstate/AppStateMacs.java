package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The four MACs that protect app state (protocol §10.4, §10.5). */
public final class AppStateMacs {

    /** Length of a value MAC (HMAC-SHA512 truncated) and of the other three MACs (HMAC-SHA256). */
    public static final int MAC_LENGTH = 32;

    private AppStateMacs() {
    }

    /** {@code HMAC-SHA256(indexKey, indexJson)}: the record's index as the server sees it. */
    public static byte[] indexMac(byte[] indexKey, byte[] indexJson) {
        return Hmac.sha256(indexKey, indexJson);
    }

    /**
     * {@code HMAC-SHA512(valueMacKey, [operation + 1] ‖ keyId ‖ ivAndCiphertext ‖ u64be(len(keyId) + 1))[0:32]}.
     * The operation byte binds the value to SET (1) or REMOVE (2).
     */
    public static byte[] valueMac(byte[] valueMacKey, SyncdOperation operation, byte[] keyId, byte[] ivAndCiphertext) {
        byte[] operationByte = {(byte) (operation.getNumber() + 1)};
        byte[] mac = Hmac.sha512(valueMacKey, operationByte, keyId, ivAndCiphertext, u64(keyId.length + 1L));
        return Arrays.copyOf(mac, MAC_LENGTH);
    }

    /** {@code HMAC-SHA256(snapshotMacKey, ltHash ‖ u64be(version) ‖ collectionName)}. */
    public static byte[] snapshotMac(byte[] snapshotMacKey, LtHash hash, long version, String collectionName) {
        return Hmac.sha256(snapshotMacKey, hash.bytes(), u64(version), ascii(collectionName));
    }

    /**
     * {@code HMAC-SHA256(patchMacKey, snapshotMac ‖ valueMac₁ ‖ … ‖ valueMacₙ ‖ u64be(version) ‖ collectionName)},
     * the value MACs in mutation order.
     */
    public static byte[] patchMac(byte[] patchMacKey, byte[] snapshotMac, List<byte[]> valueMacs, long version,
                                  String collectionName) {
        byte[][] parts = new byte[valueMacs.size() + 3][];
        parts[0] = snapshotMac;
        for (int i = 0; i < valueMacs.size(); i++) {
            parts[i + 1] = valueMacs.get(i);
        }
        parts[parts.length - 2] = u64(version);
        parts[parts.length - 1] = ascii(collectionName);
        return Hmac.sha256(patchMacKey, parts);
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static byte[] ascii(String collectionName) {
        return collectionName.getBytes(StandardCharsets.US_ASCII);
    }
}
