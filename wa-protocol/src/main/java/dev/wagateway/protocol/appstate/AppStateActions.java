package dev.wagateway.protocol.appstate;

import com.google.protobuf.TextFormat;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.ArchiveChatAction;
import dev.wagateway.protocol.proto.ClearChatAction;
import dev.wagateway.protocol.proto.ContactAction;
import dev.wagateway.protocol.proto.DeleteChatAction;
import dev.wagateway.protocol.proto.DeleteMessageForMeAction;
import dev.wagateway.protocol.proto.LabelAssociationAction;
import dev.wagateway.protocol.proto.LabelEditAction;
import dev.wagateway.protocol.proto.MarkChatAsReadAction;
import dev.wagateway.protocol.proto.MuteAction;
import dev.wagateway.protocol.proto.PinAction;
import dev.wagateway.protocol.proto.PushNameSetting;
import dev.wagateway.protocol.proto.StarAction;
import dev.wagateway.protocol.proto.SyncActionMessageRange;
import dev.wagateway.protocol.proto.SyncActionValue;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;
import dev.wagateway.protocol.proto.UnarchiveChatsSetting;
import dev.wagateway.protocol.proto.UserStatusMuteAction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The actions of protocol §10.7 both ways: the mutation for a chat setting or push name this device sends (index,
 * collection, action version as whatsmeow's {@code Build*} and Baileys' {@code chatModificationToAppPatch}), and the
 * typed event for a mutation that arrives.
 */
public final class AppStateActions {

    /** The collection of pushName changes (protocol §10.1). */
    public static final String CRITICAL_BLOCK = "critical_block";
    /** Mute, clear and delete chat, delete for me (protocol §10.7). */
    public static final String REGULAR_HIGH = "regular_high";
    /** Contacts' names (protocol §10.1). */
    public static final String CRITICAL_UNBLOCK_LOW = "critical_unblock_low";
    /** Labels (protocol §10.7). */
    public static final String REGULAR = "regular";
    /** Pin, archive, mark read (protocol §10.7). */
    public static final String REGULAR_LOW = "regular_low";

    private AppStateActions() {
    }

    /**
     * A mutation with its collection.
     *
     * @param collection where the mutation goes
     * @param mutation   the mutation
     */
    public record Outgoing(String collection, PendingMutation mutation) {
    }

    /** The mutation that gives {@code chat} the setting {@code setting}, made at {@code now}. */
    public static Outgoing chat(Jid chat, ChatSetting setting, Instant now, SyncActionMessageRange range) {
        String jid = chat.toNonAd().toString();
        SyncActionValue.Builder value = SyncActionValue.newBuilder().setTimestamp(now.toEpochMilli());
        return switch (setting) {
            case ChatSetting.Archive archive -> new Outgoing(REGULAR_LOW, set(List.of("archive", jid),
                    value.setArchiveChatAction(ArchiveChatAction.newBuilder().setArchived(archive.archived())
                            .setMessageRange(range)), 3));
            case ChatSetting.Pin pin -> new Outgoing(REGULAR_LOW, set(List.of("pin_v1", jid),
                    value.setPinAction(PinAction.newBuilder().setPinned(pin.pinned())), 5));
            case ChatSetting.Mute mute -> {
                MuteAction.Builder action = MuteAction.newBuilder().setMuted(mute.muted());
                if (mute.muted()) {
                    action.setMuteEndTimestamp(mute.until().map(Instant::toEpochMilli).orElse(-1L));
                }
                yield new Outgoing(REGULAR_HIGH, set(List.of("mute", jid), value.setMuteAction(action), 2));
            }
            case ChatSetting.MarkRead read -> new Outgoing(REGULAR_LOW, set(List.of("markChatAsRead", jid),
                    value.setMarkChatAsReadAction(MarkChatAsReadAction.newBuilder().setRead(read.read())
                            .setMessageRange(range)), 3));
            case ChatSetting.Clear clear -> new Outgoing(REGULAR_HIGH, set(List.of("clearChat", jid,
                            flag(clear.deleteStarred()), flag(clear.deleteMedia())),
                    value.setClearChatAction(ClearChatAction.newBuilder().setMessageRange(range)), 6));
            case ChatSetting.Delete delete -> new Outgoing(REGULAR_HIGH, set(List.of("deleteChat", jid,
                            flag(delete.deleteMedia())),
                    value.setDeleteChatAction(DeleteChatAction.newBuilder().setMessageRange(range)), 6));
        };
    }

