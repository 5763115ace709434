package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ServerChannel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Is this number on WhatsApp" (protocol §6.6): a usync query in the {@code interactive} context with a
 * {@code contact} protocol; each answered user says {@code type="in"} (registered, with its JID) or {@code out}.
 */
final class ContactLookup {

    /** Numbers per query; WhatsApp Web asks in batches of this size. */
    static final int MAX_BATCH = 50;

    private final ServerChannel channel;
    private final AtomicInteger sidCounter = new AtomicInteger();

    ContactLookup(ServerChannel channel) {
        this.channel = channel;
    }

    /** For each phone (international digits), the account's JID when it is registered. */
    CompletableFuture<Map<String, Optional<Jid>>> lookup(List<String> phones) {
        if (phones.isEmpty() || phones.size() > MAX_BATCH) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "between 1 and " + MAX_BATCH + " numbers per lookup"));
        }
        for (String phone : phones) {
            if (!phone.matches("[0-9]{1,20}")) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("not a phone number: " + phone));
            }
        }
        List<Node> users = phones.stream().map(phone -> Node.builder("user")
                .children(Node.builder("contact").text("+" + phone).build()).build()).toList();
        Node iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get").attribute("xmlns", "usync")
                .children(Node.builder("usync").attribute("sid", "contact-" + sidCounter.incrementAndGet())
                        .attribute("mode", "query").attribute("last", "true").attribute("index", "0")
                        .attribute("context", "interactive")
                        .children(Node.builder("query").children(Node.of("contact")).build(),
                                Node.builder("list").children(users).build()).build())
                .build();
        return channel.query(iq).thenApply(answer -> parse(answer, phones));
    }

    /** Reads the answer; a number the server did not mention counts as not registered. */
    static Map<String, Optional<Jid>> parse(Node answer, List<String> phones) {
        Map<String, Optional<Jid>> result = new LinkedHashMap<>();
        phones.forEach(phone -> result.put(phone, Optional.empty()));
        Node list = answer.child("usync").flatMap(u -> u.child("list")).orElse(Node.of("list"));
        for (Node user : list.children("user")) {
            Optional<Jid> jid = user.jidAttribute("jid").map(Jid::toNonAd);
            Optional<Node> contact = user.child("contact");
            if (jid.isEmpty() || contact.isEmpty()) {
                continue;
            }
            String asked = contact.get().text().map(t -> t.replaceAll("[^0-9]", "")).orElse(jid.get().user());
            if (result.containsKey(asked) && contact.get().attribute("type", "").equals("in")) {
                result.put(asked, jid);
            }
        }
        return result;
    }
}
