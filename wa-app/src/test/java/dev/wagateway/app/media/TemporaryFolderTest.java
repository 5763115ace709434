package dev.wagateway.app.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemporaryFolderTest {

    @TempDir
    Path dataDir;

    @Test
    void whatAPreviousRunLeftIsDeletedAndTheRestOfTheDataFolderKept() throws Exception {
        Path folder;
        try (TemporaryFolder first = TemporaryFolder.open(dataDir)) {
            folder = first.path();
            assertThat(folder).isEqualTo(dataDir.resolve("tmp").toAbsolutePath());
            // what a killed gateway leaves: a spooled upload, a transfer's folder with a part in it
            Files.write(folder.resolve("wa-upload-body-1.bin"), new byte[1024]);
            Files.write(Files.createDirectories(folder.resolve("transfer")).resolve("x.part"), new byte[16]);
        }
        Files.writeString(dataDir.resolve("secrets.properties"), "kept");

        try (TemporaryFolder second = TemporaryFolder.open(dataDir)) {
            assertThat(second.path()).isEqualTo(folder);
            try (var left = Files.list(folder)) {
                assertThat(left.map(path -> path.getFileName().toString())).containsExactly(".lock");
            }
        }
        assertThat(dataDir.resolve("secrets.properties")).hasContent("kept");
    }

    @Test
    void aFolderInUseByAnotherRunningGatewayIsSharedNotEmptied() throws Exception {
        try (TemporaryFolder running = TemporaryFolder.open(dataDir)) {
            Path upload = Files.write(running.path().resolve("wa-upload-body-2.bin"), new byte[64]);
            try (TemporaryFolder another = TemporaryFolder.open(dataDir)) {
                assertThat(another.path()).isEqualTo(running.path());
                assertThat(upload).exists();
            }
        }
    }

    @Test
    void aFolderThatCannotBeMadeStopsTheStartWithItsName() throws Exception {
        Files.writeString(dataDir.resolve("tmp"), "a file where the folder should be");
        assertThatThrownBy(() -> TemporaryFolder.open(dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot prepare the temporary folder").hasMessageContaining("tmp");
    }
}
