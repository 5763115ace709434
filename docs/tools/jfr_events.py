"""What docs/tools/jfr-layers.py and docs/tools/jfr-sendpath.py share: reading a JFR recording's events with their
stacks through `jfr print`, and filing a stack under the first marker one of its frames starts with.

Imported by both scripts from their own directory (python3 puts a script's directory first on sys.path), so both
stay `python3 docs/tools/jfr-X.py ...`. JFR=path/to/jfr names the tool; otherwise the Temurin 25 JDK's, else the
`jfr` on the PATH.
"""
import os
import re
import shutil
import subprocess
import sys

_TEMURIN_JFR = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
JFR = os.environ.get('JFR') or (_TEMURIN_JFR if os.path.exists(_TEMURIN_JFR) else shutil.which('jfr') or _TEMURIN_JFR)

FRAME = re.compile(r'^\s+([\w$.<>\[\]/]+)\(')
WEIGHT = re.compile(r'^\s+weight = ([\d.,]+) (bytes|kB|MB|GB)')
CLASS = re.compile(r'^\s+(?:objectClass|parkedClass|monitorClass) = (\S+)')
THREAD = re.compile(r'^\s+(?:eventThread|sampledThread) = "([^"]*)"')
START = re.compile(r'^\s+startTime = (\d\d:\d\d:\d\d)')
DURATION = re.compile(r'^\s+duration = ([\d.,]+) (ns|us|ms|s)\b')
CPU_TIME = re.compile(r'^\s+(userTime|systemTime) = ([\d.,]+) (ns|us|ms|s)\b')
UNITS = {'bytes': 1, 'kB': 1024, 'MB': 1024 ** 2, 'GB': 1024 ** 3}
TIME_UNITS = {'ns': 1e-9, 'us': 1e-6, 'ms': 1e-3, 's': 1.0}


def events(path, names, depth):
    """Yields each event of the comma-separated `names` in the recording as a dict: type, frames (leaf first),
    weight (bytes allocated), class (allocated, parked on or entered), thread, time (HH:MM:SS of its first
    startTime), duration and cpu (user + system) in seconds."""
    proc = subprocess.Popen([JFR, 'print', '--events', names, '--stack-depth', str(depth), path],
                            stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    current = None
    for line in proc.stdout:
        if line.startswith('jdk.'):
            if current:
                yield current
            current = {'type': line.split()[0], 'frames': [], 'weight': 0, 'class': '', 'thread': '', 'time': '',
                       'duration': 0.0, 'cpu': 0.0}
            continue
        if current is None:
            continue
        m = FRAME.match(line)
        if m:
            current['frames'].append(m.group(1))
            continue
        m = WEIGHT.match(line)
        if m:
            current['weight'] = float(m.group(1).replace(',', '')) * UNITS[m.group(2)]
            continue
        m = START.match(line)
        if m:
            # a nested value (a thread's start) may carry a startTime too: the event's own comes first
            if not current['time']:
                current['time'] = m.group(1)
            continue
        m = DURATION.match(line)
        if m:
            current['duration'] = float(m.group(1).replace(',', '')) * TIME_UNITS[m.group(2)]
            continue
        m = CPU_TIME.match(line)
        if m:
            current['cpu'] += float(m.group(2).replace(',', '')) * TIME_UNITS[m.group(3)]
            continue
        m = CLASS.match(line)
        if m:
            current['class'] = m.group(1)
            continue
        m = THREAD.match(line)
        if m:
            current['thread'] = m.group(1)
    if current:
        yield current
    if proc.wait() != 0:
        # what was read is still reported (a recording cut short prints up to its last whole chunk)
        print(f'warning: {JFR} print exited with {proc.returncode} on {path}', file=sys.stderr)


def first_marked(frames, markers, otherwise):
    """The name of the first (prefix, name) marker that a frame starts with, frames walked from the leaf."""
    for frame in frames:
        for prefix, name in markers:
            if frame.startswith(prefix):
                return name
    return otherwise
