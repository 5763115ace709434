package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.binary.Jid;

import java.util.Objects;
import java.util.Optional;

/**
 * An app-state change that is not a chat's setting (those are {@link ChatSetting}) nor the push name: what the phone
 * or another companion did to a message, a label, a contact or an account setting (protocol §10.7, the indexes
 * whatsmeow's {@code dispatchAppState} reads). A closed family: switch over it with patterns.
 */
public sealed interface AppStateChange {

    /**
     * A message starred or unstarred ({@code ["star", chat, id, fromMe, participant]}).
     *
     * @param sender who wrote the message, for another's message in a group; empty otherwise
     */
    record Star(Jid chat, String messageId, boolean fromMe, Optional<Jid> sender, boolean starred)
            implements AppStateChange {
        /** Checks presence. */
        public Star {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sender, "sender");
        }
    }

    /**
     * A message deleted on the account's devices only ({@code ["deleteMessageForMe", chat, id, fromMe,
     * participant]}).
     */
    record DeleteForMe(Jid chat, String messageId, boolean fromMe, Optional<Jid> sender, boolean deleteMedia)
            implements AppStateChange {
        /** Checks presence. */
        public DeleteForMe {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sender, "sender");
        }
    }

    /** A label made, renamed or deleted ({@code ["label_edit", labelId]}). */
    record LabelEdit(String labelId, String name, boolean deleted) implements AppStateChange {
        /** Checks presence. */
        public LabelEdit {
            Objects.requireNonNull(labelId, "labelId");
            name = name == null ? "" : name;
        }
    }

    /** A label put on or taken off a chat ({@code ["label_jid", labelId, chat]}). */
    record LabelChat(String labelId, Jid chat, boolean labeled) implements AppStateChange {
        /** Checks presence. */
        public LabelChat {
            Objects.requireNonNull(labelId, "labelId");
            Objects.requireNonNull(chat, "chat");
        }
    }

    /** A label put on or taken off a message ({@code ["label_message", labelId, chat, id, fromMe, participant]}). */
    record LabelMessage(String labelId, Jid chat, String messageId, boolean labeled) implements AppStateChange {
        /** Checks presence. */
        public LabelMessage {
            Objects.requireNonNull(labelId, "labelId");
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /** The name the account's address book gives a contact ({@code ["contact", jid]}). */
    record Contact(Jid contact, String fullName, String firstName) implements AppStateChange {
        /** Checks presence. */
        public Contact {
            Objects.requireNonNull(contact, "contact");
            fullName = fullName == null ? "" : fullName;
            firstName = firstName == null ? "" : firstName;
        }
    }

    /** Whether archived chats come back with a new message ({@code ["setting_unarchiveChats"]}). */
    record UnarchiveChats(boolean unarchive) implements AppStateChange {
    }

    /** A contact's status updates muted or not ({@code ["userStatusMute", jid]}). */
    record StatusMute(Jid target, boolean muted) implements AppStateChange {
        /** Checks presence. */
        public StatusMute {
            Objects.requireNonNull(target, "target");
        }
    }
}
