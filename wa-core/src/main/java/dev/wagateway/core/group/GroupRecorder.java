package dev.wagateway.core.group;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.GroupNotification;
import dev.wagateway.protocol.group.GroupNotification.MemberChange;
import dev.wagateway.protocol.group.GroupParticipant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's group notifications as webhook events (api.md §7.9): {@code group.info_update} for every change,
 * {@code group.participant_update} for membership and admin changes, {@code group.join} when this account was put
 * in a group and {@code group.leave} when it left or was removed; the events of one change in one transaction,
 * ordered per group.
 */
public final class GroupRecorder {

    private final UUID deviceId;
    private final Supplier<Optional<Jid>> self;
    private final EventRecorder recorder;

    /** @param self the device's own user JID, read when an event is made */
    public GroupRecorder(UUID deviceId, Supplier<Optional<Jid>> self, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.self = self;
        this.recorder = recorder;
    }

    /** Announces one group change. */
    public void changed(WaEvent.GroupChanged event) {
        GroupNotification change = event.change();
        Optional<Jid> me = self.get().map(Jid::toNonAd);
        String ownPhone = me.map(Jid::user).orElse("");
        String group = change.context().group().toString();
        List<GatewayEvent> events = new ArrayList<>();
        if (change instanceof GroupNotification.Created created) {
            events.add(recorder.event(deviceId, ownPhone, EventTypes.GROUP_JOIN,
                    joined(change, created.reason().orElse(""), "new"), group));
        } else {
            Map<String, List<String>> members = members(change);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("group_jid", group);
            info.put("sender", change.context().author().map(Jid::toString).orElse(""));
            info.put("timestamp", change.context().at().getEpochSecond());
            info.putAll(members);
            events.add(recorder.event(deviceId, ownPhone, EventTypes.GROUP_INFO_UPDATE, info, group));
            if (change instanceof GroupNotification.MembersChanged changed
                    && changed.change() != MemberChange.NUMBER_CHANGED) {
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("group_jid", group);
                update.putAll(members);
                events.add(recorder.event(deviceId, ownPhone, EventTypes.GROUP_PARTICIPANT_UPDATE, update, group));
                boolean aboutMe = me.isPresent() && changed.participants().stream()
                        .anyMatch(p -> isMe(p, me.get()));
                if (aboutMe && changed.change() == MemberChange.ADDED) {
                    events.add(recorder.event(deviceId, ownPhone, EventTypes.GROUP_JOIN,
                            joined(change, changed.reason().orElse(""), "add"), group));
                }
                if (aboutMe && (changed.change() == MemberChange.REMOVED || changed.change() == MemberChange.LEFT)) {
                    Map<String, Object> left = new LinkedHashMap<>();
                    left.put("group_jid", group);
                    left.put("reason", changed.change() == MemberChange.LEFT ? "leave" : "remove");
                    events.add(recorder.event(deviceId, ownPhone, EventTypes.GROUP_LEAVE, left, group));
                }
            }
        }
        recorder.commit(tx -> events.stream().mapToInt(e -> recorder.record(tx, e)).sum());
    }

    private static Map<String, Object> joined(GroupNotification change, String reason, String type) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group_jid", change.context().group().toString());
        data.put("reason", reason);
        data.put("type", type);
        data.put("sender", change.context().author().map(Jid::toString).orElse(""));
        data.put("sender_pn", change.context().authorPn().map(Jid::toString).orElse(""));
        return data;
    }

    /** {@code join, leave, promote, demote}: the members each change names, null where none (as the original). */
    private static Map<String, List<String>> members(GroupNotification change) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String key : List.of("join", "leave", "promote", "demote")) {
            members.put(key, null);
        }
        if (change instanceof GroupNotification.MembersChanged changed) {
            String key = switch (changed.change()) {
                case ADDED -> "join";
                case REMOVED, LEFT -> "leave";
                case PROMOTED -> "promote";
                case DEMOTED -> "demote";
                case NUMBER_CHANGED -> null;
            };
            if (key != null) {
                members.put(key, changed.participants().stream().map(p -> p.jid().toNonAd().toString()).toList());
            }
        }
        return members;
    }

    private static boolean isMe(GroupParticipant participant, Jid me) {
        return participant.jid().toNonAd().equals(me)
                || participant.phoneNumber().map(Jid::toNonAd).equals(Optional.of(me));
    }
}
