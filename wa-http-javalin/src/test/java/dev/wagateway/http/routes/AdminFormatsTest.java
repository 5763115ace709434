package dev.wagateway.http.routes;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AdminFormatsTest {

    @Test
    void uptimeAndMemoryReadAsTheContractShows() {
        assertThat(AdminRoutes.uptime(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(AdminRoutes.uptime(Duration.ofSeconds(185))).isEqualTo("3m 5s");
        assertThat(AdminRoutes.uptime(Duration.ofSeconds(3607))).isEqualTo("1h 0m 7s");
        assertThat(AdminRoutes.uptime(Duration.ofSeconds(2 * 86_400 + 4 * 3600 + 1))).isEqualTo("2d 4h 0m 1s");
        assertThat(AdminRoutes.humanBytes(512)).isEqualTo("512.0 B");
        assertThat(AdminRoutes.humanBytes(12_897_484)).isEqualTo("12.3 MB");
    }
}
