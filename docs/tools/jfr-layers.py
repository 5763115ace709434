#!/usr/bin/env python3
"""Per-send CPU samples and allocated bytes of the gateway by layer, from a JFR recording.

usage: jfr-layers.py RECORDING.jfr SENDS [detail-layer ...]
SENDS: accepted sends of the whole run (warm-up + saturation + offered), to divide by.
WINDOW=HH:MM:SS-HH:MM:SS keeps only the events inside that window (JFR's local times); PER=<thread name part> then
divides by the virtual threads of that name started in it (one per request) instead of SENDS.
The recording needs jdk.VirtualThreadStart on for the thread counts (profile.jfc with it enabled), and
JFR's stack depth raised (-XX:FlightRecorderOptions:stackdepth=2048) so virtual threads' stacks reach their root.
Used for docs/benchmarks.md ("the REST layer per send", branch httpcost).
The JFR reading is docs/tools/jfr_events.py's (shared with jfr-sendpath.py).
Each event's stack is walked from its leaf towards its root; the first frame matching a marker names the layer.
An event is "in the request" when its stack holds a Jetty or Javalin frame (the request's thread, or the selector).
"""
import collections
import os
import re
import sys

from jfr_events import events, first_marked

# (frame prefix, layer), checked in this order on each frame from the leaf up
MARKERS = [
    ('dev.wagateway.http.request.RequestFields', 'ours: body parse (RequestFields, Jackson)'),
    ('dev.wagateway.http.routes.Responses', 'ours: envelope write (Responses, Jackson, Javalin result)'),
    ('io.javalin.json', 'ours: envelope write (Responses, Jackson, Javalin result)'),
    ('dev.wagateway.core.token', 'ours: auth (AuthGate, token cache, node check)'),
    ('dev.wagateway.http.AuthGate', 'ours: auth (AuthGate, token cache, node check)'),
    ('dev.wagateway.http.node', 'ours: auth (AuthGate, token cache, node check)'),
    ('dev.wagateway.app.metrics', 'ours: metrics (GatewayMetrics, Micrometer)'),
    ('io.micrometer', 'ours: metrics (GatewayMetrics, Micrometer)'),
    ('dev.wagateway.http.HttpServer.global', 'ours: global before-handler (request id, MDC, headers)'),
    ('dev.wagateway.http.HttpServer', 'ours: HttpServer lambdas (request logger, error mapping)'),
    ('dev.wagateway.http.server.PrefixCheckedRouter', 'javalin: routing'),
    ('dev.wagateway.http.server.RequestThreads', 'jetty: thread pool, execution strategy'),
    ('dev.wagateway.http.server.BodyLimitFilter', 'ours: body limit filter'),
    ('dev.wagateway.http.server', 'ours: body limit filter'),
    ('dev.wagateway.http', 'ours: route handler'),
    ('dev.wagateway', 'use case and below (not httpcost)'),
    ('ch.qos.logback', 'logging (logback, MDC)'),
    ('org.slf4j', 'logging (logback, MDC)'),
    ('io.javalin.router', 'javalin: routing'),
    ('io.javalin.compression', 'javalin: result copy + compression stream'),
    ('io.javalin.http.servlet.JavalinServlet.writeResponseAndLog', 'javalin: result copy + compression stream'),
    ('io.javalin.util', 'javalin: util (lazies, firstOrNull; in main also its LoomThreadPool)'),
    ('io.javalin', 'javalin: servlet, context, tasks'),
    ('org.eclipse.jetty.http.HttpParser', 'jetty: HTTP parser'),
    ('org.eclipse.jetty.server.HttpOutput', 'jetty: response write'),
    ('org.eclipse.jetty.http.HttpGenerator', 'jetty: response write'),
    ('org.eclipse.jetty.server.HttpChannelOverHttp.send', 'jetty: response write'),
    ('org.eclipse.jetty.server.HttpConnection$SendCallback', 'jetty: response write'),
    ('org.eclipse.jetty.io.WriteFlusher', 'jetty: response write'),
    ('org.eclipse.jetty.server.session', 'jetty: session handler'),
    ('org.eclipse.jetty.server.handler.StatisticsHandler', 'jetty: statistics handler'),
    ('org.eclipse.jetty.io.ManagedSelector', 'jetty: selector'),
    ('org.eclipse.jetty.util.thread', 'jetty: thread pool, execution strategy'),
    ('org.eclipse.jetty', 'jetty: other (connection, channel, request, handlers)'),
    ('java.lang.VirtualThread', 'JDK: virtual thread start/park/unpark'),
    ('jdk.internal.vm.Continuation', 'JDK: virtual thread start/park/unpark'),
    ('java.util.concurrent.ForkJoin', 'JDK: virtual thread scheduler (ForkJoinPool)'),
]
IN_REQUEST = ('org.eclipse.jetty', 'io.javalin')


