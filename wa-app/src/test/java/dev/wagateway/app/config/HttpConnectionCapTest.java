package dev.wagateway.app.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default cap on HTTP connections: half the open-file limit, bounded for memory. */
class HttpConnectionCapTest {

    @Test
    void halfTheOpenFileLimitAtMostTheDefaultAndASetValueWins() {
        assertThat(HttpConnectionCap.forOpenFileLimit(1_000)).isEqualTo(500);
        assertThat(HttpConnectionCap.forOpenFileLimit(20_000)).isEqualTo(HttpConnectionCap.DEFAULT_MAX);
        assertThat(HttpConnectionCap.forOpenFileLimit(0)).isEqualTo(HttpConnectionCap.DEFAULT_MAX);
        assertThat(HttpConnectionCap.forOpenFileLimit(1)).isEqualTo(1);
        assertThat(HttpConnectionCap.resolve(77)).isEqualTo(77);
        assertThat(HttpConnectionCap.resolve(0)).isBetween(1, HttpConnectionCap.DEFAULT_MAX);
    }
}
