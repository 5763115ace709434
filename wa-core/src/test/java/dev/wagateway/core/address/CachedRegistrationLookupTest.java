package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code WHATSAPP_ISON_CACHE_*}: answers (yes and no) are reused for the TTL by every device, only the numbers not
 * cached are asked, together, and the cache never holds more than its maximum.
 */
class CachedRegistrationLookupTest {

    private static final UUID DEVICE = UUID.randomUUID();
    private static final UUID OTHER_DEVICE = UUID.randomUUID();

    /** What WhatsApp knows: numbers ending in an even digit have an account. Records each question. */
    private final List<List<String>> asked = new ArrayList<>();
    private final RegistrationLookup whatsApp = (deviceId, numbers) -> {
        asked.add(List.copyOf(numbers));
        Map<String, Optional<Jid>> answers = new LinkedHashMap<>();
        numbers.forEach(number -> answers.put(number, (number.charAt(number.length() - 1) - '0') % 2 == 0
                ? Jid.tryParse(number + "@s.whatsapp.net") : Optional.empty()));
        return answers;
    };

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void answersAreReusedByEveryDeviceUntilTheyExpire() {
        CachedRegistrationLookup cache = new CachedRegistrationLookup(whatsApp, Duration.ofMinutes(5), 100, clock);

        assertThat(cache.lookup(DEVICE, PhoneNumber.parse("15550000002"))).isPresent();
        assertThat(cache.lookup(OTHER_DEVICE, PhoneNumber.parse("15550000002"))).isPresent();
        assertThat(cache.lookup(DEVICE, PhoneNumber.parse("15550000001"))).isEmpty();
        assertThat(cache.lookup(DEVICE, PhoneNumber.parse("15550000001"))).as("a no is kept too").isEmpty();
        assertThat(asked).containsExactly(List.of("15550000002"), List.of("15550000001"));

        now = now.plus(Duration.ofMinutes(5));
        cache.lookup(DEVICE, PhoneNumber.parse("15550000002"));
        assertThat(asked).hasSize(3);
    }

    @Test
    void onlyTheNumbersNotCachedAreAskedTogether() {
        CachedRegistrationLookup cache = new CachedRegistrationLookup(whatsApp, Duration.ofMinutes(5), 100, clock);
        cache.lookup(DEVICE, PhoneNumber.parse("15550000002"));

        Map<String, Optional<Jid>> answers = cache.lookupAll(DEVICE,
                List.of("15550000004", "15550000002", "15550000003"));

        assertThat(answers.keySet()).containsExactly("15550000004", "15550000002", "15550000003");
        assertThat(answers.get("15550000003")).isEmpty();
        assertThat(answers.get("15550000004")).isPresent();
        assertThat(asked).containsExactly(List.of("15550000002"), List.of("15550000004", "15550000003"));
    }

    @Test
    void theCacheNeverHoldsMoreThanItsMaximum() {
        CachedRegistrationLookup cache = new CachedRegistrationLookup(whatsApp, Duration.ofMinutes(5), 3, clock);
        for (int i = 0; i < 10; i++) {
            cache.lookup(DEVICE, PhoneNumber.parse("1555000001" + i));
        }
        assertThat(cache.size()).isEqualTo(3);
    }
}
