package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.user.PrivacySetting;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the server holds of an account's profile (protocol §12): its about text, profile picture, privacy settings
 * and block list, as the phone and its companions set them. Every account counts as everyone's contact in the
 * sandbox, so {@code contacts} and {@code contact_blacklist} show to all but blocked users.
 */
final class AccountProfile {

    /** A stored profile picture. */
    record Picture(String id, byte[] jpeg) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<PrivacySetting, String> privacy = new EnumMap<>(PrivacySetting.class);
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private volatile String about = "Hey there! I am using WhatsApp.";
    private volatile long aboutSetAt = Stanzas.now();
    private volatile Picture picture;

    AccountProfile() {
        for (PrivacySetting setting : PrivacySetting.values()) {
            privacy.put(setting, setting.allowed().getFirst());
        }
    }

    String about() {
        return about;
    }

    long aboutSetAt() {
        return aboutSetAt;
    }

    void about(String text) {
        about = text;
        aboutSetAt = Stanzas.now();
    }

    Optional<Picture> picture() {
        return Optional.ofNullable(picture);
    }

    void picture(Picture value) {
        picture = value;
    }

    Map<PrivacySetting, String> privacy() {
        lock.lock();
        try {
            return Map.copyOf(privacy);
        } finally {
            lock.unlock();
        }
    }

    String privacy(PrivacySetting setting) {
        lock.lock();
        try {
            return privacy.get(setting);
        } finally {
            lock.unlock();
        }
    }

    /** Sets a category; false when the value is not one it takes (the server refuses it). */
    boolean privacy(PrivacySetting setting, String value) {
        if (!setting.allowed().contains(value)) {
            return false;
        }
        lock.lock();
        try {
            privacy.put(setting, value);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code viewer} may see what {@code setting} guards. */
    boolean shows(PrivacySetting setting, Jid viewer) {
        if (isBlocked(viewer)) {
            return false;
        }
        return !privacy(setting).equals("none");
    }

    boolean isBlocked(Jid user) {
        return blocked.contains(user.user());
    }

    void block(Account user, boolean block) {
        if (block) {
            blocked.add(user.jid().user());
            blocked.add(user.lid().user());
        } else {
            blocked.remove(user.jid().user());
            blocked.remove(user.lid().user());
        }
    }

    /** Puts back what the sandbox state kept of this profile. */
    void restore(String aboutText, long setAt, Picture kept, Map<PrivacySetting, String> settings,
                 List<String> blockedUsers) {
        about = aboutText;
        aboutSetAt = setAt;
        picture = kept;
        lock.lock();
        try {
            privacy.putAll(settings);
        } finally {
            lock.unlock();
        }
        blocked.addAll(blockedUsers);
    }

    /** The blocked users' phone numbers and LIDs. */
    List<String> blockedUsers() {
        return List.copyOf(blocked);
    }
}
