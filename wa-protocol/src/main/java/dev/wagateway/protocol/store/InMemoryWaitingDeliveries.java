package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** {@link WaitingDeliveries} in memory, in the order kept. */
public final class InMemoryWaitingDeliveries implements WaitingDeliveries {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    @Override
    public void keep(Entry entry) {
        lock.lock();
        try {
            entries.put(key(entry.device(), entry.id()), entry);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forget(Jid device, String id) {
        lock.lock();
        try {
            entries.remove(key(device, id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Entry> all() {
        lock.lock();
        try {
            return new ArrayList<>(entries.values());
        } finally {
            lock.unlock();
        }
    }

    private static String key(Jid device, String id) {
        return device + "|" + id;
    }
}
