package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.store.LidMappings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of groups we send to (protocol §11.2: {@code <iq xmlns="w:g2" type="get" to=GROUP><query/>}), cached
 * for a few minutes; a group's entry is dropped when a send to it is refused. {@code w:gp2} notifications are folded
 * in ({@link #apply}), so a send right after a member was added or removed reaches exactly the new member set.
 */
public final class GroupParticipants {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(List<Jid> members, AddressingMode mode, Instant fetched) {
        Entry(List<Jid> members, Instant fetched) {
            this(members, AddressingMode.PN, fetched);
        }
    }

    private final ServerChannel channel;
    private final Clock clock;
    private final LidMappings lids;
    private final Map<Jid, Entry> cache = new ConcurrentHashMap<>();

    /** A cache that learns no LID pairings (for tests of the cache alone). */
    public GroupParticipants(ServerChannel channel, Clock clock) {
        this(channel, clock, null);
    }

    /**
     * Made by the client, shared by the features that send to groups; the phone-number ↔ LID pairings the member
     * lists show go to {@code lids} (protocol §6.12).
     */
    public GroupParticipants(ServerChannel channel, Clock clock, LidMappings lids) {
        this.channel = channel;
        this.clock = clock;
        this.lids = lids;
    }

    /** The member users of {@code group}; blocks on the query when not cached. */
    public List<Jid> members(Jid group) {
        Instant now = clock.instant();
        Entry entry = cache.get(group);
        if (entry != null && entry.fetched().plus(TTL).isAfter(now)) {
            return entry.members();
        }
        Node iq = Node.builder("iq").attribute("to", group).attribute("type", "get").attribute("xmlns", "w:g2")
                .children(Node.builder("query").attribute("request", "interactive").build()).build();
        Node answer = channel.query(iq).join();
        List<Jid> members = parse(answer);
        AddressingMode mode = answer.child("group").map(g -> g.attribute("addressing_mode", "pn")).orElse("pn")
                .equals("lid") ? AddressingMode.LID : AddressingMode.PN;
        answer.child("group").ifPresent(g -> g.children("participant").forEach(this::learn));
        cache.put(group, new Entry(members, mode, now));
        return members;
    }

    /**
     * How {@code group} names its members, as last read ({@link #members} reads it first when not cached): a LID
     * group's messages go out under our LID with {@code addressing_mode="lid"} (whatsmeow {@code SendMessage}).
     */
    public AddressingMode addressing(Jid group) {
        Entry entry = cache.get(group);
        if (entry == null) {
            members(group);
            entry = cache.get(group);
        }
        return entry == null ? AddressingMode.PN : entry.mode();
    }

    /** Keeps the members of a group info we just read (a create, an info query). */
    public void remember(GroupInfo info) {
        List<Jid> members = info.participants().stream().map(p -> p.jid().toNonAd()).distinct().toList();
        info.participants().forEach(p -> learn(p.phoneNumber(), p.lid()));
        cache.put(info.jid(), new Entry(members, info.addressingMode(), clock.instant()));
    }

    /** The pairing a {@code <participant jid phone_number|lid>} shows (whatsmeow {@code parseParticipant}). */
    private void learn(Node participant) {
        Optional<Jid> jid = participant.jidAttribute("jid");
        if (jid.isEmpty()) {
            return;
        }
        if (jid.get().isLid()) {
            learn(participant.jidAttribute("phone_number"), jid);
        } else {
            learn(jid, participant.jidAttribute("lid"));
        }
    }

    private void learn(Optional<Jid> phone, Optional<Jid> lid) {
        if (lids != null && phone.isPresent() && lid.isPresent() && lid.get().isLid() && !phone.get().isLid()) {
            lids.save(phone.get().toNonAd(), lid.get().toNonAd());
        }
    }

    /**
     * Folds a change the server announced into the cached members of its group: added members join the list,
     * removed and departed ones leave it; a change that may alter the list in a way we cannot follow (a number
     * change, a deleted group, something unknown, or we ourselves leaving) drops the entry, so the next send asks
     * again. Groups not cached stay uncached.
     *
     * @param self our own user JID, when paired
     */
    public void apply(GroupNotification change, Optional<Jid> self) {
        Jid group = change.context().group();
        switch (change) {
            case GroupNotification.Created created -> remember(created.info());
            case GroupNotification.MembersChanged members -> {
                List<Jid> users = members.participants().stream().map(p -> p.jid().toNonAd()).toList();
                switch (members.change()) {
                    case ADDED -> cache.computeIfPresent(group, (jid, entry) -> {
                        List<Jid> updated = new ArrayList<>(entry.members());
                        users.stream().filter(user -> !updated.contains(user)).forEach(updated::add);
                        members.participants().forEach(p -> learn(p.phoneNumber(), p.lid()));
                        return new Entry(List.copyOf(updated), entry.mode(), entry.fetched());
                    });
                    case REMOVED, LEFT -> {
                        boolean us = members.participants().stream().anyMatch(p -> self.isPresent()
                                && (p.jid().toNonAd().equals(self.get().toNonAd())
                                || p.phoneNumber().map(Jid::toNonAd).equals(Optional.of(self.get().toNonAd()))));
                        if (us) {
                            cache.remove(group);
                        } else {
                            cache.computeIfPresent(group, (jid, entry) -> new Entry(entry.members().stream()
                                    .filter(user -> !users.contains(user)).toList(), entry.mode(), entry.fetched()));
                        }
                    }
                    case PROMOTED, DEMOTED -> {
                        // roles do not change who receives a message
                    }
                    case NUMBER_CHANGED -> cache.remove(group);
                }
            }
            case GroupNotification.Deleted ignored -> cache.remove(group);
            case GroupNotification.Unknown ignored -> cache.remove(group);
            default -> {
                // settings, subject, description, invites, join requests: the member list is unchanged
            }
        }
    }

    /** The cached members of {@code group}, if any (fresh or not). */
    public Optional<List<Jid>> cached(Jid group) {
        return Optional.ofNullable(cache.get(group)).map(Entry::members);
    }

    /** Forgets what we know about {@code group}. */
    public void invalidate(Jid group) {
        cache.remove(group);
    }

    /** The participant user JIDs of a {@code <group>} answer. */
    public static List<Jid> parse(Node answer) {
        List<Jid> members = new ArrayList<>();
        answer.child("group").ifPresent(group -> group.children("participant").forEach(participant ->
                participant.jidAttribute("jid").map(Jid::toNonAd).filter(jid -> !members.contains(jid))
                        .ifPresent(members::add)));
        return List.copyOf(members);
    }
}
