package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: the trusted-contact privacy tokens of one device (whatsmeow {@code store.PrivacyTokenStore}): per contact, the
 * token the contact issued to us (sent back as {@code <tctoken>} on our 1:1 messages, else WhatsApp answers 463) and
 * when we last issued ours to them. Keyed by the contact's user JID without a device. Durable when a save returns.
 */
public interface PrivacyTokens {

    /** Keeps the token {@code user} issued to us at {@code timestamp}, unless an equal or newer one is held. */
    void saveToken(Jid user, byte[] token, Instant timestamp);

    /** Notes that we issued our token to {@code user} at {@code issuedAt}. */
    void saveSenderTimestamp(Jid user, Instant issuedAt);

    /** What we hold for {@code user}. */
    Optional<Entry> get(Jid user);

    /** Forgets tokens received before {@code cutoff} (they are expired); returns how many. */
    int deleteTokensBefore(Instant cutoff);

    /**
     * One contact's entry.
     *
     * @param user            the contact
     * @param token           the token they issued to us, empty when none is held
     * @param timestamp       when they issued it ({@link Instant#EPOCH} without a token)
     * @param senderTimestamp when we last issued ours to them, if ever
     */
    record Entry(Jid user, byte[] token, Instant timestamp, Optional<Instant> senderTimestamp) {

        /** Copies the token. */
        public Entry {
            Objects.requireNonNull(user, "user");
            token = token == null ? new byte[0] : token.clone();
            timestamp = timestamp == null ? Instant.EPOCH : timestamp;
            senderTimestamp = senderTimestamp == null ? Optional.empty() : senderTimestamp;
        }

        /** The token (a copy). */
        @Override
        public byte[] token() {
            return token.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry that && user.equals(that.user) && Arrays.equals(token, that.token)
                    && timestamp.equals(that.timestamp) && senderTimestamp.equals(that.senderTimestamp);
        }

        @Override
        public int hashCode() {
            return Objects.hash(user, timestamp);
        }
    }
}
