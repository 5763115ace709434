package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ServerChannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of groups we send to (protocol §11.2: {@code <iq xmlns="w:g2" type="get" to=GROUP><query/>}), cached
 * for a few minutes; a group's entry is dropped when a send to it is refused.
 */
public final class GroupParticipants {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(List<Jid> members, Instant fetched) {
    }

    private final ServerChannel channel;
    private final Clock clock;
    private final Map<Jid, Entry> cache = new ConcurrentHashMap<>();

    /** Made by the client, shared by the features that send to groups. */
    public GroupParticipants(ServerChannel channel, Clock clock) {
        this.channel = channel;
        this.clock = clock;
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
        List<Jid> members = parse(channel.query(iq).join());
        cache.put(group, new Entry(members, now));
        return members;
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
