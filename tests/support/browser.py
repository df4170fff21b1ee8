"""Open built pages in headless Chromium with no network, for the browser tests.

A page is served by a local ``http.server`` on 127.0.0.1 (a free port, in a
thread) and opened by Debian's ``chromium`` with every host name except
127.0.0.1 mapped to nowhere, so that any attempt to reach a CDN fails exactly as
it would offline. ``--dump-dom`` returns the DOM after the page's scripts ran;
:class:`DevToolsPage` drives a tab for pages that need interaction (JupyterLab).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import websocket

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    # Every host name resolves to nothing, except the local server's address.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: Milliseconds of virtual time the page's scripts get before the DOM is read.
VIRTUAL_TIME_BUDGET_MS = 20_000
CHROMIUM_TIMEOUT_SECONDS = 120


def chromium_path() -> str:
    """Return the Chromium executable, failing the test with a fix if it is missing."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(
            "Headless Chromium is needed for the browser tests but `chromium` is not "
            "installed: run `make chromium` (installs Debian's package with apt-get).",
            pytrace=False,
        )
    return path


@dataclass
class LocalServer:
    """A static file server on 127.0.0.1 that remembers the paths it was asked for."""

    url: str
    requested: list[str] = field(default_factory=list)


@contextmanager
def serve(directory: Path) -> Iterator[LocalServer]:
    """Serve ``directory`` on 127.0.0.1 at a free port until the block ends."""
    server_info = LocalServer(url="")

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            server_info.requested.append(self.path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(directory)))
    server_info.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_info
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_chromium(url: str, *extra_flags: str) -> str:
    """Open ``url`` in headless Chromium with a throw-away profile; return its stdout."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        result = subprocess.run(
            [
                chromium_path(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
                *extra_flags,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=CHROMIUM_TIMEOUT_SECONDS,
            check=False,
        )
    if result.returncode != 0:
        pytest.fail(
            f"Chromium failed on {url} (exit {result.returncode}):\n{result.stderr[-2000:]}"
        )
    return result.stdout


def rendered_dom(url: str) -> str:
    """Return the page's DOM after its scripts ran."""
    return run_chromium(url, "--dump-dom")


def screenshot(url: str, png: Path) -> Path:
    """Save a 1280 x 2000 screenshot of the page to ``png`` and return the path."""
    run_chromium(url, f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars")
    if not png.exists():
        pytest.fail(f"Chromium did not write the screenshot {png}")
    return png


class DevToolsPage:
    """One headless Chromium tab driven through the Chrome DevTools protocol.

    For pages that need more than a DOM dump, e.g. JupyterLab, where the test
    must run the notebook and wait for its output.
    """

    def __init__(self, profile: Path) -> None:
        self._profile = profile
        self._process: subprocess.Popen[bytes] | None = None
        self._socket: websocket.WebSocket | None = None
        self._next_id = 0

    def __enter__(self) -> DevToolsPage:
        self._process = subprocess.Popen(
            [
                chromium_path(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0",  # Chromium writes the port it chose to a file
                "--window-size=1280,1600",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = self._profile / "DevToolsActivePort"
        wait_until(port_file.exists, CHROMIUM_TIMEOUT_SECONDS, "Chromium's DevTools port")
        port = wait_until(lambda: port_file.read_text().split()[:1], 30, "the port number")[0]

        def first_tab() -> dict[str, Any] | None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as response:
                return next((t for t in json.load(response) if t["type"] == "page"), None)

        page = wait_until(first_tab, 30, "Chromium's first tab")
        self._socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=CHROMIUM_TIMEOUT_SECONDS
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._socket is not None:
            self._socket.close()
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result."""
        assert self._socket is not None, "use DevToolsPage in a with block"
        self._next_id += 1
        self._socket.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method} failed: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page (awaiting a promise) and return its value."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} raised: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, png: Path, selector: str | None = None) -> Path:
        """Save a screenshot of the tab, or of the first element ``selector`` matches.

        Returns the path ``png``.
        """
        params: dict[str, Any] = {"format": "png"}
        if selector is not None:
            x, y, width, height = self.evaluate(
                f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                " e.scrollIntoView(); const r = e.getBoundingClientRect();"
                " return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })()"
            )
            params["clip"] = {"x": x, "y": y, "width": width, "height": height, "scale": 1}
        png.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", **params)["data"]))
        return png


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``condition`` every half second until it is truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")
