package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends {@code <notification type="w:gp2">} (protocol §11.4) to the companions of the users concerned, in the shapes
 * whatsmeow's parseGroupChange and Baileys' handleGroupNotification read (e.g. {@code v_id} on announcement changes,
 * {@code s_t} on subjects, which whatsmeow requires).
 */
final class GroupNotifier {

    private final Directory directory;
    private final PhoneNetwork network;
    private final IdGenerator ids;

    GroupNotifier(Directory directory, PhoneNetwork network, IdGenerator ids) {
        this.directory = directory;
        this.network = network;
        this.ids = ids;
    }

    /** {@code change} to every member of {@code group} and to {@code alsoTo} (e.g. the removed). */
    void toMembers(Group group, Jid actor, Node change, Collection<Jid> alsoTo) {
        Set<Jid> users = new LinkedHashSet<>(group.members());
        users.addAll(alsoTo);
        send(group.jid(), actor, change, users);
    }

    void toMembers(Group group, Jid actor, Node change) {
        toMembers(group, actor, change, List.of());
    }

    /** {@code change} to the group's admins only (join requests). */
    void toAdmins(Group group, Jid actor, Node change) {
        List<Jid> admins = group.locked(() -> group.members.entrySet().stream()
                .filter(entry -> entry.getValue() != Group.Role.MEMBER).map(java.util.Map.Entry::getKey).toList());
        send(group.jid(), actor, change, admins);
    }

    private void send(Jid group, Jid actor, Node change, Collection<Jid> users) {
        Node notification = Node.builder("notification").attribute("from", group).attribute("type", "w:gp2")
                .attribute("id", ids.next()).attribute("participant", actor).attribute("t", Stanzas.now())
                .children(change).build();
        for (Jid user : users) {
            for (Jid device : directory.devicesOf(user)) {
                if (device.device() != 0) {
                    network.deliver(device, notification);
                }
            }
        }
    }

    /** {@code <tag><participant jid/>…</tag>} with the attributes given in pairs. */
    static Node participants(String tag, Collection<Jid> users, String... attributes) {
        Node.Builder node = Node.builder(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            node.attribute(attributes[i], attributes[i + 1]);
        }
        return node.children(users.stream().map(user -> Node.builder("participant").attribute("jid", user).build())
                .toList()).build();
    }
}
