package dev.wagateway.core.chat;

import dev.wagateway.protocol.appstate.ChatSetting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: each device's chats, their settings (from app state) and their newest stored message. */
public interface ChatRepository {

    /**
     * Applies {@code setting} to the device's chat {@code chat} as of {@code at}; a change older than the one the
     * chat holds for the same setting is ignored (app-state changes may arrive out of order, a snapshot after a
     * patch). A delete or clear is kept as the moment it happened.
     *
     * @return whether the chat changed
     */
    boolean apply(UUID deviceId, String chat, ChatSetting setting, Instant at);

    /** The chat, when the device has settings or messages for it. */
    Optional<ChatSummary> find(UUID deviceId, String chat);

    /**
     * The device's chats: pinned first, then by newest message; {@code limit} from {@code offset}. A chat deleted
     * through app state is listed again once a later message arrives.
     */
    List<ChatSummary> list(UUID deviceId, int limit, int offset);
}
