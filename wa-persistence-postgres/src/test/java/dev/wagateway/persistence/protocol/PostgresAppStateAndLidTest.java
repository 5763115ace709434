package dev.wagateway.persistence.protocol;

import com.google.protobuf.ByteString;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.appstate.CollectionState;
import dev.wagateway.protocol.appstate.LtHash;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.AppStateSyncKey;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * App-state keys and collection states and LID pairings survive a new store object over the same database, behave
 * like the in-memory store, and go with {@code clear()}.
 */
class PostgresAppStateAndLidTest {

    private static final PostgresDatabase database = TestDatabase.get();

    @Test
    void postgresAndMemoryKeepTheSameState() {
        String key = "app-state-" + UUID.randomUUID();
        exercise(new PostgresDeviceStore(database.jdbi(), key));
        verify(new PostgresDeviceStore(database.jdbi(), key)); // a new object: the state came from the database
        exercise(new InMemoryDeviceStore());

        new PostgresDeviceStore(database.jdbi(), key).clear();
        DeviceStore cleared = new PostgresDeviceStore(database.jdbi(), key);
        assertThat(cleared.appState().collection("regular")).isEmpty();
        assertThat(cleared.appState().keyData(new byte[]{1, 2})).isEmpty();
        assertThat(cleared.lidMappings().lidOf(Jid.user("15550001111"))).isEmpty();
    }

    private static void exercise(DeviceStore store) {
        store.appState().saveSyncKey(new AppStateSyncKey(new byte[]{1, 2}, bytes(32, 7), bytes(4, 1), 1234L));
        store.appState().saveSyncKey(new AppStateSyncKey(new byte[]{1, 2}, bytes(32, 8), bytes(4, 1), 1235L));
        // an older key shared later: our patches keep using the newest one (protocol §10.2)
        store.appState().saveSyncKey(new AppStateSyncKey(new byte[]{3}, bytes(32, 2), bytes(4, 1), 1000L));
        store.appState().saveCollection(new CollectionState("regular", 42, LtHash.of(bytes(128, 3)),
                Map.of(ByteString.copyFrom(bytes(32, 4)), ByteString.copyFrom(bytes(32, 5)),
                        ByteString.copyFrom(bytes(32, 6)), ByteString.copyFrom(bytes(32, 9)))));
        store.lidMappings().save(Jid.user("15550001111"), new Jid("900001", 0, 0, Jid.LID_SERVER));
        // the number got a new LID: the old pairing is gone in both directions
        store.lidMappings().save(Jid.user("15550001111").withDevice(3), new Jid("900002", 0, 0, Jid.LID_SERVER));
        verify(store);
    }

    private static void verify(DeviceStore store) {
        assertThat(store.appState().keyData(new byte[]{1, 2})).hasValueSatisfying(data ->
                assertThat(data).isEqualTo(bytes(32, 8)));
        assertThat(store.appState().keyData(new byte[]{9})).isEmpty();
        assertThat(store.appState().latestSyncKey()).hasValueSatisfying(key -> {
            assertThat(key.keyId()).isEqualTo(new byte[]{1, 2});
            assertThat(key.keyData()).isEqualTo(bytes(32, 8));
        });
        CollectionState regular = store.appState().collection("regular").orElseThrow();
        assertThat(regular.version()).isEqualTo(42);
        assertThat(regular.hash().bytes()).isEqualTo(bytes(128, 3));
        assertThat(regular.valueMacs()).hasSize(2)
                .containsEntry(ByteString.copyFrom(bytes(32, 6)), ByteString.copyFrom(bytes(32, 9)));
        assertThat(store.appState().collection("critical_block")).isEmpty();
        assertThat(store.lidMappings().lidOf(Jid.user("15550001111")))
                .contains(new Jid("900002", 0, 0, Jid.LID_SERVER));
        assertThat(store.lidMappings().phoneOf(new Jid("900002", 0, 0, Jid.LID_SERVER)))
                .contains(Jid.user("15550001111"));
        assertThat(store.lidMappings().phoneOf(new Jid("900001", 0, 0, Jid.LID_SERVER))).isEmpty();
    }

    private static byte[] bytes(int length, int value) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }
}
