package dev.wagateway.protocol.appstate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat's setting as app state carries it (protocol §10.7): what the phone or another companion changed, or what
 * this device sends. A closed family: switch over it with patterns.
 */
public sealed interface ChatSetting {

    /** Archived or back in the chat list ({@code archiveChatAction}). */
    record Archive(boolean archived) implements ChatSetting {
    }

    /** Pinned to the top of the chat list or not ({@code pinAction}). */
    record Pin(boolean pinned) implements ChatSetting {
    }

    /**
     * Muted until a moment, muted for ever, or not muted ({@code muteAction}).
     *
     * @param muted whether notifications are off
     * @param until when they come back on; empty while unmuted or when muted for ever
     */
    record Mute(boolean muted, Optional<Instant> until) implements ChatSetting {
        /** Checks presence. */
        public Mute {
            Objects.requireNonNull(until, "until");
        }
    }

    /** Marked read, or marked unread ({@code markChatAsReadAction}). */
    record MarkRead(boolean read) implements ChatSetting {
    }

    /** The chat's messages cleared, the chat kept ({@code clearChatAction}). */
    record Clear(boolean deleteStarred, boolean deleteMedia) implements ChatSetting {
    }

    /** The chat deleted from the chat list ({@code deleteChatAction}). */
    record Delete(boolean deleteMedia) implements ChatSetting {
    }
}
