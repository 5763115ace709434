package dev.wagateway.core.secret;

import dev.wagateway.core.apikey.ApiKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {

    private final SecretGenerator generator = new SecretGenerator(new SecureRandom());

    @Test
    void secretsHaveTheContractsFormatsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = generator.apiKey();
            assertThat(key).matches("wam_[0-9a-f]{28}");
            assertThat(generator.deviceSecret()).matches("[0-9a-f]{64}");
            assertThat(seen.add(key)).isTrue();
        }
    }

    @Test
    void hashesMatchOnlyTheirSecretAndRoundTrip() {
        String secret = generator.deviceSecret();
        SecretHash hash = SecretHash.of(secret);
        assertThat(hash.matches(secret)).isTrue();
        assertThat(hash.matches(secret.substring(1))).isFalse();
        assertThat(hash.matches(null)).isFalse();
        assertThat(SecretHash.fromBytes(hash.bytes())).isEqualTo(hash);
        assertThat(hash.toString()).doesNotContain(secret).contains(hash.prefix());
        assertThatThrownBy(() -> SecretHash.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreMaskedAsTheContractShows() {
        assertThat(ApiKey.mask("wam_a1b2c3d4e5f60718293a4b5c9f0e")).isEqualTo("wam_a1b2...9f0e");
        assertThat(ApiKey.mask("short")).isEqualTo("*****");
    }
}