def layer_of(frames):
    return first_marked(frames, MARKERS, 'other JDK/library')


def main():
    path, sends = sys.argv[1], float(sys.argv[2])
    details = sys.argv[3:]
    # WINDOW=HH:MM:SS-HH:MM:SS keeps the events inside it; PER=name divides by that thread name's starts in it
    window = os.environ.get('WINDOW', '').split('-') if os.environ.get('WINDOW') else None
    per = os.environ.get('PER')
    cpu = collections.Counter()
    alloc = collections.Counter()
    leaf_cpu = collections.defaultdict(collections.Counter)
    leaf_alloc = collections.defaultdict(collections.Counter)
    vstarts = collections.Counter()
    chunks = collections.Counter()
    total_cpu = 0
    total_alloc = 0.0
    for e in events(path, 'jdk.ExecutionSample,jdk.ObjectAllocationSample,jdk.VirtualThreadStart', 400):
        if window and not (window[0] <= e['time'] < window[1]):
            continue
        if e['type'] == 'jdk.VirtualThreadStart':
            vstarts[re.sub(r'\d+', 'N', e['thread'])] += 1
            continue
        frames = e['frames']
        where = 'request' if any(f.startswith(IN_REQUEST) for f in frames) else 'outside'
        layer = layer_of(frames)
        key = (where, layer)
        leaf = next((f for f in frames if not f.startswith(('java.', 'jdk.', 'sun.', 'kotlin.'))), frames[0] if frames else '?')
        if e['type'] == 'jdk.ExecutionSample':
            total_cpu += 1
            cpu[key] += 1
            leaf_cpu[layer][frames[0] if frames else '?'] += 1
        else:
            total_alloc += e['weight']
            alloc[key] += e['weight']
            leaf_alloc[layer][(e['class'], leaf)] += e['weight']
            if 'StackChunk' in e['class']:
                site = [f for f in frames if not f.startswith(('java.', 'jdk.', 'sun.'))][:2]
                chunks[(where, ' < '.join(site))] += e['weight']
    if per:
        sends = sum(n for name, n in vstarts.items() if per in name)
        print(f'window {window}: {sends} request threads named {per!r}')
    print(f'sends {sends:.0f}; CPU samples {total_cpu} ({total_cpu / sends:.3f}/send); '
          f'allocated {total_alloc / 1024:.0f} KiB ({total_alloc / sends / 1024:.1f} KiB/send)')
    print('| where | layer | CPU samples per 1,000 sends | KiB allocated per send |')
    print('|---|---|---|---|')
    keys = sorted(set(cpu) | set(alloc), key=lambda k: (k[0] != 'request', -cpu[k] - alloc[k] / 4096))
    for where in ('request', 'outside'):
        sub_c = sum(v for k, v in cpu.items() if k[0] == where)
        sub_a = sum(v for k, v in alloc.items() if k[0] == where)
        for k in keys:
            if k[0] == where:
                print(f'| {where} | {k[1]} | {1000 * cpu[k] / sends:.1f} | {alloc[k] / sends / 1024:.2f} |')
        print(f'| {where} | **all** | **{1000 * sub_c / sends:.1f}** | **{sub_a / sends / 1024:.2f}** |')
    print()
    print('virtual threads started, by name pattern (per send):')
    for name, n in vstarts.most_common(12):
        print(f'  {n / sends:7.3f} {n:7d} {name!r}')
    print('\nstack chunks (a virtual thread parking), KiB per send by where it parked:')
    for (where, site), w in chunks.most_common(12):
        print(f'  {w / sends / 1024:7.2f} {where:8s} {site}')
    wanted = [l for l in sorted(set(leaf_cpu) | set(leaf_alloc)) if any(d in l for d in details)]
    for layer in wanted:
        print(f'\n== {layer}: top CPU leaf frames')
        for f, n in leaf_cpu[layer].most_common(15):
            print(f'  {n:5d} {f}')
        print(f'== {layer}: top allocations (class, first non-JDK frame) KiB per send')
        for (c, f), w in leaf_alloc[layer].most_common(15):
            print(f'  {w / sends / 1024:8.2f} {c} {f}')


if __name__ == '__main__':
    main()
