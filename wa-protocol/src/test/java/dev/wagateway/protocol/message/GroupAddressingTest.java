package dev.wagateway.protocol.message;

import dev.wagateway.protocol.group.GroupParticipants;
import dev.wagateway.protocol.user.DeviceDirectory;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupAddressingTest {

    @Test
    void thePhashHashesTheSortedAdStringsAndKeepsSixBytes() throws Exception {
        Jid a = new Jid("5511999999999", 0, 3, Jid.USER_SERVER);
        Jid b = new Jid("123456789012345", 0, 0, Jid.LID_SERVER);
        String expected = "2:" + Base64.getEncoder().encodeToString(Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                .digest("123456789012345.0:0@lid5511999999999.0:3@s.whatsapp.net".getBytes(StandardCharsets.UTF_8)), 6));
        assertThat(ParticipantHash.of(List.of(a, b))).isEqualTo(expected).hasSize(10);
        assertThat(ParticipantHash.of(List.of(b, a))).isEqualTo(expected);
    }

    @Test
    void groupMembersAreReadFromTheGroupAnswer() {
        Node answer = Node.builder("iq").children(Node.builder("group").attribute("id", "120363000000000001")
                .children(Node.builder("participant").attribute("jid", Jid.user("15550001111")).build(),
                        Node.builder("participant").attribute("jid", Jid.user("15550002222"))
                                .attribute("type", "admin").build(),
                        Node.builder("participant").attribute("jid", Jid.user("15550001111")).build())
                .build()).build();
        assertThat(GroupParticipants.parse(answer)).containsExactly(Jid.user("15550001111"), Jid.user("15550002222"));
        assertThat(GroupParticipants.parse(Node.of("iq"))).isEmpty();
    }
}
