package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per group, the devices that received our current sender key (Baileys' {@code sender-key-memory}): a group send
 * shares the key pairwise only with the member devices missing here. A device leaves every group's set when it asks
 * for a retry (it lost the key, or its session) and all of a user's devices leave when the user's identity changed
 * (a re-registered phone has no key of ours), so the next send shares the key with them again. Kept in memory: after
 * a restart every device simply gets the key once more, which is harmless.
 */
final class SenderKeyHolders {

    private final Map<Jid, Set<Jid>> byGroup = new ConcurrentHashMap<>();

    /** The devices of {@code group} known to hold our key; a live view the sender reads and adds to. */
    Set<Jid> of(Jid group) {
        return byGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet());
    }

    /** {@code devices} of {@code group} now hold our key (the server took the message that carried it). */
    void received(Jid group, Collection<Jid> devices) {
        of(group).addAll(devices);
    }

    /** {@code device} no longer holds our key in any group. */
    void forgetDevice(Jid device) {
        for (Set<Jid> holders : byGroup.values()) {
            holders.remove(device);
        }
    }

    /** No device of {@code user} (phone number or LID user part) holds our key in any group. */
    void forgetUser(String user) {
        for (Set<Jid> holders : byGroup.values()) {
            holders.removeIf(device -> device.user().equals(user));
        }
    }
}
