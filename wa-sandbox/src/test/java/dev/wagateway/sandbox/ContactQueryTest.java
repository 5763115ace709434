package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Is on WhatsApp" usync queries of several users (protocol §12.1), over a real socket: each user is answered
 * {@code in} with its JID or {@code out}, echoing what was asked; a query without the envelope every client sends
 * ({@code mode}, {@code context}, {@code <query>}, {@code <list>}) is refused 400; the queries are counted per device.
 */
class ContactQueryTest {

    private static final String SHOP = "15550006666";
    private static final String ALICE = "15550007777";
    private static final String NOBODY = "15550009999";

    @RegisterExtension
    final LoopbackSandbox world = new LoopbackSandbox().phone(SHOP, "Shop").phone(ALICE, "Alice");

    private static Node contactQuery(String id, Map<String, String> envelope, boolean withQuery, String... phones) {
        Node.Builder usync = Node.builder("usync").attribute("sid", "s-" + id).attribute("last", "true")
                .attribute("index", "0");
        envelope.forEach(usync::attribute);
        List<Node> users = java.util.Arrays.stream(phones).map(phone -> Node.builder("user")
                .children(Node.builder("contact").text("+" + phone).build()).build()).toList();
        List<Node> children = withQuery
                ? List.of(Node.builder("query").children(Node.of("contact")).build(),
                Node.builder("list").children(users).build())
                : List.of(Node.builder("list").children(users).build());
        return Node.builder("iq").attribute("id", id).attribute("xmlns", "usync").attribute("type", "get")
                .attribute("to", "s.whatsapp.net").children(usync.children(children).build()).build();
    }

    @Test
    void eachUserOfAContactQueryIsAnsweredInOrOutAndTheQueryIsCounted() throws Exception {
        TestDevice shop = world.device();
        shop.pairWith(SHOP);
        try (RawCompanion companion = shop.login()) {
            companion.send(contactQuery("c1", Map.of("mode", "query", "context", "interactive"), true,
                    ALICE, NOBODY));
            Node answer = companion.next("iq");

            assertThat(answer.attribute("type")).contains("result");
            List<Node> users = answer.child("usync").orElseThrow().child("list").orElseThrow().children("user");
            assertThat(users).hasSize(2);
            assertThat(users.get(0).attribute("jid")).contains(Jid.user(ALICE).toString());
            assertThat(users.get(0).child("contact").orElseThrow().attribute("type")).contains("in");
            assertThat(users.get(0).child("contact").flatMap(Node::text)).contains("+" + ALICE);
            assertThat(users.get(1).child("contact").orElseThrow().attribute("type")).contains("out");
            assertThat(world.sandbox().control().contactQueries().asked(shop.jid.toString()))
                    .containsExactly(List.of(ALICE, NOBODY));
        }
    }

    @Test
    @ExpectsRefusals(400)
    void aUsyncQueryWithoutModeContextOrQueryIsRefused() throws Exception {
        TestDevice shop = world.device();
        shop.pairWith(SHOP);
        try (RawCompanion companion = shop.login()) {
            companion.send(contactQuery("m1", Map.of("context", "interactive"), true, ALICE));
            assertThat(errorCode(companion.next("iq"))).as("no mode").isEqualTo("400");
            companion.send(contactQuery("m2", Map.of("mode", "query"), true, ALICE));
            assertThat(errorCode(companion.next("iq"))).as("no context").isEqualTo("400");
            companion.send(contactQuery("m3", Map.of("mode", "query", "context", "interactive"), false, ALICE));
            assertThat(errorCode(companion.next("iq"))).as("no query").isEqualTo("400");

            assertThat(world.sandbox().control().contactQueries().asked(shop.jid.toString())).as("none was asked")
                    .isEmpty();
            assertThat(world.sandbox().stats().get("refusals")).isEqualTo(Map.of("400", 3L));
        }
    }

    private static String errorCode(Node iq) {
        assertThat(iq.attribute("type")).contains("error");
        return iq.child("error").orElseThrow().attribute("code", "");
    }
}
