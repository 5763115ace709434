package dev.wagateway.core.message;

import java.util.List;

/** A page of a chat's stored messages, newest first; {@code chat} is the resolved JID ({@code ""} if none). */
public record ChatPage(String chat, ChatPageRequest request, List<StoredMessage> messages) {
}
