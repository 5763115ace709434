package dev.wagateway.protocol.message;

import dev.wagateway.protocol.group.GroupParticipants;
import dev.wagateway.protocol.user.DeviceDirectory;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading usync device lists and pre-key bundles: well-formed entries used, malformed ones skipped. */
class StanzaParsingTest {

    @Test
    void deviceListsKeepDevicesWithAKeyIndexAndMarkHostedOnes() {
        Node answer = Node.builder("iq").children(Node.builder("usync").children(Node.builder("list").children(
                Node.builder("user").attribute("jid", "15550002222@s.whatsapp.net").children(
                        Node.builder("devices").children(Node.builder("device-list").children(
                                Node.builder("device").attribute("id", "0").build(),
                                Node.builder("device").attribute("id", "3").attribute("key-index", "2").build(),
                                Node.builder("device").attribute("id", "4").build(),
                                Node.builder("device").attribute("id", "99").attribute("key-index", "1")
                                        .attribute("is_hosted", "true").build(),
                                Node.builder("device").attribute("id", "x").build()).build()).build()).build(),
                Node.builder("user").attribute("jid", "not a jid").build()).build()).build()).build();

        Map<Jid, List<Jid>> devices = DeviceDirectory.parse(answer);
        assertThat(devices).containsOnlyKeys(Jid.user("15550002222"));
        assertThat(devices.get(Jid.user("15550002222"))).containsExactly(
                Jid.parse("15550002222@s.whatsapp.net"), Jid.parse("15550002222:3@s.whatsapp.net"),
                Jid.parse("15550002222:99@hosted"));
    }

    @Test
    void bundlesAreReadWithOrWithoutOneTimeKeyAndBadOnesSkipped() {
        Node answer = Node.builder("iq").children(Node.builder("list").children(
                bundle("15550002222@s.whatsapp.net", true, 32),
                bundle("15550002222:3@s.whatsapp.net", false, 32),
                bundle("15550002222:4@s.whatsapp.net", true, 31),
                Node.builder("user").attribute("jid", "15550002222:5@s.whatsapp.net")
                        .children(Node.builder("error").attribute("code", "404").build()).build()).build()).build();

        Map<Jid, PreKeyBundle> bundles = PreKeyBundles.parse(answer);
        assertThat(bundles).containsOnlyKeys(Jid.parse("15550002222@s.whatsapp.net"),
                Jid.parse("15550002222:3@s.whatsapp.net"));
        PreKeyBundle full = bundles.get(Jid.parse("15550002222@s.whatsapp.net"));
        assertThat(full.registrationId()).isEqualTo(0x01020304);
        assertThat(full.signedPreKey().id()).isEqualTo(0x010203);
        assertThat(full.preKey()).hasValueSatisfying(k -> assertThat(k.id()).isEqualTo(0x000009));
        assertThat(bundles.get(Jid.parse("15550002222:3@s.whatsapp.net")).preKey()).isEmpty();
    }

    private static Node bundle(String jid, boolean withOneTimeKey, int identityLength) {
        Node.Builder user = Node.builder("user").attribute("jid", jid);
        List<Node> parts = new java.util.ArrayList<>(List.of(
                Node.builder("registration").bytes(new byte[]{1, 2, 3, 4}).build(),
                Node.builder("type").bytes(new byte[]{5}).build(),
                Node.builder("identity").bytes(new byte[identityLength]).build(),
                Node.builder("skey").children(Node.builder("id").bytes(new byte[]{1, 2, 3}).build(),
                        Node.builder("value").bytes(new byte[32]).build(),
                        Node.builder("signature").bytes(new byte[64]).build()).build()));
        if (withOneTimeKey) {
            parts.add(Node.builder("key").children(Node.builder("id").bytes(new byte[]{0, 0, 9}).build(),
                    Node.builder("value").bytes(new byte[32]).build()).build());
        }
        return user.children(parts).build();
    }
}
