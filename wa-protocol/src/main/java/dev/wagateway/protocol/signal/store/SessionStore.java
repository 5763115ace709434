package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;

import java.util.List;
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
