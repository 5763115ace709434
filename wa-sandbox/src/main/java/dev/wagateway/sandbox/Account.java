package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A simulated WhatsApp account: its phone (device 0), its LID, and the companions linked to it. */
final class Account {

    private final Jid jid;
    private final Jid lid;
    /** Replaced when the phone re-registers (a new identity): {@link #reRegistered}. */
    private volatile SimulatedPhone phone;
    private final ConcurrentHashMap<Integer, CompanionDevice> companions = new ConcurrentHashMap<>();
    private final AtomicInteger nextDevice = new AtomicInteger(1);
    private final AtomicInteger nextKeyIndex = new AtomicInteger(1);
    /** Who may add this account to groups (privacy {@code groupadd}): {@code all}, {@code contacts}, ... */
    private volatile String groupAddPrivacy = "all";
    private final AccountProfile profile = new AccountProfile();

    Account(Jid jid, Jid lid, SimulatedPhone phone) {
        this(jid, lid, phone, 1, 1);
    }

    /** An account as the sandbox state kept it, with the next device number and key index to hand out. */
    Account(Jid jid, Jid lid, SimulatedPhone phone, int nextDevice, int nextKeyIndex) {
        this.jid = jid;
        this.lid = lid;
        this.phone = phone;
        this.nextDevice.set(nextDevice);
        this.nextKeyIndex.set(nextKeyIndex);
    }

    int peekNextDevice() {
        return nextDevice.get();
    }

    int peekNextKeyIndex() {
        return nextKeyIndex.get();
    }

    Jid jid() {
        return jid;
    }

    Jid lid() {
        return lid;
    }

    SimulatedPhone phone() {
        return phone;
    }

    /** The phone was registered again (reinstalled): from now on it is {@code fresh}, with its new identity. */
    void reRegistered(SimulatedPhone fresh) {
        phone = fresh;
    }

    String groupAddPrivacy() {
        return groupAddPrivacy;
    }

    void groupAddPrivacy(String value) {
        groupAddPrivacy = value;
    }

    /** About text, picture, privacy and block list. */
    AccountProfile profile() {
        return profile;
    }

    int allocateDevice() {
        return nextDevice.getAndIncrement();
    }

    int allocateKeyIndex() {
        return nextKeyIndex.getAndIncrement();
    }

    void link(CompanionDevice device) {
        companions.put(device.jid().device(), device);
    }

    Optional<CompanionDevice> companion(int device) {
        return Optional.ofNullable(companions.get(device)).filter(companion -> !companion.isRemoved());
    }

    /** Linked companions, in device order. */
    List<CompanionDevice> companions() {
        List<CompanionDevice> linked = new ArrayList<>(companions.values());
        linked.removeIf(CompanionDevice::isRemoved);
        linked.sort(Comparator.comparingInt(companion -> companion.jid().device()));
        return linked;
    }
}
