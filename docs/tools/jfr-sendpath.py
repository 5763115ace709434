#!/usr/bin/env python3
"""Where the gateway's CPU and allocation go per REST send, by the thread's role and the work's kind, from JFR.

usage: [PERIOD_MS=5] [SITES=prefix,prefix...] jfr-sendpath.py RECORDING.jfr SENDS [WINDOW]
SITES: frame prefixes (e.g. dev.wagateway.persistence.gateway.GroupCommittedMessages,org.jdbi): for each, the CPU
samples and the KiB allocated (stack chunks apart) per send by stacks holding a frame that starts with it.
SENDS: the sends the window holds (whole recording: warm-up + saturation + offered, all accepted sends).
WINDOW: HH:MM:SS-HH:MM:SS (JFR's local times) keeps only the events inside it, e.g. one phase of the harness.
Needs JFR's stack depth raised (-XX:FlightRecorderOptions:stackdepth=2048) so virtual threads' stacks reach their
root. CPU is counted from jdk.CPUTimeSample when the recording has it (JDK 25's CPU-time sampler: one sample per
PERIOD_MS of a thread's CPU time, the recording's jdk.CPUTimeSample#throttle, so samples convert to CPU ms; turn it
on with jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=5ms in -XX:StartFlightRecording), else from
jdk.ExecutionSample (wall-clock sampling of at most a few running threads: shares, not CPU). Used for docs/benchmarks.md ("the REST send path under load", branch gwprofile).

Each sample gets a role (which thread: the HTTP request, the send's own thread, a group-commit writer, the
connection's reader...) from its whole stack, and a kind (what it was doing) from the first frame, leaf first,
that matches a marker (the JFR reading is docs/tools/jfr_events.py's, shared with jfr-layers.py). The Signal
step (SessionCipher.encryptAll and below) is a kind of its own whatever the role.
"""
import collections
import os
import re
import sys

from jfr_events import events, first_marked

# role: the first (prefix, role) whose prefix is in the stack, checked in this order
ROLES = [
    ('dev.wagateway.core.groupcommit.GroupCommitQueue.run', 'group-commit writer'),
    ('dev.wagateway.core.message.ReceiptBatcher', 'receipt writer'),
    ('dev.wagateway.protocol.message.MessageSender.send', 'send thread (MessageSender)'),
    ('dev.wagateway.protocol.message.Messages.lambda$send', 'send thread (MessageSender)'),
    ('org.eclipse.jetty', 'HTTP request / Jetty'),
    ('io.javalin', 'HTTP request / Jetty'),
    ('dev.wagateway.protocol.noise', 'connection reader/writer'),
    ('dev.wagateway.protocol.client.connection', 'connection reader/writer'),
    ('dev.wagateway.protocol.client', 'client dispatch (stanza handlers)'),
    ('dev.wagateway.core.event', 'event dispatch'),
    ('dev.wagateway.core', 'core (other)'),
    ('dev.wagateway.persistence', 'persistence (other)'),
    ('com.zaxxer.hikari', 'persistence (other)'),
    ('org.postgresql', 'persistence (other)'),
    ('dev.wagateway', 'ours (other)'),
]

