package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryWaitingDeliveries;
import dev.wagateway.protocol.store.WaitingDeliveries;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deliveries waiting for devices' keys behave the same in PostgreSQL and in memory: kept in order with their
 * content, replaced by device and id, forgotten one by one; a new store object over the database sees what the old
 * one kept (a restart), another device's store does not, and {@code clear()} empties it.
 */
class WaitingDeliveriesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final Jid BOB = Jid.parse("15550001111:2@s.whatsapp.net");
    private static final Jid CAROL = Jid.parse("98765432101234:3@lid");
    private static final Jid GROUP = Jid.parse("120363000000000001@g.us");

    private static final PostgresDatabase database = TestDatabase.get();

    @Test
    void inMemory() {
        exercise(new InMemoryWaitingDeliveries(), store -> store);
    }

    @Test
    void inPostgresAcrossStoreObjects() {
        String key = "waiting-" + UUID.randomUUID();
        exercise(new PostgresDeviceStore(database.jdbi(), key).waitingDeliveries(),
                ignored -> new PostgresDeviceStore(database.jdbi(), key).waitingDeliveries());

        DeviceStore other = new PostgresDeviceStore(database.jdbi(), "waiting-" + UUID.randomUUID());
        other.waitingDeliveries().keep(new WaitingDeliveries.Entry(BOB, "M9", GROUP, new byte[]{9}, T0));
        assertThat(new PostgresDeviceStore(database.jdbi(), key).waitingDeliveries().all())
                .noneMatch(entry -> entry.id().equals("M9"));
        other.clear();
        assertThat(other.waitingDeliveries().all()).isEmpty();
    }

    private static void exercise(WaitingDeliveries store, UnaryOperator<WaitingDeliveries> reopen) {
        assertThat(store.all()).isEmpty();
        store.keep(new WaitingDeliveries.Entry(BOB, "M1", GROUP, new byte[]{1, 2, 3}, T0));
        store.keep(new WaitingDeliveries.Entry(CAROL, "M1", GROUP, new byte[]{1, 2, 3}, T0));
        store.keep(new WaitingDeliveries.Entry(BOB, "M2", Jid.user("15550001111"), new byte[]{4}, T0.plusSeconds(1)));

        WaitingDeliveries reopened = reopen.apply(store);
        assertThat(reopened.all()).containsExactly(
                new WaitingDeliveries.Entry(BOB, "M1", GROUP, new byte[]{1, 2, 3}, T0),
                new WaitingDeliveries.Entry(CAROL, "M1", GROUP, new byte[]{1, 2, 3}, T0),
                new WaitingDeliveries.Entry(BOB, "M2", Jid.user("15550001111"), new byte[]{4}, T0.plusSeconds(1)));

        reopened.forget(BOB, "M1");
        reopened.forget(BOB, "NONE");
        reopened.keep(new WaitingDeliveries.Entry(BOB, "M2", Jid.user("15550001111"), new byte[]{5},
                T0.plusSeconds(2)));
        assertThat(reopen.apply(reopened).all()).extracting(entry -> entry.device() + "/" + entry.id())
                .containsExactly(CAROL + "/M1", BOB + "/M2");
        assertThat(reopen.apply(reopened).all().getLast().message()).containsExactly(5);
    }
}
