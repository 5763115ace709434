package dev.wagateway.protocol.user;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user IQs against the shapes of whatsmeow ({@code user.go}, {@code privacysettings.go}) and Baileys
 * ({@code chats.ts}, {@code USyncQuery}), and their answers read back.
 */
class UserStanzasTest {

    private static final Jid PEER = Jid.parse("15550002222@s.whatsapp.net");

    @Test
    void userInfoIsAFullBackgroundUsyncWithFiveProtocols() {
        Node iq = UserStanzas.userInfo(List.of(PEER.withDevice(3)), "sid-1");
        assertThat(iq.attribute("xmlns", "")).isEqualTo("usync");
        assertThat(iq.attribute("type", "")).isEqualTo("get");
        Node usync = iq.child("usync").orElseThrow();
        assertThat(usync.attribute("mode", "")).isEqualTo("full");
        assertThat(usync.attribute("context", "")).isEqualTo("background");
        assertThat(usync.child("query").orElseThrow().children().stream().map(Node::tag))
                .containsExactly("business", "status", "picture", "devices", "lid");
        assertThat(usync.child("query").orElseThrow().child("devices").orElseThrow().attribute("version", ""))
                .isEqualTo("2");
        assertThat(usync.child("list").orElseThrow().children("user").getFirst().attribute("jid", ""))
                .isEqualTo(PEER.toString());
    }

    @Test
    void userInfoAnswersAreRead() {
        Node answer = Node.builder("iq").children(Node.builder("usync").children(Node.builder("list").children(
                Node.builder("user").attribute("jid", PEER.toString()).children(
                        Node.builder("status").attribute("t", "1700000000").bytes("at work".getBytes(
                                StandardCharsets.UTF_8)).build(),
                        Node.builder("picture").attribute("id", "1712").build(),
                        Node.builder("lid").attribute("val", "123456789012345@lid").build(),
                        Node.builder("devices").children(Node.builder("device-list").children(
                                Node.builder("device").attribute("id", "0").build()).build()).build()).build(),
                Node.builder("user").attribute("jid", "15550003333@s.whatsapp.net").children(
                        Node.builder("status").attribute("code", "401").build()).build()).build()).build()).build();
        Map<Jid, UserAnswers.UserInfo> info = UserAnswers.userInfo(answer);
        assertThat(info.get(PEER).status()).isEqualTo("at work");
        assertThat(info.get(PEER).pictureId()).isEqualTo("1712");
        assertThat(info.get(PEER).devices()).containsExactly(PEER);
        assertThat(info.get(PEER).lid()).contains(Jid.parse("123456789012345@lid"));
        assertThat(info.get(Jid.parse("15550003333@s.whatsapp.net")).status()).as("401 = hidden").isEmpty();
    }

    @Test
    void pictureBlocklistPrivacyAndAboutShapes() {
        Node picture = UserStanzas.profilePicture(PEER, false);
        assertThat(picture.attribute("xmlns", "")).isEqualTo("w:profile:picture");
        assertThat(picture.attribute("target", "")).isEqualTo(PEER.toString());
        assertThat(picture.child("picture").orElseThrow().attribute("type", "")).isEqualTo("image");
        assertThat(picture.child("picture").orElseThrow().attribute("query", "")).isEqualTo("url");
        assertThat(UserStanzas.setProfilePicture(null).children()).isEmpty();
        assertThat(UserStanzas.setProfilePicture(new byte[]{1}).attribute("target")).isEmpty();

        Node block = UserStanzas.updateBlocklist(PEER.withDevice(2), true);
        assertThat(block.attribute("xmlns", "")).isEqualTo("blocklist");
        assertThat(block.child("item").orElseThrow().attribute("jid", "")).isEqualTo(PEER.toString());
        assertThat(block.child("item").orElseThrow().attribute("action", "")).isEqualTo("block");

        Node privacy = UserStanzas.setPrivacySetting(PrivacySetting.LAST_SEEN, "contacts");
        Node category = privacy.child("privacy").orElseThrow().child("category").orElseThrow();
        assertThat(privacy.attribute("xmlns", "")).isEqualTo("privacy");
        assertThat(category.attribute("name", "")).isEqualTo("last");
        assertThat(category.attribute("value", "")).isEqualTo("contacts");

        Node about = UserStanzas.setAbout("busy");
        assertThat(about.attribute("xmlns", "")).isEqualTo("status");
        assertThat(new String(about.child("status").orElseThrow().bytes().orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("busy");
    }

    @Test
    void answersOfPictureBlocklistAndPrivacyAreRead() {
        assertThat(UserAnswers.profilePicture(Node.builder("iq").children(Node.builder("picture")
                .attribute("id", "7").attribute("url", "https://pps.example/v/t61?x=1").attribute("type", "image")
                .attribute("direct_path", "/v/t61?x=1").build()).build()).orElseThrow())
                .isEqualTo(new UserAnswers.ProfilePicture("7", "https://pps.example/v/t61?x=1", "image", "/v/t61?x=1"));
        assertThat(UserAnswers.blocklist(Node.builder("iq").children(Node.builder("list").children(
                Node.builder("item").attribute("jid", PEER.toString()).build()).build()).build()))
                .containsExactly(PEER);
        Map<PrivacySetting, String> settings = UserAnswers.privacy(Node.builder("iq").children(Node.builder("privacy")
                .children(Node.builder("category").attribute("name", "readreceipts").attribute("value", "none")
                                .build(),
                        Node.builder("category").attribute("name", "future").attribute("value", "x").build()).build())
                .build());
        assertThat(settings).containsExactly(Map.entry(PrivacySetting.READ_RECEIPTS, "none"));
        assertThat(PrivacySetting.ONLINE.allowed()).containsExactly("all", "match_last_seen");
    }
}
