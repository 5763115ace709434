package dev.wagateway.app.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FileMediaStoreTest {

    @TempDir
    Path root;

    @Test
    void theRetentionPassDeletesPartsAKilledGatewayLeftAndKeepsTheOnesInUse() throws Exception {
        FileMediaStore store = new FileMediaStore(root);
        Instant now = Instant.now();
        Path abandoned = store.newTempFile();
        Files.write(abandoned, new byte[512]);
        Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(Duration.ofDays(31))));
        Path inUse = store.newTempFile();
        Files.write(inUse, new byte[512]);

        int entriesDeleted = store.deleteOlderThan(now.minus(Duration.ofDays(30)));

        assertThat(entriesDeleted).as("parts are not received files").isZero();
        assertThat(abandoned).doesNotExist();
        assertThat(inUse).exists();
    }
}
