package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code WHATSAPP_ISON_CACHE_*}: answers to "is this number on WhatsApp" (yes with its JID, or no) kept for
 * {@code ttl}, shared by all devices (an account exists or not whoever asks), at most {@code maxEntries}; when full,
 * expired answers go first, then arbitrary ones (as the original). Only the numbers not cached are asked, in the
 * delegate's batches.
 */
public final class CachedRegistrationLookup implements RegistrationLookup {

    private record Answer(Optional<Jid> jid, Instant expires) {
    }

    private final RegistrationLookup delegate;
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /**
     * @param delegate   asks WhatsApp
     * @param ttl        how long an answer is trusted
     * @param maxEntries the most answers kept
     */
    public CachedRegistrationLookup(RegistrationLookup delegate, Duration ttl, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Map<String, Optional<Jid>> lookupAll(UUID deviceId, List<String> numbers) {
        Instant now = clock.instant();
        Map<String, Optional<Jid>> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String number : numbers) {
            Answer cached = answers.get(number);
            if (cached != null && cached.expires().isAfter(now)) {
                found.put(number, cached.jid());
            } else if (!missing.contains(number)) {
                missing.add(number);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, Optional<Jid>> asked = delegate.lookupAll(deviceId, missing);
            for (String number : missing) {
                Optional<Jid> jid = asked.getOrDefault(number, Optional.empty());
                remember(number, jid, now);
                found.put(number, jid);
            }
        }
        Map<String, Optional<Jid>> ordered = new LinkedHashMap<>();
        numbers.forEach(number -> ordered.put(number, found.get(number)));
        return ordered;
    }

    private void remember(String number, Optional<Jid> jid, Instant now) {
        if (answers.size() >= maxEntries && !answers.containsKey(number)) {
            answers.values().removeIf(answer -> !answer.expires().isAfter(now));
            Iterator<String> any = answers.keySet().iterator();
            while (answers.size() >= maxEntries && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        answers.put(number, new Answer(jid, now.plus(ttl)));
    }

    /** How many answers are kept now. */
    int size() {
        return answers.size();
    }
}
