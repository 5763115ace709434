package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.groups.SenderKeyRecord;
import dev.wagateway.protocol.signal.groups.SenderKeyStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sender keys in memory, kept as their serialized bytes: every load is an independent copy. */
public final class InMemorySenderKeyStore implements SenderKeyStore {

    private final Map<SenderKeyName, byte[]> senderKeys = new ConcurrentHashMap<>();

    @Override
    public Optional<SenderKeyRecord> loadSenderKey(SenderKeyName name) {
        return Optional.ofNullable(senderKeys.get(name)).map(SenderKeyRecord::parse);
    }

    @Override
    public void storeSenderKey(SenderKeyName name, SenderKeyRecord record) {
        senderKeys.put(name, record.serialize());
    }

    @Override
    public void deleteSenderKey(SenderKeyName name) {
        senderKeys.remove(name);
    }
}
