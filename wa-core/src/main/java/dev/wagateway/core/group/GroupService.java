package dev.wagateway.core.group;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.address.ChatTarget;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.address.PhoneNumber;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.group.GroupInfo;
import dev.wagateway.protocol.group.GroupParticipant;
import dev.wagateway.protocol.group.GroupStanzas;
import dev.wagateway.protocol.group.JoinRequest;
import dev.wagateway.protocol.group.JoinRequestAction;
import dev.wagateway.protocol.group.MemberAddMode;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.group.ParticipantAction;
import dev.wagateway.protocol.group.ParticipantResult;
import dev.wagateway.protocol.group.SubGroup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Groups and communities of a device (api.md §5.8, rows 43–66), through its session: group path parameters and
 * participants are resolved by R1 (§4.3), WhatsApp's refusals become the contract's errors through
 * {@link DeviceCalls}, and the device's cached group list is dropped by every change it makes.
 */
public final class GroupService {

    /** api.md row 46: a group parameter naming something that is not a group. */
    public static final String NOT_A_GROUP = "WhatsApp Group ID is Not Group Server";
    private final DeviceCalls calls;
    private final RegistrationLookup registrations;
    private final GroupListCache list;

    /**
     * @param registrations checks the numbers groups are created with or changed by (in batches, maybe cached)
     * @param listTtl      how long a device's group list is reused ({@code WHATSAPP_GROUP_LIST_CACHE_TTL})
     * @param listDisabled {@code WHATSAPP_GROUP_LIST_CACHE_DISABLED}
     */
    public GroupService(DeviceCalls calls, RegistrationLookup registrations, Duration listTtl, boolean listDisabled,
                        Clock clock) {
        this.calls = calls;
        this.registrations = registrations;
        this.list = new GroupListCache(calls, listTtl, listDisabled, clock);
    }

    /** Row 43: every group the account is in, with members; cached per device unless {@code refresh}. */
    public List<GroupInfo> joinedGroups(UUID deviceId, boolean refresh) {
        return list.groups(deviceId, refresh);
    }

    /**
     * Row 44: creates a group with the participants that pass R1 (the others, and groups, are skipped), then sets
     * the description and photo when given; their failure fails the call although the group exists.
     */
    public GroupInfo create(UUID deviceId, String name, List<String> participants, Optional<String> description,
                            Optional<byte[]> jpeg) {
        String subject = name == null ? "" : name.strip();
        if (subject.isEmpty()) {
            throw new InvalidRequestException("name is required");
        }
        jpeg.ifPresent(GroupService::checkJpeg);
        List<Jid> members = users(deviceId, participants);
        GroupInfo created = mutate(deviceId, "create group",
                client -> client.groups().create(NewGroup.group(subject, members)));
        Optional<String> text = description.map(String::strip).filter(t -> !t.isEmpty());
        if (text.isPresent()) {
            mutate(deviceId, "set group description",
                    client -> client.groups().setDescription(created.jid(), text.get()));
        }
        if (jpeg.isPresent()) {
            mutate(deviceId, "set group photo", client -> client.groups().setPhoto(created.jid(), jpeg.get()));
        }
        return text.isPresent() || jpeg.isPresent() ? info(deviceId, created.jid().toString()) : created;
    }

    /** Row 45: a group's info. */
    public GroupInfo info(UUID deviceId, String group) {
        Jid jid = group(group);
        return calls.call(deviceId, "get group info", client -> client.groups().info(jid));
    }

    /** Row 46. */
    public void leave(UUID deviceId, String group) {
        Jid jid = group(group);
        mutate(deviceId, "leave group", client -> client.groups().leave(jid));
    }

    /** Row 47. */
    public void rename(UUID deviceId, String group, String name) {
        Jid jid = group(group);
        String subject = name == null ? "" : name.strip();
        if (subject.isEmpty()) {
            throw new InvalidRequestException("name is required");
        }
        mutate(deviceId, "update group name", client -> client.groups().setSubject(jid, subject));
    }

    /** Row 48: sets the description; an empty one deletes it. */
    public void describe(UUID deviceId, String group, String description) {
        Jid jid = group(group);
        mutate(deviceId, "update group description",
                client -> client.groups().setDescription(jid, description == null ? "" : description));
    }

