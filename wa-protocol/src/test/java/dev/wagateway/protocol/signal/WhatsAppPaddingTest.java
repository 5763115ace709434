package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.crypto.SecureRandoms;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WhatsAppPaddingTest {

    private final WhatsAppPadding padding = new WhatsAppPadding(SecureRandoms.create());

    @Test
    void padsWithOneToFifteenBytesOfTheirCountAndRoundTrips() throws Exception {
        Random random = new Random(1);
        Set<Integer> lengthsSeen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            byte[] message = new byte[random.nextInt(64)];
            random.nextBytes(message);
            byte[] padded = padding.pad(message);
            int n = padded.length - message.length;
            lengthsSeen.add(n);
            assertThat(n).isBetween(1, 15);
            assertThat(Arrays.copyOf(padded, message.length)).isEqualTo(message);
            for (int j = message.length; j < padded.length; j++) {
                assertThat(padded[j]).isEqualTo((byte) n);
            }
            assertThat(WhatsAppPadding.unpad(padded)).isEqualTo(message);
        }
        assertThat(lengthsSeen).hasSize(15);
    }

    @Test
    void acceptsSixteenAsBaileysSends() throws Exception {
        byte[] padded = new byte[20];
        Arrays.fill(padded, 4, 20, (byte) 16);
        assertThat(WhatsAppPadding.unpad(padded)).hasSize(4);
    }

    @Test
    void rejectsEmptyZeroOversizedTooLongAndInconsistentPadding() {
        assertInvalid(new byte[0]);
        assertInvalid(new byte[]{1, 2, 0});
        assertInvalid(filledWith(20, 17));
        assertInvalid(new byte[]{3, 3});
        assertInvalid(new byte[]{9, 9, 2, 3, 3});
    }

    private static byte[] filledWith(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static void assertInvalid(byte[] padded) {
        assertThatThrownBy(() -> WhatsAppPadding.unpad(padded))
                .isInstanceOfSatisfying(SignalProtocolException.class,
                        e -> assertThat(e.error()).isInstanceOf(SignalError.InvalidPadding.class));
    }
}
