package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: pairwise sessions per device, persisted as {@link SessionRecord#serialize()} bytes. Every load returns an
 * independent copy (callers change it and store it back, under the address lock).
 */
public interface SessionStore {

    /** The record of this device, if any. */
    Optional<SessionRecord> loadSession(SignalAddress address);

    /** Saves (replaces) the record of this device. */
    void storeSession(SignalAddress address, SessionRecord record);

    /**
     * Saves several records (each replaces its device's); a store that can makes it one durable write, all or none
     * (a message encrypted for several devices then costs one commit, not one per device). This default saves them
     * one by one. Callers hold the lock of every address.
     */
    default void storeSessions(Map<SignalAddress, SessionRecord> records) {
        records.forEach(this::storeSession);
    }

    /** Deletes the record of this device. */
    void deleteSession(SignalAddress address);

    /** Deletes the records of every device of {@code name}. */
    void deleteAllSessions(String name);

    /** The device ids of {@code name} that have a record. */
    List<Integer> deviceIds(String name);

    /** True if this device has a current session to encrypt with. */
    default boolean hasSession(SignalAddress address) {
        return loadSession(address).flatMap(SessionRecord::current).isPresent();
    }
}
