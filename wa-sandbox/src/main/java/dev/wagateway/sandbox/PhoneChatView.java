package dev.wagateway.sandbox;

import dev.wagateway.protocol.appstate.AppState;
import dev.wagateway.protocol.appstate.DecodedMutation;
import dev.wagateway.protocol.proto.SyncActionValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A phone's chat list as its app state has it ({@code GET /sandbox/phones/{phone}/chats}): per chat JID whether it is
 * archived, pinned, muted (and until when), marked read or unread, and when it was cleared or deleted.
 */
final class PhoneChatView {

    private PhoneChatView() {
    }

    static List<Map<String, Object>> of(PhoneAppState state) {
        Map<String, Map<String, Object>> chats = new TreeMap<>();
        for (String name : AppState.COLLECTIONS) {
            for (DecodedMutation mutation : SandboxAppState.view(state, name)) {
                if (mutation.index().size() < 2) {
                    continue;
                }
                String chat = mutation.index().get(1);
                SyncActionValue value = mutation.value();
                switch (mutation.index().getFirst()) {
                    case "archive" -> chat(chats, chat).put("archived", value.getArchiveChatAction().getArchived());
                    case "pin_v1" -> chat(chats, chat).put("pinned", value.getPinAction().getPinned());
                    case "mute" -> {
                        Map<String, Object> entry = chat(chats, chat);
                        boolean muted = value.getMuteAction().getMuted();
                        entry.put("muted", muted);
                        long end = value.getMuteAction().getMuteEndTimestamp();
                        entry.put("muted_until", muted && end > 0 ? Instant.ofEpochMilli(end).toString() : null);
                    }
                    case "markChatAsRead" -> chat(chats, chat).put("read", value.getMarkChatAsReadAction().getRead());
                    case "clearChat" -> chat(chats, chat).put("cleared_at", at(value));
                    case "deleteChat" -> chat(chats, chat).put("deleted_at", at(value));
                    default -> {
                        // stars, labels, contacts: not part of the chat list's view
                    }
                }
            }
        }
        return new ArrayList<>(chats.values());
    }

    private static Map<String, Object> chat(Map<String, Map<String, Object>> chats, String jid) {
        return chats.computeIfAbsent(jid, key -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("jid", key);
            entry.put("archived", false);
            entry.put("pinned", false);
            entry.put("muted", false);
            entry.put("muted_until", null);
            return entry;
        });
    }

    private static String at(SyncActionValue value) {
        return Instant.ofEpochMilli(value.getTimestamp()).toString();
    }
}
