package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A group of three accounts: created by IQ, one sender-key message reaches every other device, phones included. */
class GroupFanOutTest {

    private static final String A = "15550003333";
    private static final String B = "15550004444";
    private static final String C = "15550005555";

    @RegisterExtension
    final LoopbackSandbox world = new LoopbackSandbox().phones(A, B, C);

    @Test
    void aGroupMessageReachesEveryOtherMemberDevice() throws Exception {
        TestDevice a = world.device();
        TestDevice b = world.device();
        TestDevice c = world.device();
        a.pairWith(A);
        b.pairWith(B);
        c.pairWith(C);
        try (RawCompanion sender = a.login(); RawCompanion bob = b.login(); RawCompanion carol = c.login()) {
            // 6: the phone's key share takes one, and five left raise no low-count notification
            b.uploadPreKeys(bob, 6);
            c.uploadPreKeys(carol, 6);

            sender.send(Node.builder("iq").attribute("id", "g1").attribute("xmlns", "w:g2").attribute("type", "set")
                    .attribute("to", "@g.us").children(Node.builder("create").attribute("subject", "Sandbox friends")
                            .children(Node.builder("participant").attribute("jid", Jid.user(B)).build(),
                                    Node.builder("participant").attribute("jid", Jid.user(C)).build()).build())
                    .build());
            Node created = sender.next("iq").child("group").orElseThrow();
            Jid group = new Jid(created.attribute("id", ""), 0, 0, Jid.GROUP_SERVER);
            assertThat(created.children("participant")).hasSize(3);
            assertThat(bob.next("notification").attribute("type")).contains("w:gp2");
            carol.next("notification");

            // The group is LID-addressed (WhatsApp's default): every member device but our own, by LID, as usync
            // lists them for the members' LIDs; the message says addressing_mode="lid".
            assertThat(created.attribute("addressing_mode")).contains("lid");
            Jid aLid = lid(A).withDevice(a.jid.device());
            List<Jid> targets = new ArrayList<>();
            for (Jid user : List.of(lid(A), lid(B), lid(C))) {
                for (Jid device : usyncDevices(sender, user)) {
                    if (!device.equals(aLid)) {
                        targets.add(device);
                    }
                }
            }
            assertThat(targets).contains(lid(A), lid(B), lid(B).withDevice(b.jid.device()), lid(C),
                    lid(C).withDevice(c.jid.device()));

            SenderKeyName ours = new SenderKeyName(group.toString(),
                    new SignalAddress(aLid.signalUser(), aLid.device()));
            SenderKeyDistributionMessage distribution = a.groupSessions.create(ours);
            Message skdm = Message.newBuilder().setSenderKeyDistributionMessage(Message.SenderKeyDistribution.newBuilder()
                    .setGroupId(group.toString())
                    .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(distribution.serialized()))).build();
            List<Node> participants = new ArrayList<>();
            for (Jid device : targets) {
                a.startSession(sender, device);
                participants.add(Node.builder("to").attribute("jid", device).children(a.encFor(device, skdm)).build());
            }
            byte[] groupCiphertext = a.groupCipher.encrypt(ours, new WhatsAppPadding(world.random())
                    .pad(Message.newBuilder().setConversation("hello group").build().toByteArray())).serialized();
            String id = a.newMessageId();
            sender.send(Node.builder("message").attribute("to", group).attribute("id", id).attribute("type", "text")
                    .attribute("addressing_mode", "lid")
                    .children(Node.builder("participants").children(participants).build(),
                            Node.builder("enc").attribute("v", "2").attribute("type", "skmsg").bytes(groupCiphertext).build())
                    .build());
            assertThat(sender.next("ack").attribute("id")).contains(id);

            Node toBob = bob.next("message");
            assertThat(toBob.attribute("from")).contains(group.toString());
            assertThat(toBob.attribute("participant")).contains(aLid.toString());
            assertThat(toBob.attribute("participant_pn")).contains(Jid.user(A).toString());
            assertThat(b.decryptText(toBob)).isEqualTo("hello group");
            assertThat(c.decryptText(carol.next("message"))).isEqualTo("hello group");
            for (String phone : List.of(A, B, C)) {
                assertThat(awaitPhoneText(phone, "hello group")).as("phone %s", phone).isTrue();
            }
        }
    }

    private Jid lid(String phone) {
        return Jid.parse(world.sandbox().control().phoneLid(phone));
    }

    private static List<Jid> usyncDevices(RawCompanion companion, Jid user) throws Exception {
        companion.send(Node.builder("iq").attribute("id", "u" + user.user()).attribute("xmlns", "usync")
                .attribute("type", "get").attribute("to", "s.whatsapp.net")
                .children(Node.builder("usync").attribute("sid", "s1").attribute("mode", "query")
                        .attribute("context", "message").children(
                                Node.builder("query").children(Node.builder("devices").attribute("version", "2").build())
                                        .build(),
                                Node.builder("list").children(Node.builder("user").attribute("jid", user).build())
                                        .build()).build()).build());
        Node result = companion.next("iq");
        List<Jid> devices = new ArrayList<>();
        for (Node entry : result.child("usync").orElseThrow().child("list").orElseThrow().children("user")) {
            for (Node device : entry.child("devices").orElseThrow().child("device-list").orElseThrow().children("device")) {
                devices.add(user.withDevice(Integer.parseInt(device.attribute("id", "0"))));
            }
        }
        return devices;
    }

    private boolean awaitPhoneText(String phone, String text) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (world.sandbox().control().phoneMessages(phone).stream().anyMatch(m -> m.text().equals(text))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
