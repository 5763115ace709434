package dev.wagateway.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WHATSAPP_KEYS_DATASTORE_URI is accepted but not supported (issue 22): setting it gives one warning naming where the
 * keys stay, it is no longer listed in docs/configuration.md's tables, and an unset one gives none.
 */
class UnsupportedSettingsTest {

    @TempDir
    Path workingDir;

    @Test
    void aKeysDatastoreUriIsWarnedAboutOnceAndNamesWhereTheKeysStay() {
        Config set = ConfigLoader.load(Map.of("WHATSAPP_KEYS_DATASTORE_URI", "postgres://u:p@127.0.0.1:9/keys"),
                workingDir);
        assertThat(UnsupportedSettings.warnings(set)).singleElement().asString()
                .startsWith("WHATSAPP_KEYS_DATASTORE_URI is set but not supported")
                .contains("the embedded PostgreSQL").doesNotContain("u:p@");

        Config both = ConfigLoader.load(Map.of("WHATSAPP_KEYS_DATASTORE_URI", "postgres://u:p@127.0.0.1:9/keys",
                "WHATSAPP_DATASTORE_URI", "postgres://u:p@127.0.0.1:9/main"), workingDir);
        assertThat(UnsupportedSettings.warnings(both)).singleElement().asString()
                .contains("(WHATSAPP_DATASTORE_URI)");

        assertThat(UnsupportedSettings.warnings(ConfigLoader.load(Map.of(), workingDir))).isEmpty();
    }

    @Test
    void theConfigurationTablesNoLongerListIt() throws Exception {
        String docs = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/configuration.md"));
        assertThat(docs.lines().filter(line -> line.startsWith("|"))).noneMatch(line ->
                line.contains("WHATSAPP_KEYS_DATASTORE_URI"));
        assertThat(docs).contains("WHATSAPP_KEYS_DATASTORE_URI"); // said where it went, outside the tables
    }
}
