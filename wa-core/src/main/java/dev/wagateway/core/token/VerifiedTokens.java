package dev.wagateway.core.token;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature was already checked, with their claims, so that a device sending many requests does not
 * pay the HMAC and the JSON decoding of its token each time. Safe to keep: a token is immutable and its claims are
 * what its signature covers, so an equal string verifies the same way again; what can change (the device's current
 * version, its key's state) is still checked on every request. Bounded: when full it starts again empty.
 */
final class VerifiedTokens {

    /** Enough for every device of a large node; a token is a few hundred bytes. */
    static final int MAX = 20_000;

    private final ConcurrentHashMap<String, DeviceClaims> byToken = new ConcurrentHashMap<>();

    Optional<DeviceClaims> get(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    void put(String token, DeviceClaims claims) {
        if (byToken.size() >= MAX) {
            byToken.clear();
        }
        byToken.put(token, claims);
    }
}
