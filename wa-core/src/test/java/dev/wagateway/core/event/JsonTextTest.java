package dev.wagateway.core.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTextTest {

    @Test
    void writesValuesInOrderWithEscapes() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "quote \" backslash \\ newline \n tab \t nul \u0000 line-sep \u2028 é 😀");
        data.put("n", 42L);
        data.put("small", 7);
        data.put("rate", 12.5);
        data.put("yes", true);
        data.put("none", null);
        data.put("absent", Optional.empty());
        data.put("list", List.of("a", 1));
        data.put("at", Instant.parse("2026-11-24T10:15:30.123456789Z"));
        assertThat(JsonText.write(data)).isEqualTo("{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t nul "
                + "\\u0000 line-sep \\u2028 é 😀\",\"n\":42,\"small\":7,\"rate\":12.5,\"yes\":true,\"none\":null,"
                + "\"absent\":null,\"list\":[\"a\",1],\"at\":\"2026-11-24T10:15:30.123456789Z\"}");
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> JsonText.write(Map.of("x", new Object()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonText.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonText.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonText.write(Arrays.asList(new byte[1]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEventEnvelopeHasTheContractsKeys() {
        UUID device = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
        GatewayEvent event = new GatewayEvent("message.received", device, Instant.parse("2026-03-25T10:15:30Z"),
                Map.of("message_id", "3EB0"), "chat");
        assertThat(event.toJson()).isEqualTo("{\"event_type\":\"message.received\",\"device_id\":\"" + device
                + "\",\"timestamp\":\"2026-03-25T10:15:30Z\",\"data\":{\"message_id\":\"3EB0\"}}");
    }
}
