package dev.wagateway.core.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The one owner of this node's leases (docs/scale-out.md): a loop on a virtual thread that, every third of the lease
 * TTL, sends the node's heartbeat, renews the leases it holds, stops at once the session of each lease it lost, and
 * claims devices no live node holds, up to its fair share of them and its capacity, starting their sessions. A
 * lease whose renewal could not be written is given up as soon as it expires in the node's own view, database
 * reachable or not, so a node cut off from the database stops its sessions before another node may take them.
 * When a node joins, those above their fair share give devices up a few per round ({@value #SHED_PER_ROUND}),
 * each session stopped before its lease is released, until every node holds its share.
 *
 * <p>A lone node goes through the same loop and simply holds every device.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    /**
     * How many devices a node above its fair share releases per round: a few, so that a joining node's logins are
     * spread over several rounds rather than one burst, and a running node's devices are not all interrupted at
     * once.
     */
    static final int SHED_PER_ROUND = 3;
    /** The longest a hand-back waits for the answers of calls in flight (a send's ack). */
    static final Duration DRAIN_MAX = Duration.ofSeconds(5);

    private final NodeSettings settings;
    private final DeviceLeaseRepository leases;
    private final LeasedSessions sessions;
    private final Predicate<UUID> runnable;
    private final Clock clock;
    /** Held leases; written only under {@link #roundLock}, read by anyone. */
    private final Map<UUID, DeviceLease> held = new ConcurrentHashMap<>();
    private final ReentrantLock roundLock = new ReentrantLock();
    private final ReentrantLock sleepLock = new ReentrantLock();
    private final Condition wake = sleepLock.newCondition();
    private volatile boolean stopping;
    private Thread loop;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong givenBack = new AtomicLong();
    /** Devices no node held after the previous round: left over by full nodes, so any node with room takes them. */
    private int unheldBefore;

    /**
     * @param runnable whether a device can run (paired, not logged out): a released lease of one is a hand-over
     */
    public LeaseKeeper(NodeSettings settings, DeviceLeaseRepository leases, LeasedSessions sessions,
                       Predicate<UUID> runnable, Clock clock) {
        this.settings = settings;
        this.leases = leases;
        this.sessions = sessions;
        this.runnable = runnable;
        this.clock = clock;
    }

    /** This node's id. */
    public String nodeId() {
        return settings.identity().nodeId();
    }

    /** The settings this keeper runs with. */
    public NodeSettings settings() {
        return settings;
    }

    /**
     * The first round, then the sessions of every device held (the boot restore: "restore what I hold"), waiting for
     * their outcomes; then the loop.
     */
    public void start() {
        Set<UUID> gained = round();
        sessions.start(gained);
        loop = Thread.ofVirtual().name("lease-keeper").start(this::run);
    }

    private void run() {
        while (!stopping) {
            sleep(settings.renewEvery());
            if (stopping) {
                return;
            }
            try {
                Set<UUID> gained = round();
                if (!gained.isEmpty()) {
                    Thread.ofVirtual().name("lease-start").start(() -> sessions.start(gained));
                }
            } catch (RuntimeException e) {
                log.warn("lease round failed: {}", e.getMessage());
            }
        }
    }

    /**
     * Tells the sessions about devices about to count as held here, before they do: a call that finds one of them
     * held between this moment and its session's start is a hand-over, not a device without a session.
     */
    private void announceStarting(List<DeviceLease> fresh) {
        if (!fresh.isEmpty()) {
            Set<UUID> ids = new HashSet<>();
            fresh.forEach(lease -> ids.add(lease.deviceId()));
            sessions.starting(ids);
        }
    }

    /**
     * One round: heartbeat, renewal (lost leases' sessions stopped), claims. Returns the devices gained, whose
     * sessions the caller starts.
     */
    public Set<UUID> round() {
        roundLock.lock();
        try {
            Instant now = clock.instant();
            Instant until = now.plus(settings.leaseTtl());
            try {
                leases.heartbeat(settings.identity(), now);
                List<DeviceLease> renewed = leases.renew(nodeId(), now, until);
                Map<UUID, DeviceLease> kept = new java.util.HashMap<>();
                renewed.forEach(lease -> kept.put(lease.deviceId(), lease));
                for (DeviceLease lease : List.copyOf(held.values())) {
                    DeviceLease still = kept.get(lease.deviceId());
                    if (still == null || still.epoch() != lease.epoch()) {
                        lose(lease.deviceId(), "its lease was not renewed (expired or taken over)");
                    }
                }
                Set<UUID> gained = new HashSet<>();
                // held by this node id before this process (a restart): announced before they count as held
                announceStarting(renewed.stream().filter(lease -> !held.containsKey(lease.deviceId())).toList());
                for (DeviceLease lease : renewed) {
                    if (held.putIfAbsent(lease.deviceId(), lease) == null) {
                        gained.add(lease.deviceId()); // held by this node id before this process (a restart)
                    } else {
                        held.put(lease.deviceId(), lease);
                    }
                }
                // a round that gave devices back claims none: they are for the node short of its share
                boolean gaveBack = !stopping && settings.cluster() && shed(now);
                if (!stopping && !gaveBack) {
                    List<DeviceLease> claimedNow = leases.claim(nodeId(), claimable(now), now, until);
                    announceStarting(claimedNow);
                    for (DeviceLease lease : claimedNow) {
                        held.put(lease.deviceId(), lease);
                        gained.add(lease.deviceId());
                        claimed.incrementAndGet();
                    }
                }
                if (!gained.isEmpty()) {
                    log.info("node {}: {} device(s) leased, {} held in all", nodeId(), gained.size(), held.size());
                }
                return gained;
            } catch (RuntimeException e) {
                // the database did not answer: what expired meanwhile in our own view is no longer ours
                for (DeviceLease lease : List.copyOf(held.values())) {
                    if (!lease.expiresAt().isAfter(clock.instant())) {
                        lose(lease.deviceId(), "its lease expired without renewal (" + e.getMessage() + ")");
                    }
                }
                throw e;
            }
        } finally {
            roundLock.unlock();
        }
    }

    /** How many devices to claim now: up to the fair share among live nodes, or any room once some are left over. */
    private int claimable(Instant now) {
        int room = settings.identity().maxDevices() - held.size();
        if (room <= 0) {
            return 0;
        }
        List<NodeStatus> live = leases.nodes(now.minus(settings.leaseTtl()), now);
        int total = leases.countLeasable();
        int heldByAll = live.stream().mapToInt(NodeStatus::devicesHeld).sum();
        int nodes = Math.max(1, live.size());
        int fairShare = (total + nodes - 1) / nodes;
        int unheld = Math.max(0, total - heldByAll);
        int wanted = unheld > 0 && unheldBefore > 0 ? room : Math.min(room, fairShare - held.size());
        unheldBefore = unheld;
        return Math.max(0, wanted);
    }

    /**
     * Rebalancing: when every device that can run is held (no hand-over under way) and some live node holds fewer
     * than its fair share, a node above its share gives up to {@link #SHED_PER_ROUND} devices back. Each session
     * stops first, then the leases are released together (expiry in the past, epoch kept), so no two nodes ever run
     * one device; the node short of devices claims them at its next round.
     *
     * @return whether devices were given back
     */
    private boolean shed(Instant now) {
        List<NodeStatus> live = leases.nodes(now.minus(settings.leaseTtl()), now);
        if (live.size() < 2) {
            return false;
        }
        int total = leases.countLeasable();
        int fairShare = (total + live.size() - 1) / live.size();
        int heldByAll = live.stream().mapToInt(NodeStatus::devicesHeld).sum();
        boolean someoneShort = live.stream().anyMatch(node -> node.devicesHeld() < fairShare
                && !node.identity().nodeId().equals(nodeId()) && node.identity().maxDevices() > node.devicesHeld());
        if (held.size() <= fairShare || heldByAll < total || !someoneShort) {
            return false;
        }
        // only devices that can run elsewhere: a login under way here (not paired yet) stays with its node
        List<UUID> runnableHere = held.keySet().stream().filter(runnable).sorted().toList();
        int surplus = runnableHere.size() - fairShare;
        if (surplus <= 0) {
            return false;
        }
        List<UUID> given = runnableHere.subList(0, Math.min(surplus, SHED_PER_ROUND));
        // no longer held in this node's view before the stops: a restore or recovery under way opens nothing again
        Map<UUID, DeviceLease> giving = new java.util.HashMap<>();
        given.forEach(deviceId -> giving.put(deviceId, held.remove(deviceId)));
        handBack(given);
        try {
            leases.release(nodeId(), given); // only after every session stopped
        } catch (RuntimeException e) {
            log.warn("node {}: leases not released for rebalancing ({}); their sessions start again", nodeId(),
                    e.getMessage());
            held.putAll(giving);
            Thread.ofVirtual().name("lease-restart").start(() -> sessions.start(Set.copyOf(given)));
            return false;
        }
        givenBack.addAndGet(given.size());
        unheldBefore = 0; // what was just given back is not left over by full nodes: not ours to take next round
        log.info("node {}: {} device(s) released for a node short of its share ({} held, fair share {})", nodeId(),
                given.size(), held.size(), fairShare);
        return true;
    }

    /**
     * Stops the sessions of devices given back, drained first (their sends in flight get their acks). The drain is
     * bounded well inside the TTL: it runs within a round, after the renewal, and the leases given back must still
     * be this node's when their sessions stop.
     */
    private void handBack(List<UUID> deviceIds) {
        try {
            sessions.handBack(deviceIds, drainLimit());
        } catch (RuntimeException e) {
            log.warn("node {}: stopping sessions handed back failed: {}", nodeId(), e.getMessage());
        }
    }

    /** How long a hand-back waits for calls in flight: a fifth of the TTL, at most {@link #DRAIN_MAX}. */
    Duration drainLimit() {
        Duration fifth = settings.leaseTtl().dividedBy(5);
        return fifth.compareTo(DRAIN_MAX) < 0 ? fifth : DRAIN_MAX;
    }

    private void lose(UUID deviceId, String why) {
        held.remove(deviceId);
        lost.incrementAndGet();
        log.warn("node {}: device {} stopped here: {}", nodeId(), deviceId, why);
        try {
            sessions.stop(deviceId);
        } catch (RuntimeException e) {
            log.warn("device {}: stopping its session failed: {}", deviceId, e.getMessage());
        }
    }

    /** Whether this node holds the device's lease now. */
    public boolean holds(UUID deviceId) {
        DeviceLease lease = held.get(deviceId);
        return lease != null && lease.expiresAt().isAfter(clock.instant());
    }

    /** This node's lease of the device, if it holds one: what its writes are fenced with. */
    public Optional<DeviceLease> leaseOf(UUID deviceId) {
        return Optional.ofNullable(held.get(deviceId));
    }

    /** Leases taken since start: claimed in a round, or acquired for a login, reconnect or deletion. */
    public long leasesClaimed() {
        return claimed.get();
    }

    /** Leases lost since start (expired without renewal, or taken over): their sessions were stopped. */
    public long leasesLost() {
        return lost.get();
    }

    /** Leases given back since start to rebalance onto a node short of its share. */
    public long leasesGivenBack() {
        return givenBack.get();
    }

    /** The devices held now. */
    public Set<UUID> heldDevices() {
        return Set.copyOf(held.keySet());
    }

    /**
     * Takes the device's lease for this node before work that creates its session (a login, a reconnect, a
     * deletion), whatever its pairing state.
     *
     * @return false when another node holds it
     */
    public boolean acquire(UUID deviceId) {
        if (holds(deviceId)) {
            return true;
        }
        roundLock.lock();
        try {
            Instant now = clock.instant();
            Optional<DeviceLease> lease = leases.acquire(nodeId(), deviceId, now, now.plus(settings.leaseTtl()));
            lease.ifPresent(l -> {
                held.put(deviceId, l);
                claimed.incrementAndGet();
            });
            return lease.isPresent();
        } finally {
            roundLock.unlock();
        }
    }

    /** Where a request for the device is served (always here for a lone node). */
    public DeviceRoute route(UUID deviceId) {
        if (!settings.cluster() || holds(deviceId)) {
            return new DeviceRoute.Local();
        }
        Instant now = clock.instant();
        Optional<LeaseHolder> holder = leases.whoHolds(deviceId);
        long retry = Math.max(1, settings.renewEvery().toSeconds());
        if (holder.isEmpty()) {
            return new DeviceRoute.Local(); // never leased: not paired yet, served (and leased by a login) here
        }
        DeviceLease lease = holder.get().lease();
        boolean unexpired = lease.expiresAt().isAfter(now);
        if (unexpired && lease.nodeId().equals(nodeId())) {
            return new DeviceRoute.Local();
        }
        if (unexpired) {
            boolean alive = holder.get().heartbeatAt().isAfter(now.minus(settings.leaseTtl()));
            return alive ? new DeviceRoute.Remote(lease.nodeId(), holder.get().advertiseUrl())
                    : new DeviceRoute.HandOver(Math.max(1, Duration.between(now, lease.expiresAt()).toSeconds()
                    + retry));
        }
        // expired or released: a device that can run is about to be claimed by some node; any other is served here
        return runnable.test(deviceId) ? new DeviceRoute.HandOver(retry) : new DeviceRoute.Local();
    }

    private void sleep(Duration duration) {
        sleepLock.lock();
        try {
            if (!stopping) {
                wake.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            sleepLock.unlock();
        }
    }

    /** Stops the loop, then every session held, then releases their leases so other nodes take them at once. */
    @Override
    public void close() {
        stopping = true;
        sleepLock.lock();
        try {
            wake.signalAll();
        } finally {
            sleepLock.unlock();
        }
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        roundLock.lock();
        try {
            List<UUID> released = new ArrayList<>(held.keySet());
            // no longer held in this node's view before the stops: a restore or recovery under way opens nothing
            held.clear();
            handBack(released);
            try {
                leases.release(nodeId(), released);
                log.info("node {}: {} lease(s) released", nodeId(), released.size());
            } catch (RuntimeException e) {
                log.warn("node {}: leases not released ({}); they expire within {}", nodeId(), e.getMessage(),
                        settings.leaseTtl());
            }
        } finally {
            roundLock.unlock();
        }
    }
}