    /**
     * The mutation for {@code change} made at {@code now}: the collections, indexes and action versions of
     * whatsmeow's {@code Build*} (star, labels), Baileys' {@code chatModificationToAppPatch} (delete for me,
     * contact); the unarchive and status-mute settings, which neither reference sends, go where WhatsApp's apps
     * keep them as far as the references read them ({@code regular_low}, {@code regular}).
     */
    public static Outgoing change(AppStateChange change, Instant now) {
        SyncActionValue.Builder value = SyncActionValue.newBuilder().setTimestamp(now.toEpochMilli());
        return switch (change) {
            case AppStateChange.Star star -> new Outgoing(REGULAR_HIGH, set(List.of("star",
                            star.chat().toNonAd().toString(), star.messageId(), flag(star.fromMe()),
                            star.sender().map(j -> j.toNonAd().toString()).orElse("0")),
                    value.setStarAction(StarAction.newBuilder().setStarred(star.starred())), 2));
            case AppStateChange.DeleteForMe deleted -> new Outgoing(REGULAR_HIGH, set(List.of("deleteMessageForMe",
                            deleted.chat().toNonAd().toString(), deleted.messageId(), flag(deleted.fromMe()),
                            deleted.sender().map(j -> j.toNonAd().toString()).orElse("0")),
                    value.setDeleteMessageForMeAction(DeleteMessageForMeAction.newBuilder()
                            .setDeleteMedia(deleted.deleteMedia()).setMessageTimestamp(now.getEpochSecond())), 3));
            case AppStateChange.LabelEdit edit -> new Outgoing(REGULAR, set(List.of("label_edit", edit.labelId()),
                    value.setLabelEditAction(LabelEditAction.newBuilder().setName(edit.name())
                            .setDeleted(edit.deleted())), 3));
            case AppStateChange.LabelChat label -> new Outgoing(REGULAR, set(List.of("label_jid", label.labelId(),
                            label.chat().toNonAd().toString()),
                    value.setLabelAssociationAction(LabelAssociationAction.newBuilder()
                            .setLabeled(label.labeled())), 3));
            case AppStateChange.LabelMessage label -> new Outgoing(REGULAR, set(List.of("label_message",
                            label.labelId(), label.chat().toNonAd().toString(), label.messageId(), "0", "0"),
                    value.setLabelAssociationAction(LabelAssociationAction.newBuilder()
                            .setLabeled(label.labeled())), 3));
            case AppStateChange.Contact contact -> new Outgoing(CRITICAL_UNBLOCK_LOW, set(List.of("contact",
                            contact.contact().toNonAd().toString()),
                    value.setContactAction(ContactAction.newBuilder().setFullName(contact.fullName())
                            .setFirstName(contact.firstName())), 2));
            case AppStateChange.UnarchiveChats setting -> new Outgoing(REGULAR_LOW,
                    set(List.of("setting_unarchiveChats"), value.setUnarchiveChatsSetting(
                            UnarchiveChatsSetting.newBuilder().setUnarchiveChats(setting.unarchive())), 4));
            case AppStateChange.StatusMute mute -> new Outgoing(REGULAR, set(List.of("userStatusMute",
                            mute.target().toNonAd().toString()),
                    value.setUserStatusMuteAction(UserStatusMuteAction.newBuilder().setMuted(mute.muted())), 7));
        };
    }

    /** The mutation that sets the account's push name. */
    public static Outgoing pushName(String name, Instant now) {
        return new Outgoing(CRITICAL_BLOCK, set(List.of("setting_pushName"), SyncActionValue.newBuilder()
                .setTimestamp(now.toEpochMilli()).setPushNameSetting(PushNameSetting.newBuilder().setName(name)), 1));
    }

    private static PendingMutation set(List<String> index, SyncActionValue.Builder value, int version) {
        return new PendingMutation(SyncdOperation.SET, index, value.build(), version);
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    /**
     * The event for a mutation that arrived, when it is one the client models (chat settings, the push name, and the
     * {@link AppStateChange}s); empty for the others (locale, favourites...), which stay in the collection's hash
     * all the same.
     */
    public static Optional<WaEvent> event(DecodedMutation mutation, boolean fullSync) {
        if (mutation.operation() != SyncdOperation.SET || mutation.index().isEmpty()) {
            return Optional.empty();
        }
        List<String> index = mutation.index();
        SyncActionValue value = mutation.value();
        Instant at = Instant.ofEpochMilli(value.getTimestamp());
        if (index.getFirst().equals("setting_pushName") && value.hasPushNameSetting()) {
            return Optional.of(new WaEvent.PushNameSetting(value.getPushNameSetting().getName(), at, fullSync));
        }
        String raw = TextFormat.printer().emittingSingleLine(true).printToString(value);
        Optional<AppStateChange> other = AppStateChanges.of(index, value);
        if (other.isPresent()) {
            return Optional.of(new WaEvent.AppStateChanged(other.get(), at, fullSync, raw));
        }
        if (index.size() < 2) {
            return Optional.empty();
        }
        Optional<Jid> chat = Jid.tryParse(index.get(1));
        if (chat.isEmpty()) {
            return Optional.empty();
        }
        Optional<ChatSetting> setting = switch (index.getFirst()) {
            case "archive" -> value.hasArchiveChatAction()
                    ? Optional.of(new ChatSetting.Archive(value.getArchiveChatAction().getArchived()))
                    : Optional.empty();
            case "pin_v1" -> value.hasPinAction()
                    ? Optional.of(new ChatSetting.Pin(value.getPinAction().getPinned())) : Optional.empty();
            case "mute" -> value.hasMuteAction() ? Optional.of(mute(value.getMuteAction())) : Optional.empty();
            case "markChatAsRead" -> value.hasMarkChatAsReadAction()
                    ? Optional.of(new ChatSetting.MarkRead(value.getMarkChatAsReadAction().getRead()))
                    : Optional.empty();
            case "clearChat" -> Optional.of(new ChatSetting.Clear(flagAt(index, 2), flagAt(index, 3)));
            case "deleteChat" -> Optional.of(new ChatSetting.Delete(flagAt(index, 2)));
            default -> Optional.empty();
        };
        return setting.map(s -> new WaEvent.ChatSettingChanged(chat.get(), s, at, fullSync, raw));
    }

    private static ChatSetting.Mute mute(MuteAction action) {
        if (!action.getMuted()) {
            return new ChatSetting.Mute(false, Optional.empty());
        }
        long end = action.getMuteEndTimestamp();
        return new ChatSetting.Mute(true, end > 0 ? Optional.of(Instant.ofEpochMilli(end)) : Optional.empty());
    }

    private static boolean flagAt(List<String> index, int position) {
        return index.size() > position && index.get(position).equals("1");
    }
}
