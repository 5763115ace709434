package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.sandbox.WebVersionGate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin version routes of api.md §6.1: the version new connections announce, read from the version page (the
 * sandbox's in sandbox mode) on demand, and refused with the contract's 500 when the page cannot be read.
 */
class WebVersionApiTest {

    @Test
    void theAdminReadsAndRefreshesTheVersionFromTheVersionPage() {
        try (TestGateway gateway = TestGateway.start()) {
            WebVersion published = WebVersion.ofRevision(WebVersionGate.DEFAULT_CURRENT.tertiary() + 4242);
            gateway.application().sandbox().orElseThrow().webVersions().current(published);

            JsonNode refreshed = gateway.admin("POST", "/admin/whatsapp/version/refresh", null)
                    .ok("WhatsApp Web version refresh completed");
            assertThat(refreshed.path("refreshed").asBoolean()).isTrue();
            assertThat(refreshed.path("wa_web_version").path("string").asText()).isEqualTo(published.toString());
            assertThat(refreshed.path("wa_web_version").path("array").path(2).asLong())
                    .isEqualTo(published.tertiary());
            assertThat(refreshed.path("last_refreshed").isTextual()).isTrue();
            assertThat(refreshed.path("last_error").asText()).isEmpty();

            JsonNode read = gateway.admin("GET", "/admin/whatsapp/version", null)
                    .ok("WhatsApp Web version retrieved successfully");
            assertThat(read.path("wa_web_version").path("string").asText()).isEqualTo(published.toString());

            // nothing newer: a second forced refresh reads the page but changes nothing
            JsonNode again = gateway.admin("POST", "/admin/whatsapp/version/refresh?force=true", null)
                    .ok("WhatsApp Web version refresh completed");
            assertThat(again.path("refreshed").asBoolean()).isFalse();
            assertThat(gateway.admin("POST", "/admin/whatsapp/version/refresh?force=maybe", null).status())
                    .isEqualTo(400);
            assertThat(gateway.call("GET", "/admin/whatsapp/version", null, Map.of()).status()).isEqualTo(401);
        }
    }

    @Test
    void anUnreachableVersionPageIsA500AndTheLastGoodVersionStays() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_WEB_VERSION_URL", "http://127.0.0.1:9/"))) {
            TestGateway.Answer failed = gateway.admin("POST", "/admin/whatsapp/version/refresh", null);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.message()).startsWith("Failed to refresh WhatsApp Web version: ");
            JsonNode read = gateway.admin("GET", "/admin/whatsapp/version", null)
                    .ok("WhatsApp Web version retrieved successfully");
            assertThat(read.path("last_error").asText()).isNotEmpty();
            assertThat(read.path("last_refreshed").isNull()).isTrue();
            assertThat(read.path("wa_web_version").path("string").asText()).startsWith("2.3000.");
        }
    }
}
