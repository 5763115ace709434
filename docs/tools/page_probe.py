#!/usr/bin/env python3
"""Opens one page in headless Chromium and watches it in real time over the DevTools protocol (through a pipe, so
nothing but Python's standard library is needed), for the docs/tools page checks.

Chromium's own --dump-dom/--screenshot run the page on virtual time, which races ahead while the page only waits on
its event stream: a page that must hear something from the server (a login on its event stream) is dumped before
it does. Here the page runs on the wall clock until a JavaScript condition holds or the timeout passes.

Usage: page_probe.py BROWSER URL [--until JS] [--timeout SECONDS] [--dom FILE] [--screenshot FILE.png]
                     [--size WIDTHxHEIGHT]
Exit status: 0 when the condition held (or none was given), 1 when it did not within the timeout, 2 on a failure
of the browser itself.
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class DevTools:
    """One DevTools protocol connection over --remote-debugging-pipe: JSON messages separated by NUL bytes."""

    def __init__(self, to_browser, from_browser):
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.next_id = 0
        self.pending = b""

    def call(self, method, params=None, session=None, deadline=30.0):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(method + ": " + json.dumps(reply["error"]))
                return reply.get("result", {})
        raise TimeoutError(method + " got no answer")

    def _read(self):
        while b"\0" not in self.pending:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise EOFError("the browser closed its DevTools pipe")
            self.pending += chunk
        message, self.pending = self.pending.split(b"\0", 1)
        return json.loads(message)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("browser")
    parser.add_argument("url")
    parser.add_argument("--until", help="a JavaScript expression; the probe waits until it is truthy")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--dom", help="write the page's DOM here at the end")
    parser.add_argument("--screenshot", help="write a PNG of the page here at the end")
    parser.add_argument("--size", default="1280x1000")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))

    commands_read, commands_write = os.pipe()
    answers_read, answers_write = os.pipe()

    def pipes_on_3_and_4():
        # the browser reads commands on fd 3 and answers on fd 4; os.pipe() fds are close-on-exec, and dup2 onto
        # the same number keeps that flag, hence the explicit set_inheritable
        for source, target in ((commands_read, 3), (answers_write, 4)):
            if source != target:
                os.dup2(source, target)
            os.set_inheritable(target, True)

    profile = tempfile.mkdtemp(prefix="page-probe-")
    browser = subprocess.Popen(
        [args.browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
         "--user-data-dir=" + profile, "--window-size=%d,%d" % (width, height), "about:blank"],
        preexec_fn=pipes_on_3_and_4, close_fds=False, stdout=subprocess.DEVNULL, stderr=None if os.environ.get("PAGE_PROBE_DEBUG") else subprocess.DEVNULL)
    os.close(commands_read)
    os.close(answers_write)
    held = False
    try:
        tools = DevTools(commands_write, answers_read)
        target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tools.call("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        tools.call("Page.navigate", {"url": args.url}, session)
        end = time.monotonic() + args.timeout
        while True:
            expression = args.until or "document.readyState === 'complete'"
            result = tools.call("Runtime.evaluate", {"expression": "Boolean(" + expression + ")",
                                                     "returnByValue": True}, session)
            held = result.get("result", {}).get("value") is True
            if held or time.monotonic() >= end:
                break
            time.sleep(0.2)
        if not args.until:
            time.sleep(0.5)  # a settled page: the first fetches answered
        if args.dom:
            dom = tools.call("Runtime.evaluate", {"expression": "document.documentElement.outerHTML",
                                                  "returnByValue": True}, session)["result"]["value"]
            with open(args.dom, "w", encoding="utf-8") as out:
                out.write(dom)
        if args.screenshot:
            png = tools.call("Page.captureScreenshot", {"format": "png"}, session)["data"]
            with open(args.screenshot, "wb") as out:
                out.write(base64.b64decode(png))
        tools.call("Browser.close")
    except (OSError, EOFError, RuntimeError, TimeoutError) as failure:
        print("page_probe: " + str(failure), file=sys.stderr)
        browser.kill()
        return 2
    finally:
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        subprocess.run(["rm", "-rf", profile])
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
