package dev.wagateway.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A phone keeps its newest files at hand and no more (the older ones are fetched again from the media host). */
class RecentMediaTest {

    @Test
    void theEldestFileGoesWhenTheStoreIsFull() {
        RecentMedia media = new RecentMedia(2);
        media.put("3EB0A1", new byte[] {1});
        media.put("3EB0A2", new byte[] {2});
        media.put("3EB0A3", new byte[] {3});

        assertThat(media.get("3EB0A1")).isEmpty();
        assertThat(media.get("3EB0A2")).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(2));
        assertThat(media.get("3EB0A3")).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(3));
    }

    @Test
    void aStoreKeepsAtLeastOneFile() {
        assertThatThrownBy(() -> new RecentMedia(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
