package dev.wagateway.http.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token regeneration limit (api.md §3.4): a fixed one-minute window of {@code perMinute} requests per client
 * address. Owner of the window map: this object; windows of idle addresses are dropped as they expire.
 */
public final class TokenRateLimiter {

    private record Window(long minute, int count) {
    }

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** @param perMinute requests allowed per address and minute */
    public TokenRateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts a request from {@code address}; false when it exceeds the limit. */
    public boolean tryAcquire(String address) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > 10_000) {
            windows.values().removeIf(window -> window.minute() < minute);
        }
        Window window = windows.merge(address, new Window(minute, 1), (old, fresh) ->
                old.minute() == minute ? new Window(minute, old.count() + 1) : fresh);
        return window.count() <= perMinute;
    }
}
