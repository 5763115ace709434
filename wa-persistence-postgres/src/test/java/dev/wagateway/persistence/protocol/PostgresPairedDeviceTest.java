package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.PairedDevice;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The pairing is read on every send from the store's copy; that copy follows saves and {@code clear()}. */
class PostgresPairedDeviceTest {

    private static final PostgresDatabase database = TestDatabase.get();

    @Test
    void theKeptPairingFollowsSavesAndClearAndMatchesTheDatabase() {
        String key = "paired-" + UUID.randomUUID();
        PostgresDeviceStore store = new PostgresDeviceStore(database.jdbi(), key);
        assertThat(store.pairedDevice()).isEmpty();
        PairedDevice paired = new PairedDevice(Jid.parse("15550002222:3@s.whatsapp.net"), null, "android", "",
                new byte[]{1, 2, 3}, 1, "");
        store.savePairedDevice(paired);
        assertThat(store.pairedDevice()).contains(paired);

        PairedDevice renamed = paired.withPushName("Shop").withLid(Jid.parse("900003:3@lid"));
        store.savePairedDevice(renamed);
        assertThat(store.pairedDevice()).contains(renamed);
        assertThat(new PostgresDeviceStore(database.jdbi(), key).pairedDevice()).contains(renamed);

        store.clear();
        assertThat(store.pairedDevice()).isEmpty();
        assertThat(new PostgresDeviceStore(database.jdbi(), key).pairedDevice()).isEmpty();
    }
}
