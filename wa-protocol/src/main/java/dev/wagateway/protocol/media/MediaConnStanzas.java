package dev.wagateway.protocol.media;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code media_conn} IQ and its answer (protocol §9.4; whatsmeow {@code mediaconn.go — queryMediaConn}, Baileys
 * {@code messages-send.ts — refreshMediaConn}).
 */
public final class MediaConnStanzas {

    private MediaConnStanzas() {
    }

    /** {@code <iq xmlns="w:m" type="set" to="s.whatsapp.net"><media_conn/></iq>}; the id is the sender's. */
    public static Node request() {
        return Node.builder("iq").attribute("xmlns", "w:m").attribute("type", "set").attribute("to", Jid.SERVER)
                .children(Node.of("media_conn")).build();
    }

    /**
     * Reads the answer: {@code <iq type="result"><media_conn auth ttl auth_ttl max_buckets><host hostname …/>…}.
     *
     * @throws MalformedNodeException when the answer lacks {@code media_conn}, its {@code auth}, a numeric
     *                                {@code ttl}, or any host with a hostname
     */
    public static MediaConn parse(Node result, Instant fetchedAt) throws MalformedNodeException {
        Node conn = result.tag().equals("media_conn") ? result : result.child("media_conn")
                .orElseThrow(() -> new MalformedNodeException("media_conn answer has no <media_conn>"));
        String auth = conn.attribute("auth").filter(value -> !value.isEmpty())
                .orElseThrow(() -> new MalformedNodeException("media_conn has no auth"));
        long ttl = number(conn, "ttl").orElseThrow(() -> new MalformedNodeException("media_conn has no numeric ttl"));
        long authTtl = number(conn, "auth_ttl").orElse(0L);
        long maxBuckets = number(conn, "max_buckets").orElse(0L);
        List<MediaHost> hosts = new ArrayList<>();
        for (Node host : conn.children("host")) {
            Optional<String> hostname = host.attribute("hostname").filter(name -> !name.isBlank());
            if (hostname.isEmpty()) {
                throw new MalformedNodeException("media_conn host without hostname");
            }
            hosts.add(new MediaHost(hostname.get(), host.attribute("fallback_hostname").filter(n -> !n.isBlank()),
                    number(host, "maxContentLengthBytes").orElse(0L)));
        }
        if (hosts.isEmpty()) {
            throw new MalformedNodeException("media_conn lists no host");
        }
        return new MediaConn(auth, Duration.ofSeconds(ttl), Duration.ofSeconds(authTtl),
                (int) Math.min(maxBuckets, Integer.MAX_VALUE), fetchedAt, hosts);
    }

    private static Optional<Long> number(Node node, String attribute) throws MalformedNodeException {
        Optional<String> value = node.attribute(attribute);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < 0) {
                throw new MalformedNodeException(attribute + " is negative");
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            throw new MalformedNodeException(attribute + " is not a number: " + value.get());
        }
    }
}
