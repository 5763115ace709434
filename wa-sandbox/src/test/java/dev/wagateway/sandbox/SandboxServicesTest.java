package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.proto.KeyId;
import dev.wagateway.protocol.proto.SyncdPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The services beyond messaging: media host, app-state sync between companions, presence, chat states, retries. */
class SandboxServicesTest {

    private static final String ALICE = "15550006666";
    private static final String BOB = "15550007777";

    @RegisterExtension
    final LoopbackSandbox world = new LoopbackSandbox().phone(ALICE, "Alice").phone(BOB, "Bob");

    @Test
    void mediaUploadedWithTheMediaConnAuthCanBeDownloadedByItsDirectPath() throws Exception {
        TestDevice alice = world.device();
        alice.pairWith(ALICE);
        try (RawCompanion companion = alice.login()) {
            companion.send(iq("w:m", "set", Node.of("media_conn")));
            Node conn = companion.next("iq").child("media_conn").orElseThrow();
            String auth = conn.attribute("auth").orElseThrow();
            String host = conn.child("host").flatMap(h -> h.attribute("hostname")).orElseThrow();

            // The media host is HTTPS with the sandbox's own CA.
            HttpClient media = HttpClient.newBuilder().sslContext(world.sandbox().mediaSslContext()).build();
            byte[] blob = new byte[5000];
            world.random().nextBytes(blob);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(blob));
            HttpResponse<String> refused = media.send(HttpRequest.newBuilder(URI.create(
                    "https://" + host + "/mms/image/" + token + "?auth=wrong&token=" + token))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            HttpResponse<String> uploaded = media.send(HttpRequest.newBuilder(URI.create(
                    "https://" + host + "/mms/image/" + token + "?auth=" + auth + "&token=" + token))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).isEqualTo(200);
            String directPath = uploaded.body().replaceAll(".*\"direct_path\":\"([^\"]+)\".*", "$1");
            HttpResponse<byte[]> downloaded = media.send(HttpRequest.newBuilder(URI.create("https://" + host + directPath))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(downloaded.body()).isEqualTo(blob);
        }
    }

    @Test
    void appStatePatchesTheAccountsPhoneCannotVerifyAndStaleOnesAreRefused() throws Exception {
        TestDevice first = world.device();
        TestDevice second = world.device();
        first.pairWith(ALICE);
        second.pairWith(ALICE);
        try (RawCompanion one = first.login(); RawCompanion two = second.login()) {
            // no MACs the phone's key gives: refused, as WhatsApp's apps never apply such a patch
            byte[] patch = SyncdPatch.newBuilder().setKeyId(KeyId.newBuilder().setId(ByteString.copyFrom(new byte[]{1})))
                    .setSnapshotMac(ByteString.copyFrom(new byte[32])).build().toByteArray();
            one.send(iq("w:sync:app:state", "set", Node.builder("sync").children(Node.builder("collection")
                    .attribute("name", "regular_high").attribute("version", "0").attribute("return_snapshot", "false")
                    .children(Node.builder("patch").bytes(patch).build()).build()).build()));
            Node refused = one.next("iq").child("sync").orElseThrow().child("collection").orElseThrow();
            assertThat(refused.attribute("type")).contains("error");
            assertThat(refused.child("error").flatMap(e -> e.attribute("code"))).contains("400");

            two.send(iq("w:sync:app:state", "set", Node.builder("sync").children(Node.builder("collection")
                    .attribute("name", "regular_high").attribute("version", "0").attribute("return_snapshot", "true")
                    .build()).build()));
            Node fetched = two.next("iq").child("sync").orElseThrow().child("collection").orElseThrow();
            assertThat(fetched.attribute("version")).contains("0");
            assertThat(fetched.child("patches").orElseThrow().children("patch")).as("nothing was kept").isEmpty();

            // written on a version the collection does not have: 409, the device must fetch first
            two.send(iq("w:sync:app:state", "set", Node.builder("sync").children(Node.builder("collection")
                    .attribute("name", "regular_high").attribute("version", "3")
                    .children(Node.builder("patch").bytes(patch).build()).build()).build()));
            Node conflict = two.next("iq").child("sync").orElseThrow().child("collection").orElseThrow();
            assertThat(conflict.attribute("type")).contains("error");
            assertThat(conflict.child("error").flatMap(e -> e.attribute("code"))).contains("409");
        }
    }

    @Test
    void presenceChatStatesAndRetryReceiptsReachTheOtherSide() throws Exception {
        TestDevice alice = world.device();
        TestDevice bob = world.device();
        alice.pairWith(ALICE);
        Jid bobDevice = bob.pairWith(BOB);
        try (RawCompanion a = alice.login(); RawCompanion b = bob.login()) {
            a.send(Node.builder("presence").attribute("type", "subscribe").attribute("to", Jid.user(BOB)).build());
            assertThat(a.next("presence").attribute("type")).contains("unavailable");
            b.send(Node.builder("presence").attribute("type", "available").attribute("name", "Bob").build());
            Node update = a.next("presence");
            assertThat(update.attribute("from")).contains(Jid.user(BOB).toString());
            // WhatsApp's "available" has no type (absent type = available, whatsmeow handlePresence)
            assertThat(update.attribute("type", "available")).isEqualTo("available");

            b.send(Node.builder("chatstate").attribute("to", Jid.user(ALICE)).children(Node.of("composing")).build());
            Node typing = a.next("chatstate");
            assertThat(typing.attribute("from")).contains(Jid.user(BOB).toString());
            assertThat(typing.child("composing")).isPresent();

            b.send(Node.builder("receipt").attribute("to", Jid.user(ALICE)).attribute("id", "3EB0RETRY")
                    .attribute("type", "retry").children(
                            Node.builder("retry").attribute("count", "1").attribute("id", "3EB0RETRY").build(),
                            Node.builder("registration").bytes(new byte[]{0, 0, 1, 2}).build()).build());
            Node retry = a.next("receipt");
            assertThat(retry.attribute("type")).contains("retry");
            assertThat(retry.attribute("from")).contains(bobDevice.toString());
            assertThat(retry.child("registration").flatMap(Node::bytes)).contains(new byte[]{0, 0, 1, 2});
        }
    }

    private static Node iq(String xmlns, String type, Node child) {
        return Node.builder("iq").attribute("id", "q" + System.nanoTime()).attribute("xmlns", xmlns)
                .attribute("type", type).attribute("to", "s.whatsapp.net").children(child).build();
    }
}
