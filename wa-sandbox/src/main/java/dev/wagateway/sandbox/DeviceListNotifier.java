package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells companions that a user's device list changed (protocol §8.6, {@code <notification type="devices">}), as the
 * real server does, so that their device caches do not keep sending to a list without the new device: a companion
 * hears of the users whose device list it asked for (usync) and of its own account. Owner of the watcher sets.
 */
final class DeviceListNotifier {

    private final Directory directory;
    private final PhoneNetwork network;
    private final IdGenerator ids;
    private final ConcurrentHashMap<String, Set<Jid>> watchersByUser = new ConcurrentHashMap<>();

    DeviceListNotifier(Directory directory, PhoneNetwork network, IdGenerator ids) {
        this.directory = directory;
        this.network = network;
        this.ids = ids;
    }

    /** {@code watcher} asked for the devices of {@code user}: it hears of the user's changes from now on. */
    void watch(Jid watcher, Account user) {
        watchersByUser.computeIfAbsent(user.jid().user(), key -> ConcurrentHashMap.newKeySet()).add(watcher);
    }

    /** {@code device} was linked to {@code account}. */
    void linked(Account account, Jid device) {
        announce(account, device, "add");
    }

    /** {@code device} was unlinked from {@code account}. */
    void unlinked(Account account, Jid device) {
        announce(account, device, "remove");
    }

    /**
     * {@code account}'s phone registered again with a new identity: the companions of other accounts that watch it
     * hear {@code <notification type="encrypt"><identity/></notification>} (whatsmeow handleEncryptNotification), so
     * they drop their sessions with it.
     */
    void identityChanged(Account account) {
        Node notification = Node.builder("notification").attribute("from", account.jid())
                .attribute("type", "encrypt").attribute("id", ids.next()).attribute("t", Stanzas.now())
                .children(Node.of("identity")).build();
        for (Jid target : Set.copyOf(watchersByUser.getOrDefault(account.jid().user(), Set.of()))) {
            if (!target.user().equals(account.jid().user()) && directory.companion(target).isPresent()) {
                network.deliver(target, notification);
            }
        }
    }

    private void announce(Account account, Jid device, String change) {
        Jid changed = account.jid().withDevice(device.device());
        // the account's LID beside its number, and the device's LID beside the device (whatsmeow
        // handleDeviceNotification stores the pairing and updates both device lists)
        Node notification = Node.builder("notification").attribute("from", account.jid())
                .attribute("lid", account.lid())
                .attribute("type", "devices").attribute("id", ids.next()).attribute("t", Stanzas.now())
                .children(Node.builder(change).attribute("device_hash", deviceHash(account))
                        .children(Node.builder("device").attribute("jid", changed)
                                .attribute("lid", account.lid().withDevice(changed.device())).build()).build())
                .build();
        Set<Jid> targets = ConcurrentHashMap.newKeySet();
        targets.addAll(watchersByUser.getOrDefault(account.jid().user(), Set.of()));
        directory.devicesOf(account.jid()).stream().filter(own -> own.device() != 0).forEach(targets::add);
        targets.remove(changed);
        for (Jid target : targets) {
            if (directory.companion(target).isPresent()) {
                network.deliver(target, notification);
            } else {
                watchersByUser.getOrDefault(account.jid().user(), Set.of()).remove(target);
            }
        }
    }

    /** A short digest of the current list, standing in for the server's {@code device_hash}. */
    private String deviceHash(Account account) {
        List<Jid> devices = directory.devicesOf(account.jid());
        return Integer.toHexString(devices.hashCode());
    }
}
