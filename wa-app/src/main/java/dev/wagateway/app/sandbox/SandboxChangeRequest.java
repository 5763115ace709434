package dev.wagateway.app.sandbox;

import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.protocol.appstate.AppStateChange;
import dev.wagateway.protocol.binary.Jid;

import java.util.Optional;

/**
 * The body of {@code POST /sandbox/phones/{phone}/app-state/changes} read as the {@link AppStateChange} the phone's
 * user makes: {@code type} names it, the other fields are its parts.
 */
final class SandboxChangeRequest {

    /** The types the route takes, for its documentation. */
    static final String[] TYPES = {"star", "delete_for_me", "label_edit", "label_chat", "label_message", "contact",
            "unarchive_chats", "status_mute"};

    private SandboxChangeRequest() {
    }

    static AppStateChange read(RequestFields body) {
        String type = body.string("type", FieldLimits.OPTION)
                .orElseThrow(() -> new BadRequestException("type is required"));
        return switch (type) {
            case "star" -> new AppStateChange.Star(jid(body, "chat"), text(body, "message_id"), flag(body, "from_me"),
                    sender(body), flag(body, "starred"));
            case "delete_for_me" -> new AppStateChange.DeleteForMe(jid(body, "chat"), text(body, "message_id"),
                    flag(body, "from_me"), sender(body), body.bool("delete_media").orElse(false));
            case "label_edit" -> new AppStateChange.LabelEdit(text(body, "label_id"),
                    body.string("name", FieldLimits.JID).orElse(""), body.bool("deleted").orElse(false));
            case "label_chat" -> new AppStateChange.LabelChat(text(body, "label_id"), jid(body, "chat"),
                    flag(body, "labeled"));
            case "label_message" -> new AppStateChange.LabelMessage(text(body, "label_id"), jid(body, "chat"),
                    text(body, "message_id"), flag(body, "labeled"));
            case "contact" -> new AppStateChange.Contact(jid(body, "jid"),
                    body.string("full_name", FieldLimits.JID).orElse(""),
                    body.string("first_name", FieldLimits.JID).orElse(""));
            case "unarchive_chats" -> new AppStateChange.UnarchiveChats(flag(body, "unarchive"));
            case "status_mute" -> new AppStateChange.StatusMute(jid(body, "jid"), flag(body, "muted"));
            default -> throw new BadRequestException("type must be one of " + String.join(", ", TYPES));
        };
    }

    private static Jid jid(RequestFields body, String field) {
        String text = text(body, field);
        return Jid.tryParse(text).filter(j -> j.isUser() || j.isGroup() || j.isLid())
                .orElseThrow(() -> new BadRequestException(field + " must be a user or group JID"));
    }

    private static Optional<Jid> sender(RequestFields body) {
        return body.string("sender", FieldLimits.JID).filter(s -> !s.isBlank()).map(s -> Jid.tryParse(s)
                .orElseThrow(() -> new BadRequestException("sender must be a JID")));
    }

    private static String text(RequestFields body, String field) {
        return body.string(field, FieldLimits.JID).filter(s -> !s.isBlank())
                .orElseThrow(() -> new BadRequestException(field + " is required"));
    }

    private static boolean flag(RequestFields body, String field) {
        return body.bool(field).orElseThrow(() -> new BadRequestException(field + " (boolean) is required"));
    }
}
