package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersionStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The last good web version survives a new store object over the same database; a save replaces it. */
class PostgresWebVersionStoreTest {

    private static final PostgresDatabase database = TestDatabase.get();

    @Test
    void theLastSavedVersionIsKept() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new PostgresWebVersionStore(database.jdbi())
                .save(new WebVersionStore.Fetched(WebVersion.ofRevision(1045649367L), first));
        new PostgresWebVersionStore(database.jdbi())
                .save(new WebVersionStore.Fetched(WebVersion.ofRevision(1046000000L), first.plusSeconds(60)));

        assertThat(new PostgresWebVersionStore(database.jdbi()).load()).contains(
                new WebVersionStore.Fetched(WebVersion.ofRevision(1046000000L), first.plusSeconds(60)));
    }
}