# kind: the first frame, leaf first, that starts with a prefix names it
KINDS = [
    ('dev.wagateway.protocol.signal.SessionCipher', 'Signal step (combine)'),
    ('dev.wagateway.protocol.signal', 'Signal step (combine)'),
    ('dev.wagateway.persistence.protocol.Sessions', 'Signal step (combine)'),
    ('org.postgresql', 'JDBC driver (PostgreSQL)'),
    ('com.zaxxer.hikari', 'connection pool (Hikari)'),
    ('org.jdbi', 'Jdbi'),
    ('com.fasterxml.jackson', 'JSON (Jackson)'),
    ('io.micrometer', 'metrics (Micrometer)'),
    ('dev.wagateway.app.metrics', 'metrics (Micrometer)'),
    ('ch.qos.logback', 'logging'),
    ('org.slf4j', 'logging'),
    ('org.bouncycastle', 'crypto (BouncyCastle)'),
    ('com.sun.crypto', 'crypto (JCE: AES-GCM of the Noise frames, HMAC)'),
    ('javax.crypto', 'crypto (JCE: AES-GCM of the Noise frames, HMAC)'),
    ('sun.security', 'crypto (JCE: AES-GCM of the Noise frames, HMAC)'),
    ('dev.wagateway.protocol.crypto', 'crypto (ours)'),
    ('dev.wagateway.protocol.noise', 'Noise frames'),
    ('dev.wagateway.protocol.binary', 'binary codec (nodes)'),
    ('com.google.protobuf', 'protobuf'),
    ('dev.wagateway.protocol.proto', 'protobuf'),
    ('org.eclipse.jetty', 'Jetty'),
    ('io.javalin', 'Javalin'),
    ('dev.wagateway.http', 'ours: HTTP'),
    ('dev.wagateway.core.groupcommit', 'ours: group commit'),
    ('dev.wagateway.persistence', 'ours: persistence'),
    ('dev.wagateway.core', 'ours: core'),
    ('dev.wagateway.protocol', 'ours: protocol (other)'),
    ('dev.wagateway', 'ours: other'),
    ('java.lang.VirtualThread', 'JDK: virtual thread park/unpark/start'),
    ('jdk.internal.vm.Continuation', 'JDK: virtual thread park/unpark/start'),
    ('java.util.concurrent.ForkJoin', 'JDK: scheduler (ForkJoinPool)'),
    ('java.util.concurrent.locks', 'JDK: locks/conditions (AQS)'),
    ('java.util.concurrent.CompletableFuture', 'JDK: CompletableFuture'),
    ('java.util.concurrent.LinkedBlockingQueue', 'JDK: queues'),
    ('java.util.concurrent', 'JDK: other j.u.c'),
    ('sun.nio', 'JDK: NIO (sockets, selector)'),
    ('java.nio', 'JDK: NIO (sockets, selector)'),
]
SIGNAL_STEP = ('dev.wagateway.protocol.signal.SessionCipher.encryptAll',)

def role_of(frames, thread):
    for prefix, role in ROLES:
        if any(f.startswith(prefix) for f in frames):
            return role
    return 'JDK/library only: ' + (re.sub(r'\d+', 'N', thread) or 'a virtual thread')


def kind_of(frames):
    if any(f.startswith(SIGNAL_STEP) for f in frames):
        return 'Signal step (combine)'
    return first_marked(frames, KINDS, 'JDK/library (other)')


def site_of(frames):
    """The first two of our frames from the leaf: where a thread parked or a lock was waited for."""
    ours = [f for f in frames if f.startswith('dev.wagateway')][:2]
    return ' < '.join(ours) if ours else (frames[0] if frames else '?')


