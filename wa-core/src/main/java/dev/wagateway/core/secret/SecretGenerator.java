package dev.wagateway.core.secret;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/** Generates the gateway's secrets from a CSPRNG, in the contract's formats (api.md §3.2, §3.4, row 74). */
public final class SecretGenerator {

    /** Every API key starts with this. */
    public static final String API_KEY_PREFIX = "wam_";

    private final SecureRandom random;

    /** @param random a cryptographically strong source */
    public SecretGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@code wam_} and 28 lowercase hex characters (14 random bytes). */
    public String apiKey() {
        return API_KEY_PREFIX + hex(14);
    }

    /** 64 lowercase hex characters (32 random bytes). */
    public String deviceSecret() {
        return hex(32);
    }

    /** 64 lowercase hex characters: the HMAC key of a webhook, kept in clear because signing needs it. */
    public String webhookSecret() {
        return hex(32);
    }

    private String hex(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
