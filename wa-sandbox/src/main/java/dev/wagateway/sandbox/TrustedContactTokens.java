package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trusted-contact tokens accounts issued to each other, as the server holds them: a 1:1 message to an account
 * that issued a token to the sender must carry one of its valid tokens ({@code <tctoken>}), else WhatsApp answers
 * {@code <ack error="463">}. Tokens are valid for four 7-day buckets, as in the references.
 */
final class TrustedContactTokens {

    static final long BUCKET_SECONDS = 604_800;
    private static final long BUCKETS = 4;
    private static final int KEPT_PER_PAIR = 4;
    private static final int TOKEN_BYTES = 24;

    private final SecureRandom random;
    private final ConcurrentHashMap<String, List<Issued>> issued = new ConcurrentHashMap<>();

    TrustedContactTokens(SecureRandom random) {
        this.random = random;
    }

    /** A token {@code issuer} gave {@code holder}, at {@code timestamp} (epoch seconds). */
    record Issued(byte[] token, long timestamp) {
    }

    /** {@code issuer} issues a new token to {@code holder}. */
    Issued issue(Jid issuer, Jid holder, Instant now) {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        Issued fresh = new Issued(token, now.getEpochSecond());
        issued.compute(key(issuer, holder), (k, list) -> {
            List<Issued> updated = list == null ? new ArrayList<>() : new ArrayList<>(list);
            updated.add(fresh);
            while (updated.size() > KEPT_PER_PAIR) {
                updated.remove(0);
            }
            return List.copyOf(updated);
        });
        return fresh;
    }

    /** Whether {@code issuer} already issued {@code holder} a token in the current bucket. */
    boolean issuedThisBucket(Jid issuer, Jid holder, Instant now) {
        long bucket = now.getEpochSecond() / BUCKET_SECONDS;
        return issued.getOrDefault(key(issuer, holder), List.of()).stream()
                .anyMatch(token -> token.timestamp() / BUCKET_SECONDS >= bucket);
    }

    /**
     * Whether a message from {@code sender} to {@code recipient} presenting {@code presented} passes: it must carry
     * one of the recipient's valid tokens to the sender when the recipient issued any.
     */
    boolean accepts(Jid recipient, Jid sender, Optional<byte[]> presented, Instant now) {
        long cutoff = (now.getEpochSecond() / BUCKET_SECONDS - (BUCKETS - 1)) * BUCKET_SECONDS;
        List<Issued> valid = issued.getOrDefault(key(recipient, sender), List.of()).stream()
                .filter(token -> token.timestamp() >= cutoff).toList();
        if (valid.isEmpty()) {
            return true;
        }
        return presented.isPresent() && valid.stream().anyMatch(token -> Arrays.equals(token.token(), presented.get()));
    }

    /** The newest token {@code issuer} gave {@code holder}, if any (what a phone's history sync carries). */
    Optional<Issued> latest(Jid issuer, Jid holder) {
        List<Issued> tokens = issued.getOrDefault(key(issuer, holder), List.of());
        return tokens.isEmpty() ? Optional.empty() : Optional.of(tokens.getLast());
    }

    /** Every token issued, by {@code issuer|holder} (users), for the sandbox state. */
    Map<String, List<Issued>> all() {
        return Map.copyOf(issued);
    }

    /** Puts back the tokens the sandbox state kept (by {@code issuer|holder}, as {@link #all()} names them). */
    void restore(Map<String, List<Issued>> kept) {
        kept.forEach((pair, tokens) -> issued.put(pair, List.copyOf(tokens)));
    }

    private static String key(Jid issuer, Jid holder) {
        return issuer.user() + "|" + holder.user();
    }
}
