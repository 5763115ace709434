package dev.wagateway.protocol.version;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebVersionPageTest {

    @Test
    void readsThePlainFormWhatsmeowMatchesAndTheEscapedFormBaileysMatches() {
        assertThat(WebVersionPage.parse("<script>{\"server_revision\":1,\"client_revision\":1045649367,\"x\":2}"))
                .contains(WebVersion.ofRevision(1045649367L));
        assertThat(WebVersionPage.parse("JSON.parse(\"{\\\"client_revision\\\": 1046000001,\\\"y\\\":1}\")"))
                .contains(WebVersion.ofRevision(1046000001L));
    }

    @Test
    void hostileOrForeignTextYieldsNothing() {
        assertThat(WebVersionPage.parse("")).isEmpty();
        assertThat(WebVersionPage.parse("<html>no version here</html>")).isEmpty();
        assertThat(WebVersionPage.parse("\"client_revision\":\"1045649367\"")).isEmpty();
        assertThat(WebVersionPage.parse("\"client_revision\":0,")).isEmpty();
        assertThat(WebVersionPage.parse("\"client_revision\":99999999999,")).isEmpty(); // 11 digits
        assertThat(WebVersionPage.parse("\"client_revision\":4294967296,")).isEmpty(); // beyond uint32
        assertThat(WebVersionPage.parse("\"client_revision\":" + "9".repeat(100_000))).isEmpty();
    }

    @Test
    void whatItRendersItReads() {
        WebVersion version = WebVersion.ofRevision(1050000000L);
        assertThat(WebVersionPage.parse(WebVersionPage.render(version))).contains(version);
        assertThat(WebVersionPage.render(version)).contains("\"client_revision\":1050000000,");
    }

    @Test
    void versionsCompareAndParse() {
        assertThat(WebVersion.parse("2.3000.1045649367")).contains(WebVersion.ofRevision(1045649367L));
        assertThat(WebVersion.parse("2.3000")).isEmpty();
        assertThat(WebVersion.parse("2.3000.x")).isEmpty();
        assertThat(WebVersion.ofRevision(5).olderThan(WebVersion.ofRevision(6))).isTrue();
        assertThat(new WebVersion(3, 0, 0).olderThan(WebVersion.ofRevision(9))).isFalse();
    }
}
