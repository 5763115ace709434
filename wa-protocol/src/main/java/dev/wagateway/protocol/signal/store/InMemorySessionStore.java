package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in memory, kept as their serialized bytes: every load is an independent copy, as the port requires. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<SignalAddress, byte[]> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<SessionRecord> loadSession(SignalAddress address) {
        return Optional.ofNullable(sessions.get(address)).map(SessionRecord::parse);
    }

    @Override
    public void storeSession(SignalAddress address, SessionRecord record) {
        sessions.put(address, record.serialize());
    }

    @Override
    public void deleteSession(SignalAddress address) {
        sessions.remove(address);
    }

    @Override
    public void deleteAllSessions(String name) {
        sessions.keySet().removeIf(address -> address.name().equals(name));
    }

    @Override
    public List<Integer> deviceIds(String name) {
        return sessions.keySet().stream()
                .filter(address -> address.name().equals(name))
                .map(SignalAddress::deviceId)
                .sorted()
                .toList();
    }
}
