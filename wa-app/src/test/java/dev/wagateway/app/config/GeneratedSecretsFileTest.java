package dev.wagateway.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedSecretsFileTest {

    @TempDir
    Path dataDir;

    @Test
    void generatedSecretsAreStrongAndKeptAcrossRestarts() {
        ServerSecrets first = new GeneratedSecretsFile(dataDir, new SecureRandom()).resolve(Optional.empty(), Optional.empty());
        ServerSecrets second = new GeneratedSecretsFile(dataDir, new SecureRandom()).resolve(Optional.empty(), Optional.empty());

        assertThat(first.adminGenerated()).isTrue();
        assertThat(first.adminSecret()).hasSize(64).isNotEqualTo(first.jwtSecret());
        assertThat(first.jwtSecret().length()).isGreaterThanOrEqualTo(ConfigLoader.MIN_JWT_SECRET_LENGTH);
        assertThat(second).isEqualTo(first);
        assertThat(first.toString()).doesNotContain(first.adminSecret());
    }

    @Test
    void configuredSecretsWin() {
        ServerSecrets secrets = new GeneratedSecretsFile(dataDir, new SecureRandom())
                .resolve(Optional.of("admin"), Optional.of("j".repeat(40)));

        assertThat(secrets).isEqualTo(new ServerSecrets("admin", "j".repeat(40), false, false));
        assertThat(dataDir.resolve("secrets.properties")).doesNotExist();
    }
}
