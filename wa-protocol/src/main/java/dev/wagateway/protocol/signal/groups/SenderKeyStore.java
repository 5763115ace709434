package dev.wagateway.protocol.signal.groups;

import java.util.Optional;

/**
 * Port: where group sender keys live. Implementations persist {@link SenderKeyRecord#serialize()} bytes; every load
 * returns an independent copy (callers change it and store it back, under the sender-key lock).
 */
public interface SenderKeyStore {

    /** The record of this (group, sender), if any. */
    Optional<SenderKeyRecord> loadSenderKey(SenderKeyName name);

    /** Saves (replaces) the record of this (group, sender). */
    void storeSenderKey(SenderKeyName name, SenderKeyRecord record);

    /** Forgets the record (for our own key: the next group message creates and distributes a new one). */
    void deleteSenderKey(SenderKeyName name);
}