def main():
    path, sends = sys.argv[1], float(sys.argv[2])
    window = sys.argv[3].split('-') if len(sys.argv) > 3 else None
    cpu, alloc = collections.Counter(), collections.Counter()
    by_kind_cpu, by_kind_alloc = collections.Counter(), collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    alloc_classes = collections.Counter()
    parks, park_time = collections.Counter(), collections.Counter()
    pinned, monitors = collections.Counter(), collections.Counter()
    gc_pause, gc_cpu, gcs = 0.0, 0.0, 0
    total_cpu, total_alloc = 0, 0.0
    cpu_time = False
    sites = [x for x in os.environ.get('SITES', '').split(',') if x]
    site_cpu, site_alloc, site_chunks = collections.Counter(), collections.Counter(), collections.Counter()
    names = ('jdk.CPUTimeSample,jdk.ExecutionSample,jdk.ObjectAllocationSample,jdk.ThreadPark,jdk.VirtualThreadPinned,'
             'jdk.JavaMonitorEnter,jdk.GarbageCollection,jdk.GCCPUTime')
    for e in events(path, names, 300):
        if window and not (window[0] <= e['time'] < window[1]):
            continue
        frames, kind_name = e['frames'], e['type']
        if kind_name == 'jdk.GarbageCollection':
            gcs += 1
            gc_pause += e['duration']
            continue
        if kind_name == 'jdk.GCCPUTime':
            gc_cpu += e['cpu']
            continue
        if kind_name == 'jdk.ThreadPark':
            # virtual threads' parks carry no stack in JFR: the parked-on class is what is left
            site = (e['class'], site_of(frames))
            parks[site] += 1
            park_time[site] += e['duration']
            continue
        if kind_name == 'jdk.VirtualThreadPinned':
            pinned[site_of(frames)] += 1
            continue
        if kind_name == 'jdk.JavaMonitorEnter':
            monitors[(e['class'], site_of(frames))] += 1
            continue
        role, kind = role_of(frames, e['thread']), kind_of(frames)
        held = [x for x in sites if any(f.startswith(x) for f in frames)]
        if kind_name == 'jdk.CPUTimeSample' and not cpu_time:
            # the recording has the CPU-time sampler: the execution samples counted so far are dropped
            cpu_time = True
            total_cpu = 0
            cpu.clear(), by_kind_cpu.clear(), leaves.clear(), site_cpu.clear()
        if kind_name == ('jdk.CPUTimeSample' if cpu_time else 'jdk.ExecutionSample'):
            total_cpu += 1
            cpu[(role, kind)] += 1
            by_kind_cpu[kind] += 1
            leaves[kind][frames[0] if frames else '?'] += 1
            for x in held:
                site_cpu[x] += 1
        elif kind_name == 'jdk.ObjectAllocationSample':
            total_alloc += e['weight']
            alloc[(role, kind)] += e['weight']
            by_kind_alloc[kind] += e['weight']
            alloc_classes[(e['class'], role, site_of(frames))] += e['weight']
            for x in held:
                site_alloc[x] += e['weight']
                if 'StackChunk' in e['class']:
                    site_chunks[x] += e['weight']
    period = float(os.environ.get('PERIOD_MS', '5'))
    print(f'window {window}; sends {sends:.0f}; CPU samples ({"jdk.CPUTimeSample, " + str(period) + " ms each" if cpu_time else "jdk.ExecutionSample"}) '
          f'{total_cpu} ({1000 * total_cpu / sends:.1f} per 1,000 sends'
          f'{f"; {total_cpu * period / sends:.3f} CPU ms per send" if cpu_time else ""}); '
          f'allocated {total_alloc / sends / 1024:.1f} KiB per send')
    print('\n| kind (what the thread was doing) | CPU samples / 1,000 sends | share | KiB allocated / send |')
    print('|---|---|---|---|')
    for kind in sorted(set(by_kind_cpu) | set(by_kind_alloc), key=lambda k: -by_kind_cpu[k]):
        print(f'| {kind} | {1000 * by_kind_cpu[kind] / sends:.1f} | {100 * by_kind_cpu[kind] / max(total_cpu, 1):.1f} % '
              f'| {by_kind_alloc[kind] / sends / 1024:.2f} |')
    print('\n| role (which thread) | kind | CPU samples / 1,000 sends | KiB allocated / send |')
    print('|---|---|---|---|')
    for role in sorted({r for r, _ in set(cpu) | set(alloc)},
                       key=lambda r: -sum(v for (rr, _), v in cpu.items() if rr == r)):
        keys = sorted({k for k in set(cpu) | set(alloc) if k[0] == role}, key=lambda k: -cpu[k])
        for k in keys:
            if cpu[k] / sends * 1000 >= 1 or alloc[k] / sends >= 1024:
                print(f'| {role} | {k[1]} | {1000 * cpu[k] / sends:.1f} | {alloc[k] / sends / 1024:.2f} |')
        rc = sum(v for (rr, _), v in cpu.items() if rr == role)
        ra = sum(v for (rr, _), v in alloc.items() if rr == role)
        print(f'| {role} | **all** | **{1000 * rc / sends:.1f}** | **{ra / sends / 1024:.2f}** |')
    for x in sites:
        print(f'site {x}: CPU samples {1000 * site_cpu[x] / sends:.1f} per 1,000 sends, '
              f'{site_alloc[x] / sends / 1024:.2f} KiB allocated per send ({site_chunks[x] / sends / 1024:.2f} of it '
              f'stack chunks)')
    print(f'\nGC: {gcs} collections ({gcs / sends * 1000:.2f} per 1,000 sends), pauses {gc_pause:.3f} s, '
          f'GC threads\' CPU {gc_cpu:.2f} s ({1000 * gc_cpu / sends:.3f} s per 1,000 sends)')
    print(f'\njdk.ThreadPark (over the threshold of the settings): {sum(parks.values())} '
          f'({sum(parks.values()) / sends:.3f} per send), by our innermost frames:')
    for (c, site), n in parks.most_common(15):
        print(f'  {n:6d} {n / sends:7.3f}/send {park_time[(c, site)]:8.2f} s  {c} {site}')
    print(f'\njdk.VirtualThreadPinned: {sum(pinned.values())}')
    for site, n in pinned.most_common(10):
        print(f'  {n:6d} {site}')
    print(f'\njdk.JavaMonitorEnter: {sum(monitors.values())}')
    for (c, site), n in monitors.most_common(10):
        print(f'  {n:6d} {c} {site}')
    print('\nlargest allocations (class, role, our innermost frames), KiB per send:')
    for (c, role, site), w in alloc_classes.most_common(25):
        print(f'  {w / sends / 1024:8.2f} {c} [{role}] {site}')
    for kind in [k for k, _ in by_kind_cpu.most_common(12)]:
        print(f'\n== {kind}: top CPU leaf frames (samples)')
        for f, n in leaves[kind].most_common(8):
            print(f'  {n:5d} {f}')


if __name__ == '__main__':
    main()
