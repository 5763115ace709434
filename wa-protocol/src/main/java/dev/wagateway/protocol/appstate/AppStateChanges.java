package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.SyncActionValue;

import java.util.List;
import java.util.Optional;

/**
 * Reads an arrived mutation's index and value as an {@link AppStateChange} (protocol §10.7): the index layouts are
 * whatsmeow's ({@code appstate/keys.go}); a mutation whose index is too short, whose JIDs do not parse or whose value
 * lacks its action is not one, as whatsmeow skips it too.
 */
final class AppStateChanges {

    private AppStateChanges() {
    }

    static Optional<AppStateChange> of(List<String> index, SyncActionValue value) {
        return switch (index.getFirst()) {
            case "star" -> index.size() < 5 || !value.hasStarAction() ? Optional.empty()
                    : jid(index, 1).map(chat -> new AppStateChange.Star(chat, index.get(2), index.get(3).equals("1"),
                    participant(index.get(4)), value.getStarAction().getStarred()));
            case "deleteMessageForMe" -> index.size() < 5 ? Optional.empty()
                    : jid(index, 1).map(chat -> new AppStateChange.DeleteForMe(chat, index.get(2),
                    index.get(3).equals("1"), participant(index.get(4)),
                    value.getDeleteMessageForMeAction().getDeleteMedia()));
            case "label_edit" -> index.size() < 2 || !value.hasLabelEditAction() ? Optional.empty()
                    : Optional.of(new AppStateChange.LabelEdit(index.get(1), value.getLabelEditAction().getName(),
                    value.getLabelEditAction().getDeleted()));
            case "label_jid" -> index.size() < 3 || !value.hasLabelAssociationAction() ? Optional.empty()
                    : jid(index, 2).map(chat -> new AppStateChange.LabelChat(index.get(1), chat,
                    value.getLabelAssociationAction().getLabeled()));
            case "label_message" -> index.size() < 6 || !value.hasLabelAssociationAction() ? Optional.empty()
                    : jid(index, 2).map(chat -> new AppStateChange.LabelMessage(index.get(1), chat, index.get(3),
                    value.getLabelAssociationAction().getLabeled()));
            case "contact" -> index.size() < 2 || !value.hasContactAction() ? Optional.empty()
                    : jid(index, 1).map(contact -> new AppStateChange.Contact(contact,
                    value.getContactAction().getFullName(), value.getContactAction().getFirstName()));
            case "setting_unarchiveChats" -> value.hasUnarchiveChatsSetting()
                    ? Optional.of(new AppStateChange.UnarchiveChats(
                    value.getUnarchiveChatsSetting().getUnarchiveChats())) : Optional.empty();
            case "userStatusMute" -> index.size() < 2 || !value.hasUserStatusMuteAction() ? Optional.empty()
                    : jid(index, 1).map(target -> new AppStateChange.StatusMute(target,
                    value.getUserStatusMuteAction().getMuted()));
            default -> Optional.empty();
        };
    }

    private static Optional<Jid> jid(List<String> index, int position) {
        return Jid.tryParse(index.get(position));
    }

    /** {@code "0"} for no participant (a 1:1 chat, or our own message). */
    private static Optional<Jid> participant(String value) {
        return value.equals("0") ? Optional.empty() : Jid.tryParse(value);
    }
}
