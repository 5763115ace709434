package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Value blobs: IV ‖ ciphertext ‖ MAC, bound to the operation and key id, refused when cut or changed. */
class ValueCipherTest {

    private final SecureRandom random = new SecureRandom();
    private final MutationKeys keys = MutationKeys.expand(bytes(32));
    private final byte[] keyId = bytes(6);

    @Test
    void roundTripsAndBindsOperationAndKeyId() throws AppStateException {
        byte[] plaintext = bytes(50);
        byte[] blob = ValueCipher.encrypt(keys, keyId, SyncdOperation.SET, plaintext, random);
        assertThat(blob).hasSize(16 + 64 + 32);
        assertThat(ValueCipher.decrypt(keys, keyId, SyncdOperation.SET, blob)).isEqualTo(plaintext);
        assertReason(() -> ValueCipher.decrypt(keys, keyId, SyncdOperation.REMOVE, blob),
                AppStateException.Reason.VALUE_MAC_MISMATCH);
        assertReason(() -> ValueCipher.decrypt(keys, bytes(6), SyncdOperation.SET, blob),
                AppStateException.Reason.VALUE_MAC_MISMATCH);
        assertReason(() -> ValueCipher.decrypt(MutationKeys.expand(bytes(32)), keyId, SyncdOperation.SET, blob),
                AppStateException.Reason.VALUE_MAC_MISMATCH);
    }

    @Test
    void theValueMacIsTheOneTheMacsClassComputes() throws AppStateException {
        byte[] iv = bytes(16);
        byte[] blob = ValueCipher.encrypt(keys, keyId, SyncdOperation.REMOVE, bytes(10), iv);
        assertThat(Arrays.copyOf(blob, 16)).isEqualTo(iv);
        assertThat(ValueCipher.valueMacOf(blob)).isEqualTo(AppStateMacs.valueMac(keys.valueMacKey(),
                SyncdOperation.REMOVE, keyId, Arrays.copyOf(blob, blob.length - 32)));
    }

    @Test
    void cutOrMisshapenBlobsAreMalformed() {
        byte[] blob = ValueCipher.encrypt(keys, keyId, SyncdOperation.SET, bytes(40), random);
        for (int length : new int[]{0, 31, 63, blob.length - 1, blob.length - 16 + 1}) {
            assertReason(() -> ValueCipher.decrypt(keys, keyId, SyncdOperation.SET, Arrays.copyOf(blob, length)),
                    AppStateException.Reason.MALFORMED_VALUE);
        }
        assertReason(() -> ValueCipher.decrypt(keys, keyId, SyncdOperation.SET, null),
                AppStateException.Reason.MALFORMED_VALUE);
        assertReason(() -> ValueCipher.valueMacOf(new byte[31]), AppStateException.Reason.MALFORMED_VALUE);
        assertThatThrownBy(() -> ValueCipher.encrypt(keys, keyId, SyncdOperation.SET, bytes(1), bytes(12)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private interface Call {
        void run() throws AppStateException;
    }

    private static void assertReason(Call call, AppStateException.Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AppStateException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
