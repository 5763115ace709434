package dev.wagateway.protocol.binary;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The array-backed attributes behave as the ordered map they replace, small and large. */
class AttributesTest {

    @Test
    void aRepeatedNameKeepsItsFirstPlaceAndItsLastValueLikeAMapPut() {
        for (int count : List.of(3, Attributes.INDEXED_FROM + 5)) {
            String[] pairs = new String[count * 2 + 2];
            LinkedHashMap<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                pairs[2 * i] = "name" + i;
                pairs[2 * i + 1] = "value" + i;
                expected.put("name" + i, "value" + i);
            }
            pairs[2 * count] = "name1";
            pairs[2 * count + 1] = "again";
            expected.put("name1", "again");

            Attributes attributes = Attributes.ofPairs(pairs, count + 1);

            assertThat(attributes).containsExactlyEntriesOf(expected);
            assertThat(attributes).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(attributes.get("name1")).isEqualTo("again");
            assertThat(attributes.get("absent")).isNull();
            assertThat(attributes.containsKey("name" + (count - 1))).isTrue();
            assertThat(attributes.size()).isEqualTo(count);
        }
    }

    @Test
    void nodesBuiltOrDecodedCompareEqualAndKeepTheirOrder() throws MalformedNodeException {
        Node built = Node.builder("message").attribute("to", "15550001111@s.whatsapp.net").attribute("id", "X1")
                .attribute("type", "text").build();
        Node decoded = NodeDecoder.decode(NodeEncoder.encode(built));
        assertThat(decoded).isEqualTo(built);
        assertThat(decoded.attributes().keySet()).containsExactly("to", "id", "type");
        assertThat(decoded.attributes()).isEqualTo(Map.of("to", "15550001111@s.whatsapp.net", "id", "X1",
                "type", "text"));
        assertThat(decoded.toString()).isEqualTo(built.toString());
    }
}
