package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.store.BufferedDecryption;
import dev.wagateway.protocol.store.DecryptionBuffer;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decryption buffer behaves the same in PostgreSQL and in memory: pending plaintexts come back, handled
 * entries keep only their hash, old entries are forgotten, and a new store object over the database sees what the
 * old one kept (a restart). {@code clear()} empties it.
 */
class DecryptionBufferTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private static final PostgresDatabase database = TestDatabase.get();

    @Test
    void theInMemoryBufferKeepsHandlesAndForgets() {
        exercise(new InMemoryDeviceStore().decryptionBuffer(), buffer -> buffer);
    }

    @Test
    void thePostgresBufferDoesTheSameAcrossStoreObjects() {
        String key = "buffer-" + UUID.randomUUID();
        exercise(new PostgresDeviceStore(database.jdbi(), key).decryptionBuffer(),
                ignored -> new PostgresDeviceStore(database.jdbi(), key).decryptionBuffer());

        DeviceStore other = new PostgresDeviceStore(database.jdbi(), "buffer-" + UUID.randomUUID());
        other.decryptionBuffer().keep(hash(9), new byte[]{9}, T0);
        other.clear();
        assertThat(other.decryptionBuffer().find(hash(9))).isEmpty();
    }

    private static void exercise(DecryptionBuffer buffer, java.util.function.UnaryOperator<DecryptionBuffer> reopen) {
        assertThat(buffer.find(hash(1))).isEmpty();
        buffer.keep(hash(1), new byte[]{10, 11, 12}, T0);
        buffer.keep(hash(2), new byte[]{20}, T0.plusSeconds(60));
        buffer.keep(hash(3), new byte[]{30}, T0.plusSeconds(120));

        DecryptionBuffer reopened = reopen.apply(buffer);
        assertThat(reopened.find(hash(1))).hasValueSatisfying(entry -> assertThat(entry)
                .isInstanceOfSatisfying(BufferedDecryption.Pending.class,
                        pending -> assertThat(pending.paddedPlaintext()).containsExactly(10, 11, 12)));

        reopened.markHandled(List.of(hash(1), hash(2), hash(7)));
        DecryptionBuffer again = reopen.apply(reopened);
        assertThat(again.find(hash(1))).containsInstanceOf(BufferedDecryption.Handled.class);
        assertThat(again.find(hash(2))).containsInstanceOf(BufferedDecryption.Handled.class);
        assertThat(again.find(hash(3))).containsInstanceOf(BufferedDecryption.Pending.class);
        assertThat(again.find(hash(7))).isEmpty();

        assertThat(again.forgetBefore(T0.plusSeconds(90))).isEqualTo(2);
        assertThat(again.find(hash(1))).isEmpty();
        assertThat(again.find(hash(2))).isEmpty();
        assertThat(again.find(hash(3))).isPresent();
    }

    private static byte[] hash(int seed) {
        byte[] hash = new byte[32];
        java.util.Arrays.fill(hash, (byte) seed);
        return hash;
    }
}
