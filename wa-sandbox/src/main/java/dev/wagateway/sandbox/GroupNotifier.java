package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
        send(group, actor, change, users);
    }

    void toMembers(Group group, Jid actor, Node change) {
        toMembers(group, actor, change, List.of());
    }

    /** {@code change} to the group's admins only (join requests). */
    void toAdmins(Group group, Jid actor, Node change) {
        List<Jid> admins = group.locked(() -> group.members.entrySet().stream()
                .filter(entry -> entry.getValue() != Group.Role.MEMBER).map(java.util.Map.Entry::getKey).toList());
        send(group, actor, change, admins);
    }

    private void send(Group group, Jid actor, Node change, Collection<Jid> users) {
        Node.Builder builder = Node.builder("notification").attribute("from", group.jid()).attribute("type", "w:gp2")
                .attribute("id", ids.next()).attribute("t", Stanzas.now());
        Optional<Jid> actorLid = group.lidAddressed() ? directory.account(actor).map(Account::lid) : Optional.empty();
        if (actorLid.isPresent()) {
            // a LID group names the actor by LID, the phone number alongside (whatsmeow parseGroupNotification)
            builder.attribute("participant", actorLid.get()).attribute("participant_pn", actor.toNonAd())
                    .attribute("addressing_mode", "lid");
        } else {
            builder.attribute("participant", actor);
        }
        Node notification = builder.children(inAddressing(group, change)).build();
        for (Jid user : users) {
            for (Jid device : directory.devicesOf(user)) {
                if (device.device() != 0) {
                    network.deliver(device, notification);
                }
            }
        }
    }

    /** {@code change} with its {@code <participant jid>} entries named as the group names its members. */
    private Node inAddressing(Group group, Node change) {
        if (!group.lidAddressed() || change.children("participant").isEmpty()) {
            return change;
        }
        List<Node> children = new ArrayList<>();
        for (Node child : change.children()) {
            Optional<Jid> member = child.tag().equals("participant") ? child.jidAttribute("jid") : Optional.empty();
            Optional<Account> account = member.flatMap(directory::account);
            if (account.isPresent() && !member.get().isLid()) {
                children.add(child.toBuilder().attribute("jid", account.get().lid())
                        .attribute("phone_number", account.get().jid()).build());
            } else {
                children.add(child);
            }
        }
        return change.toBuilder().children(children).build();
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
