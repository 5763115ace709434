package dev.wagateway.core.fake;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceCounts;
import dev.wagateway.core.device.DeviceListing;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceStatus;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * The device port in memory for the core's unit tests, with the same atomicity as the PostgreSQL adapter (the limit
 * check and the insert are one step) and pauses the tests arm to order a race.
 */
public final class InMemoryDeviceRepository implements DeviceRepository {

    private final Map<UUID, Device> rows = new ConcurrentHashMap<>();
    private final Map<UUID, Pause> findPauses = new ConcurrentHashMap<>();
    private final Map<UUID, Pause> incrementPauses = new ConcurrentHashMap<>();
    private final ReentrantLock writes = new ReentrantLock();
    private final AtomicInteger finds = new AtomicInteger();
    private volatile LongFunction<String> customerNames = id -> "";

    /** Where {@link #listAll()} takes the customers' names from. */
    void customerNames(LongFunction<String> names) {
        customerNames = names;
    }

    /** The next {@link #find} of {@code id} reads the row, then stops until released, then returns what it read. */
    public Pause pauseNextFind(UUID id) {
        Pause pause = new Pause();
        findPauses.put(id, pause);
        return pause;
    }

    /** The next {@link #incrementJwtVersion} of {@code id} increments, then stops until released, then answers. */
    public Pause pauseNextIncrement(UUID id) {
        Pause pause = new Pause();
        incrementPauses.put(id, pause);
        return pause;
    }

    /** How many times a device was read by id. */
    public int finds() {
        return finds.get();
    }

    @Override
    public boolean insertWithinLimit(Device device, int maxDevices) {
        writes.lock();
        try {
            long owned = rows.values().stream().filter(d -> d.apiKeyId() == device.apiKeyId()).count();
            if (owned >= maxDevices) {
                return false;
            }
            rows.put(device.id(), device);
            return true;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Optional<Device> find(UUID id) {
        finds.incrementAndGet();
        Optional<Device> read = Optional.ofNullable(rows.get(id));
        Pause pause = findPauses.remove(id);
        if (pause != null) {
            pause.hold();
        }
        return read;
    }

    @Override
    public List<Device> listByApiKey(long apiKeyId) {
        return rows.values().stream().filter(d -> d.apiKeyId() == apiKeyId).sorted(newestFirst()).toList();
    }

    @Override
    public List<DeviceListing> listAll() {
        return rows.values().stream().sorted(newestFirst())
                .map(d -> new DeviceListing(d, customerNames.apply(d.apiKeyId()))).toList();
    }

    @Override
    public List<Device> listRestorable() {
        return rows.values().stream().filter(d -> d.everPaired() && d.status() != DeviceStatus.LOGGED_OUT).toList();
    }

    @Override
    public OptionalInt incrementJwtVersion(UUID id, Instant now) {
        OptionalInt version;
        writes.lock();
        try {
            Device current = rows.get(id);
            if (current == null) {
                return OptionalInt.empty();
            }
            Device bumped = new Device(current.id(), current.apiKeyId(), current.secretHash(), current.name(),
                    current.jwtVersion() + 1, current.whatsAppJid(), current.status(), current.createdAt(),
                    Optional.of(now));
            rows.put(id, bumped);
            version = OptionalInt.of(bumped.jwtVersion());
        } finally {
            writes.unlock();
        }
        Pause pause = incrementPauses.remove(id);
        if (pause != null) {
            pause.hold();
        }
        return version;
    }

    @Override
    public boolean updateStatus(UUID id, DeviceStatus status, Instant now) {
        return rows.computeIfPresent(id, (key, d) -> new Device(d.id(), d.apiKeyId(), d.secretHash(), d.name(),
                d.jwtVersion(), d.whatsAppJid(), status, d.createdAt(), Optional.of(now))) != null;
    }

    @Override
    public boolean recordPaired(UUID id, String jid, Instant now) {
        writes.lock();
        try {
            rows.replaceAll((key, d) -> !key.equals(id) && d.whatsAppJid().equals(Optional.of(jid))
                    ? new Device(d.id(), d.apiKeyId(), d.secretHash(), d.name(), d.jwtVersion(), Optional.empty(),
                    d.status(), d.createdAt(), d.lastActiveAt()) : d);
            return rows.computeIfPresent(id, (key, d) -> new Device(d.id(), d.apiKeyId(), d.secretHash(), d.name(),
                    d.jwtVersion(), Optional.of(jid), DeviceStatus.ACTIVE, d.createdAt(), Optional.of(now))) != null;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean delete(UUID id) {
        return rows.remove(id) != null;
    }

    /** Deletes every device of a key, as the database's cascade does. */
    void deleteOfKey(long apiKeyId) {
        rows.values().removeIf(d -> d.apiKeyId() == apiKeyId);
    }

    @Override
    public DeviceCounts counts() {
        List<Device> all = List.copyOf(rows.values());
        return new DeviceCounts(all.size(), count(all, DeviceStatus.ACTIVE), count(all, DeviceStatus.DISCONNECTED),
                count(all, DeviceStatus.PENDING), count(all, DeviceStatus.LOGGED_OUT));
    }

    private static long count(List<Device> devices, DeviceStatus status) {
        return devices.stream().filter(d -> d.status() == status).count();
    }

    private static Comparator<Device> newestFirst() {
        return Comparator.comparing(Device::createdAt).reversed();
    }
}