    /** Row 57: the description with explicit topic ids (empty ids: a new random one, the current one). */
    public void setTopic(UUID deviceId, String group, String previousId, String newId, String topic) {
        Jid jid = group(group);
        mutate(deviceId, "set group topic", client -> client.groups().setTopic(jid,
                previousId == null ? "" : previousId.strip(), newId == null ? "" : newId.strip(),
                topic == null ? "" : topic));
    }

    /** Row 49: sets the photo (a JPEG); returns the new picture id. */
    public String setPhoto(UUID deviceId, String group, byte[] jpeg) {
        Jid jid = group(group);
        checkJpeg(jpeg);
        return mutate(deviceId, "update group photo", client -> client.groups().setPhoto(jid, jpeg));
    }

    /** Row 50: the invite link; {@code reset} revokes the old one. */
    public String inviteLink(UUID deviceId, String group, boolean reset) {
        Jid jid = group(group);
        return reset ? mutate(deviceId, "reset invite link", client -> client.groups().inviteLink(jid, true))
                : calls.call(deviceId, "get invite link", client -> client.groups().inviteLink(jid, false));
    }

    /**
     * Row 51: applies each present setting in the contract's order (announce, locked, member add mode, join
     * approval); an unknown member add mode is refused before anything changes.
     */
    public void updateSettings(UUID deviceId, String group, GroupSettings settings) {
        Jid jid = group(group);
        Optional<MemberAddMode> mode = settings.memberAddMode().map(value -> switch (value) {
            case "all", "all_members", "all_member_add" -> MemberAddMode.ALL_MEMBERS;
            case "admin_only", "admin_add" -> MemberAddMode.ADMINS;
            default -> throw new WhatsAppFailureException("invalid member_add_mode: " + value);
        });
        settings.announce().ifPresent(on ->
                mutate(deviceId, "set announce", client -> client.groups().setAnnounce(jid, on)));
        settings.locked().ifPresent(on ->
                mutate(deviceId, "set locked", client -> client.groups().setLocked(jid, on)));
        mode.ifPresent(value ->
                mutate(deviceId, "set member add mode", client -> client.groups().setMemberAddMode(jid, value)));
        settings.joinApproval().ifPresent(on ->
                mutate(deviceId, "set join approval", client -> client.groups().setJoinApproval(jid, on)));
    }

    /** Row 56: {@code all_members} or {@code admin_only}. */
    public void setMemberAddMode(UUID deviceId, String group, String mode) {
        Jid jid = group(group);
        MemberAddMode value = switch (mode == null ? "" : mode.strip()) {
            case "all_members" -> MemberAddMode.ALL_MEMBERS;
            case "admin_only" -> MemberAddMode.ADMINS;
            default -> throw new WhatsAppFailureException("invalid member add mode");
        };
        mutate(deviceId, "set member add mode", client -> client.groups().setMemberAddMode(jid, value));
    }

    /** Row 53. */
    public void setJoinApproval(UUID deviceId, String group, boolean required) {
        Jid jid = group(group);
        mutate(deviceId, "set join approval mode", client -> client.groups().setJoinApproval(jid, required));
    }

    /** Row 52: who waits for approval (admins only). */
    public List<JoinRequest> joinRequests(UUID deviceId, String group) {
        Jid jid = group(group);
        return calls.call(deviceId, "get participant requests", client -> client.groups().joinRequests(jid));
    }

    /** Row 54: the group an invite code (or link) is for, without joining. */
    public GroupInfo previewInvite(UUID deviceId, String code) {
        String checked = inviteCode(code);
        return calls.call(deviceId, "get group info from invite", client -> client.groups().previewInvite(checked));
    }

    /** Row 55: joins by a direct invite (an invite message from {@code inviter}, resolved by R1). */
    public void joinByDirectInvite(UUID deviceId, String group, String code, String inviter, long expiration) {
        Jid jid = group(group);
        String checked = inviteCode(code);
        List<Jid> from = users(deviceId, inviter == null ? List.of() : List.of(inviter));
        if (from.isEmpty()) {
            throw new InvalidRequestException("inviter must be a registered WhatsApp user");
        }
        mutate(deviceId, "join group with invite",
                client -> client.groups().joinByDirectInvite(jid, checked, expiration, from.getFirst()));
    }

