"""The CLI's HTML report in a real browser with the network off: headless Chromium (the distribution's
package, ``/usr/bin/chromium``) driven over the DevTools protocol.

The browser gets a dead proxy (``127.0.0.1:9``) and a resolver that finds no host, so any request
leaving the file would fail. The page is opened from disk and every frame is watched, the map's
``<iframe srcdoc>`` included (Chromium runs it as a separate target, attached before it starts).
The checks: every request is the file itself or inline ``data:``; no request fails; nothing is
written to the console as an error, no exception is thrown; each map frame holds its GeoJSON
features and its canvas has them painted; every element whose text has a non-ASCII character is
drawn with the embedded font alone (``CSS.getPlatformFontsForNode``). A glyph missing from it would
fall back to a system font: Droid Sans Fallback on this image, boxes (tofu) where there is none.

The protocol runs over ``--remote-debugging-pipe`` (file descriptors 3 and 4, NUL-terminated JSON),
so no websocket client is needed. One page load for all tests; about 5 s after the report is built.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from governance_analytics.reporting.render.fonts import cjk_font_path
from governance_analytics.reporting.render.webfont import WEB_FAMILY

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 60.0
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (Debian package chromium)"),
]

OFFLINE = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]
QUIET = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]
DOMAINS = ("Page", "Runtime", "Log", "Network", "DOM", "CSS")

#: Marks every element whose own text has a non-ASCII character (skipping script and style).
MARK_TEXT = """(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (/[^\\x00-\\x7f]/.test(node.data) && !['SCRIPT', 'STYLE'].includes(parent.tagName)) {
      parent.setAttribute('data-font-check', ''); n++;
    }
  }
  return n;
})()"""
#: What the map frame drew: its GeoJSON layers' feature counts and the canvas pixels painted.
MAP_STATE = """(async () => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const layers = Object.keys(window).filter(k => k.startsWith('geo_json_')).map(k => window[k])
    .filter(v => v instanceof L.GeoJSON).map(g => g.getLayers().length);  // folium's variable names
  let canvas = null;  // laid out a moment after the frame loads when the machine is busy: wait up to 10 s
  for (let tries = 0; tries < 100; tries++) {
    canvas = document.querySelector('.leaflet-overlay-pane canvas');
    if (canvas && canvas.width > 0 && canvas.height > 0) break;
    await new Promise(done => setTimeout(done, 100));
  }
  let painted = 0;
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) painted += data[i] > 0;
  }
  return {layers, painted, pixels: canvas ? canvas.width * canvas.height : 0,
          fonts: [...document.fonts].map(f => [f.family, f.status])};
})()"""


class DevTools:
    """A minimal DevTools-protocol client over ``--remote-debugging-pipe``.

    Replies are matched to calls by id; events (from any session) are kept in :attr:`events` in
    arrival order.
    """

    def __init__(self, args: list[str]):
        self._to_r, self._to_w = os.pipe()
        self._from_r, self._from_w = os.pipe()

        def wire_pipes() -> None:  # in the child: our pipes become its fds 3 (in) and 4 (out)
            inp, out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (self._to_r, self._from_w))
            os.dup2(inp, 3)
            os.dup2(out, 4)

        self.process = subprocess.Popen(
            [str(CHROMIUM), "--remote-debugging-pipe", *args],
            preexec_fn=wire_pipes,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(self._to_r)
        os.close(self._from_w)
        self.events: list[dict] = []
        self._replies: dict[int, dict] = {}
        self._buffer, self._next_id = b"", 0

    def _read(self, deadline: float) -> None:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_r], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("the browser did not answer in time")
            chunk = os.read(self._from_r, 1 << 20)
            if not chunk:
                raise EOFError("the browser closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "id" in message:
            self._replies[message["id"]] = message
        else:
            self.events.append(message)

    def call(self, method: str, params: dict | None = None, *, session: str | None = None) -> dict:
        """Send one command and return its result (events arriving meanwhile are kept)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while self._next_id not in self._replies:
            self._read(deadline)
        reply = self._replies.pop(self._next_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def wait_for(self, method: str, *, handle=lambda event: None) -> dict:
        """Read events until ``method`` arrives; every event read on the way is passed to ``handle``."""
        deadline, seen = time.monotonic() + TIMEOUT, 0
        while True:
            while seen < len(self.events):
                event, seen = self.events[seen], seen + 1
                handle(event)
                if event.get("method") == method:
                    return event
            self._read(deadline)

    def evaluate(self, expression: str, *, session: str):
        """Value of a JavaScript expression (promises awaited) in the frame of ``session``."""
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session=session
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"]["value"]

    def close(self) -> None:
        """Close the browser (politely, then by force) and the pipes."""
        try:
            self.call("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, EOFError, TimeoutError, RuntimeError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._to_w)
            os.close(self._from_r)


@dataclass
class PageRun:
    """What happened when the report was opened: events of every session, and per frame what it drew."""

    seconds: float
    events: list[dict]
    frames: dict[str, str]  # session id → frame id of each map iframe
    maps: list[dict] = field(default_factory=list)
    fonts: dict[str, list[dict]] = field(default_factory=dict)  # session → platform fonts per marked node

    def of(self, method: str) -> list[dict]:
        """Parameters of every event named ``method``."""
        return [event["params"] for event in self.events if event.get("method") == method]


def _watch(client: DevTools, session: str) -> None:
    for domain in DOMAINS:
        client.call(f"{domain}.enable", session=session)
    client.call(
        "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True}, session=session
    )


def _on_attach(client: DevTools, frames: dict[str, str]):
    """Watch each frame Chromium attaches (paused at start), then let it run."""

    def handle(event: dict) -> None:
        if event.get("method") == "Target.attachedToTarget" and event["params"]["targetInfo"]["type"] == "iframe":
            session = event["params"]["sessionId"]
            frames[session] = event["params"]["targetInfo"]["targetId"]
            _watch(client, session)
            client.call("Runtime.runIfWaitingForDebugger", session=session)

    return handle


def _open(client: DevTools, url: str) -> tuple[str, dict[str, str]]:
    """Load ``url`` in a new page, watching it and every frame in it; its session and its frames."""
    target = client.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    page = client.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    _watch(client, page)
    frames: dict[str, str] = {}
    client.call("Page.navigate", {"url": url}, session=page)
    client.wait_for("Page.loadEventFired", handle=_on_attach(client, frames))
    client.evaluate("document.fonts.ready.then(() => true)", session=page)
    return page, frames


def _map_state(client: DevTools, page: str, session: str, frame: str) -> dict:
    """Scroll the frame into view (Chromium does not paint frames out of view), then read what it drew."""
    client.call("DOM.getDocument", {"depth": 0}, session=page)
    owner = client.call("DOM.getFrameOwner", {"frameId": frame}, session=page)["backendNodeId"]
    client.call("DOM.scrollIntoViewIfNeeded", {"backendNodeId": owner}, session=page)
    return client.evaluate(MAP_STATE, session=session)


def _platform_fonts(client: DevTools, session: str) -> list[dict]:
    """For each element with non-ASCII text in the frame: its text and the fonts that drew it."""
    client.evaluate(MARK_TEXT, session=session)
    root = client.call("DOM.getDocument", {"depth": 0}, session=session)["root"]["nodeId"]
    nodes = client.call("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-font-check]"}, session=session)[
        "nodeIds"
    ]
    out = []
    for node in nodes:
        fonts = client.call("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]
        text = client.call("DOM.getOuterHTML", {"nodeId": node}, session=session)["outerHTML"][:120]
        out.append({"text": text, "fonts": fonts})
    return out


@pytest.fixture(scope="module")
def page_run(cli_report, tmp_path_factory) -> PageRun:
    """Open the report in headless Chromium, offline; watch the page and its map frames."""
    start = time.monotonic()
    profile = tmp_path_factory.mktemp("chromium-profile")
    client = DevTools([*QUIET, *OFFLINE, f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"])
    try:
        page, frames = _open(client, (cli_report / "report.html").as_uri())
        run = PageRun(0.0, client.events, frames)  # events keep arriving until the browser closes
        run.maps = [_map_state(client, page, session, frame) for session, frame in frames.items()]
        run.fonts = {session: _platform_fonts(client, session) for session in (page, *frames)}
    finally:
        client.close()
    run.seconds = time.monotonic() - start
    return run


def test_nothing_is_requested_from_outside_and_nothing_fails(page_run):
    urls = [params["request"]["url"] for params in page_run.of("Network.requestWillBeSent")]
    assert urls and urls[0].startswith("file://")
    outside = [url[:80] for url in urls if not url.startswith(("file://", "data:", "about:"))]
    assert outside == []
    failed = [(params.get("errorText"), params.get("blockedReason")) for params in page_run.of("Network.loadingFailed")]
    assert failed == []


def test_no_console_error_and_no_exception(page_run):
    errors = [
        params["args"] for params in page_run.of("Runtime.consoleAPICalled") if params["type"] in ("error", "assert")
    ]
    errors += [params["exceptionDetails"] for params in page_run.of("Runtime.exceptionThrown")]
    errors += [params["entry"] for params in page_run.of("Log.entryAdded") if params["entry"]["level"] == "error"]
    assert errors == []


def test_every_map_frame_draws_its_features(page_run):
    assert len(page_run.frames) >= 1  # the hot-spot section's emerging-hot-spot map
    for state in page_run.maps:
        assert state["layers"] and min(state["layers"]) > 0, state
        assert state["painted"] > 0.01 * state["pixels"], state  # features painted, not a blank canvas
        assert [WEB_FAMILY, "loaded"] in state["fonts"]


def test_all_non_ascii_text_is_drawn_with_the_embedded_font(page_run):
    """No fallback to a system font for any Chinese (or other non-ASCII) text: no boxes."""
    with TTFont(cjk_font_path(), lazy=True) as font:
        embedded = font["name"].getDebugName(6)  # PostScript name, NotoSansCJKsc-Regular
    checked = 0
    for session, nodes in page_run.fonts.items():
        assert nodes, f"no non-ASCII text found in frame {session}"
        for node in nodes:
            assert [(f["postScriptName"], f["isCustomFont"]) for f in node["fonts"]] == [(embedded, True)], node
            checked += 1
    assert checked > 50


def test_runs_in_well_under_a_minute(page_run):
    assert page_run.seconds < 30, f"{page_run.seconds:.1f} s"
