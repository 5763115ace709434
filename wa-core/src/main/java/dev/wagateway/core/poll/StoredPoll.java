package dev.wagateway.core.poll;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A poll a device created or received, kept with its message secret: votes on it are encrypted under that secret
 * (protocol §6.13), and a vote names options by hash, so the options are kept too.
 *
 * @param chat            the user JID of the 1:1 chat or the group JID
 * @param creator         who created it (user JID, no device); enters the vote key
 * @param fromMe          whether our own account created it
 * @param secret          the 32-byte {@code messageContextInfo.messageSecret}
 * @param selectableCount how many options a voter may pick, 0 for any number
 */
public record StoredPoll(UUID deviceId, String chat, String messageId, String creator, boolean fromMe, byte[] secret,
                         String question, List<String> options, int selectableCount, Instant createdAt) {

    /** Checks presence and copies the lists. */
    public StoredPoll {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(createdAt, "createdAt");
        options = List.copyOf(options);
        secret = secret.clone();
    }

    /** A copy of the secret (arrays are mutable). */
    @Override
    public byte[] secret() {
        return secret.clone();
    }
}
