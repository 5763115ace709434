package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every simulated account, by phone number and by LID. The single owner of account records. */
final class Directory {

    private final ConcurrentHashMap<String, Account> byPhone = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Account> byLid = new ConcurrentHashMap<>();
    private final SecureRandom random;

    Directory(SecureRandom random) {
        this.random = random;
    }

    /** Creates a phone; empty when the number is taken. */
    Optional<Account> create(String phoneNumber, String name) {
        Jid jid = Jid.user(phoneNumber);
        Account[] created = new Account[1];
        byPhone.computeIfAbsent(phoneNumber, number -> {
            Jid lid = new Jid(String.valueOf(100_000_000_000_000L + Math.floorMod(random.nextLong(), 899_999_999_999_999L)),
                    0, 0, Jid.LID_SERVER);
            created[0] = new Account(jid, lid, new SimulatedPhone(jid, name, random));
            return created[0];
        });
        if (created[0] == null) {
            return Optional.empty();
        }
        byLid.put(created[0].lid().user(), created[0]);
        return Optional.of(created[0]);
    }

    /**
     * The account's phone registers again, as after a reinstall: a new identity, new signed and one-time pre-keys
     * published, no sessions or sender keys; what it received stays (a restored backup).
     */
    void reRegister(Account account) {
        account.reRegistered(account.phone().reRegistered(random));
    }

    /** Puts back an account the sandbox state kept. */
    void restore(Account account) {
        byPhone.put(account.jid().user(), account);
        byLid.put(account.lid().user(), account);
    }

    Optional<Account> account(String phoneNumber) {
        return Optional.ofNullable(byPhone.get(phoneNumber));
    }

    /** The account of a user JID in either addressing (phone number or LID). */
    Optional<Account> account(Jid user) {
        return user.isLid() ? Optional.ofNullable(byLid.get(user.user())) : account(user.user());
    }

    /**
     * The phone-number user of {@code user} in either addressing: the sandbox keeps group members and tokens under
     * it. A user it does not know stays as given (without device).
     */
    Jid phoneUser(Jid user) {
        return account(user).map(Account::jid).orElse(user.toNonAd());
    }

    /** {@code device} in LID addressing (same device number), when its account is known. */
    Optional<Jid> lidDevice(Jid device) {
        return account(device).map(account -> account.lid().withDevice(device.device()));
    }

    /** {@code device} in phone-number addressing (same device number), when its account is known. */
    Optional<Jid> phoneDevice(Jid device) {
        return account(device).map(account -> account.jid().withDevice(device.device()));
    }

    Optional<CompanionDevice> companion(Jid device) {
        return account(device).flatMap(account -> account.companion(device.device()));
    }

    /** Every device of a user, the phone first, in the addressing of {@code user}. */
    List<Jid> devicesOf(Jid user) {
        Optional<Account> account = account(user);
        if (account.isEmpty()) {
            return List.of();
        }
        Jid base = user.isLid() ? account.get().lid() : account.get().jid();
        List<Jid> devices = new ArrayList<>();
        devices.add(base);
        for (CompanionDevice companion : account.get().companions()) {
            devices.add(base.withDevice(companion.jid().device()));
        }
        return devices;
    }

    Collection<Account> accounts() {
        return byPhone.values();
    }
}