    /** Row 58: links {@code group} into the community {@code parent}. */
    public void link(UUID deviceId, String parent, String group) {
        Jid community = group(parent);
        Jid jid = group(group);
        mutate(deviceId, "link groups", client -> client.groups().linkSubGroup(community, jid));
    }

    /** Row 59: the members of all of a community's groups. */
    public List<GroupParticipant> linkedParticipants(UUID deviceId, String community) {
        Jid jid = group(community);
        return calls.call(deviceId, "get linked participants", client -> client.groups().linkedParticipants(jid));
    }

    /** Row 60: a community's groups. */
    public List<SubGroup> subGroups(UUID deviceId, String community) {
        Jid jid = group(community);
        return calls.call(deviceId, "get sub groups", client -> client.groups().subGroups(jid));
    }

    /** Rows 61, 62, 65, 66: adds, removes, promotes or demotes the users that pass R1; the outcome per user. */
    public List<ParticipantResult> updateParticipants(UUID deviceId, String group, ParticipantAction action,
                                                      List<String> participants) {
        Jid jid = group(group);
        List<Jid> users = requiredUsers(deviceId, participants);
        return mutate(deviceId, "update participants",
                client -> client.groups().updateParticipants(jid, action, users));
    }

    /** Rows 63, 64: approves or rejects join requests; the outcome per user. */
    public List<ParticipantResult> reviewJoinRequests(UUID deviceId, String group, JoinRequestAction action,
                                                      List<String> users) {
        Jid jid = group(group);
        List<Jid> checked = requiredUsers(deviceId, users);
        return mutate(deviceId, "update join requests",
                client -> client.groups().reviewJoinRequests(jid, action, checked));
    }

    /** A change by this device: its cached group list is dropped whatever the answer (it may have happened). */
    private <T> T mutate(UUID deviceId, String what, Function<WaClient, CompletableFuture<T>> request) {
        try {
            return calls.call(deviceId, what, request);
        } finally {
            list.invalidate(deviceId);
        }
    }

    /**
     * A group path parameter under R1: {@code …@g.us} as is, a bare legacy id with {@code -} as a group; a bare
     * modern id (18 digits) fails the phone check; anything else that parses is not a group.
     */
    static Jid group(String value) {
        ChatTarget target = ChatAddress.parse(value);
        return switch (target) {
            case ChatTarget.Group group -> group.jid();
            case ChatTarget.Person ignored -> throw new InvalidRequestException(NOT_A_GROUP);
        };
    }

    private List<Jid> requiredUsers(UUID deviceId, List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new InvalidRequestException("participants are required");
        }
        List<Jid> users = users(deviceId, entries);
        if (users.isEmpty()) {
            throw new InvalidRequestException("no participant is a registered WhatsApp user");
        }
        return users;
    }

    /**
     * The entries that pass R1, as account JIDs, in order and without repeats: groups and malformed entries are
     * skipped, the numbers are checked with WhatsApp in batches and the unregistered ones skipped.
     */
    private List<Jid> users(UUID deviceId, List<String> entries) {
        Set<String> numbers = new LinkedHashSet<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            try {
                if (ChatAddress.parse(entry) instanceof ChatTarget.Person person) {
                    numbers.add(person.phone().digits());
                }
            } catch (GatewayException skipped) {
                // api.md row 44: entries failing R1 are skipped silently
            }
        }
        List<Jid> users = new ArrayList<>();
        registrations.lookupAll(deviceId, List.copyOf(numbers)).values().forEach(registered -> registered
                .map(Jid::toNonAd).filter(jid -> !users.contains(jid)).ifPresent(users::add));
        return users;
    }

    private static String inviteCode(String code) {
        if (code == null || code.isBlank()) {
            throw new InvalidRequestException("invite_code is required");
        }
        try {
            return GroupStanzas.code(code.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid invite code: " + e.getMessage());
        }
    }

    private static void checkJpeg(byte[] bytes) {
        if (bytes == null || !GroupStanzas.isJpeg(bytes)) {
            throw new InvalidRequestException("photo must be a JPEG image");
        }
    }
}
