package dev.wagateway.app.api;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API key's {@code rate_limit_per_hour} holds across all its devices (issue 22; the original only stored it):
 * the send over it is refused with 429 {@code Too many requests}, {@code Retry-After} and the quota in headers, on
 * every device of that key, and nothing goes out; another customer's devices are not affected.
 */
class ApiKeyQuotaTest {

    private static final String FIRST = "15553010101";
    private static final String SECOND = "15553020202";
    private static final String OTHER = "15553030303";
    private static final String CUSTOMER = "15553040404";

    @Test
    void aKeyOverItsHourlyQuotaGets429OnEveryDeviceAndOthersDoNot() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            TestGateway.Answer created = gateway.admin("POST", "/admin/api-keys",
                    "{\"customer_name\":\"Small plan\",\"max_devices\":2,\"rate_limit_per_hour\":3}");
            String key = created.json().path("data").path("api_key").asText();
            String first = gateway.createDevice(key, "first").path("token").asText();
            String second = gateway.createDevice(key, "second").path("token").asText();
            gateway.pair(first, FIRST);
            gateway.pair(second, SECOND);
            String other = gateway.pairedDevice(OTHER);
            gateway.phone(CUSTOMER);

            assertThat(send(gateway, first, "one").status()).isEqualTo(200);
            assertThat(send(gateway, second, "two").status()).isEqualTo(200);
            assertThat(send(gateway, first, "three").status()).isEqualTo(200);

            for (String token : new String[] {second, first}) {
                TestGateway.Answer refused = send(gateway, token, "over the quota");
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.message()).isEqualTo("Too many requests");
                var headers = refused.response().headers();
                assertThat(headers.firstValueAsLong("Retry-After").orElse(0)).isBetween(1L, 3600L);
                assertThat(headers.firstValue("X-RateLimit-Limit")).contains("3");
                assertThat(headers.firstValue("X-RateLimit-Remaining")).contains("0");
                assertThat(headers.firstValueAsLong("X-RateLimit-Reset").orElse(0))
                        .isGreaterThan(System.currentTimeMillis() / 1000);
            }
            assertThat(send(gateway, other, "another customer").status()).isEqualTo(200);

            TestGateway.await(() -> gateway.sandbox().phoneMessages(CUSTOMER).size() == 4, "the admitted sends");
            assertThat(gateway.sandbox().phoneMessages(CUSTOMER)).extracting(m -> m.text())
                    .containsExactlyInAnyOrder("one", "two", "three", "another customer");
            assertThat(gateway.device(first, "GET", "/chats/" + CUSTOMER + "/messages", null).json().path("data")
                    .path("messages").size()).as("a refused send is not stored").isEqualTo(2);
        }
    }

    private static TestGateway.Answer send(TestGateway gateway, String token, String text) {
        return gateway.device(token, "POST", "/chats/" + CUSTOMER + "/messages", "{\"text\":\"" + text + "\"}");
    }
}
