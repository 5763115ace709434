package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.store.LidMappings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The devices of users (protocol §6.6), asked with a usync {@code devices} query and cached for a few minutes; the
 * cache of a user is dropped on a {@code devices} notification or when a send to one of its devices fails.
 */
public final class DeviceDirectory {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(List<Jid> devices, Instant fetched) {
    }

    private final ServerChannel channel;
    private final Clock clock;
    private final LidMappings lids;
    private final Map<Jid, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicInteger sidCounter = new AtomicInteger();

    /**
     * Made by the client, shared by the features that send. The query also asks each user's LID, and the pairings
     * it answers go to {@code lids} (whatsmeow and Baileys fill theirs from usync, protocol §6.12).
     */
    public DeviceDirectory(ServerChannel channel, Clock clock, LidMappings lids) {
        this.channel = channel;
        this.clock = clock;
        this.lids = lids;
    }

    /** Every device of every user in {@code users} (non-device JIDs), in the order given; blocks on the query. */
    public List<Jid> devices(List<Jid> users) {
        Instant now = clock.instant();
        Map<Jid, List<Jid>> found = new LinkedHashMap<>();
        List<Jid> missing = new ArrayList<>();
        for (Jid user : users) {
            Jid key = user.toNonAd();
            Entry entry = cache.get(key);
            if (entry != null && entry.fetched().plus(TTL).isAfter(now)) {
                found.put(key, entry.devices());
            } else {
                found.put(key, List.of());
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            for (Map.Entry<Jid, List<Jid>> fetched : fetch(missing).entrySet()) {
                cache.put(fetched.getKey(), new Entry(fetched.getValue(), now));
                found.put(fetched.getKey(), fetched.getValue());
            }
        }
        List<Jid> all = new ArrayList<>();
        found.values().forEach(all::addAll);
        return all;
    }

    /**
     * Forgets what we know about {@code user}'s devices, under both its phone number and its LID (a LID group lists
     * the same devices by LID that a {@code devices} notification names by number).
     */
    public void invalidate(Jid user) {
        Jid key = user.toNonAd();
        cache.remove(key);
        Optional<Jid> other = key.isLid() ? lids.phoneOf(key) : lids.lidOf(key);
        other.ifPresent(cache::remove);
    }

    private Map<Jid, List<Jid>> fetch(List<Jid> users) {
        List<Node> list = users.stream().map(u -> Node.builder("user").attribute("jid", u).build()).toList();
        String sid = "sync-" + sidCounter.incrementAndGet();
        Node iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get").attribute("xmlns", "usync")
                .children(Node.builder("usync").attribute("sid", sid).attribute("mode", "query")
                        .attribute("last", "true").attribute("index", "0").attribute("context", "message")
                        .children(Node.builder("query").children(Node.builder("devices").attribute("version", "2")
                                        .build(), Node.of("lid")).build(),
                                Node.builder("list").children(list).build()).build())
                .build();
        Node answer = channel.query(iq).join();
        learnLids(answer);
        return parse(answer);
    }

    /** The {@code <lid val>} of each phone-number user in a usync answer, kept as its pairing. */
    private void learnLids(Node answer) {
        Node list = answer.child("usync").flatMap(u -> u.child("list")).orElse(Node.of("list"));
        for (Node user : list.children("user")) {
            Optional<Jid> phone = user.jidAttribute("jid").filter(jid -> jid.isUser() && !jid.isLid());
            Optional<Jid> lid = user.child("lid").flatMap(l -> l.jidAttribute("val")).filter(Jid::isLid);
            if (phone.isPresent() && lid.isPresent()) {
                lids.save(phone.get().toNonAd(), lid.get().toNonAd());
            }
        }
    }

    /** Reads a usync answer: user → its device JIDs (devices other than 0 need a key index, as Baileys requires). */
    public static Map<Jid, List<Jid>> parse(Node answer) {
        Map<Jid, List<Jid>> result = new LinkedHashMap<>();
        Node list = answer.child("usync").flatMap(u -> u.child("list")).orElse(Node.of("list"));
        for (Node user : list.children("user")) {
            Jid jid = user.jidAttribute("jid").map(Jid::toNonAd).orElse(null);
            if (jid == null) {
                continue;
            }
            List<Jid> devices = new ArrayList<>();
            Node deviceList = user.child("devices").flatMap(d -> d.child("device-list")).orElse(Node.of("device-list"));
            for (Node device : deviceList.children("device")) {
                int id = device.longAttribute("id").filter(n -> n >= 0 && n <= 65535).map(Long::intValue).orElse(-1);
                if (id < 0 || id != 0 && device.attribute("key-index").isEmpty()) {
                    continue;
                }
                String server = device.attribute("is_hosted", "").equals("true")
                        ? (jid.isLid() ? Jid.HOSTED_LID_SERVER : Jid.HOSTED_SERVER) : jid.server();
                devices.add(new Jid(jid.user(), 0, id, server));
            }
            result.put(jid, List.copyOf(devices));
        }
        return result;
    }
}
