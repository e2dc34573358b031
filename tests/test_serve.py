"""``lotsen serve``: Lotsen in a real browser through textual-serve, and its checks.

The browser test starts ``lotsen --database URL --lang en --desk … serve`` as a process
group on a free loopback port, opens the page in headless Chromium (Debian's
``/usr/bin/chromium``, driven by Playwright; no browser download), signs in as ``AL`` and
saves ``screenshots/browser-signin.png``.

Reading the screen: the page draws the terminal with xterm.js on a canvas, so its text is
not in the DOM, and textual-serve keeps its ``Terminal`` in a closure. A script that runs
before the page's own catches the object when textual-serve stores it as ``.terminal`` (a
setter on ``Object.prototype`` that only looks, then gets out of the way), and the test reads
the rows from xterm.js's public buffer API (``buffer.active.getLine(y).translateToString()``):
what the browser's terminal holds, not what the server sent.

Without Chromium the browser test is skipped, unless ``LOTSEN_REQUIRE_BROWSER`` is set (as
``.ci/run`` does), where it fails instead.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_cli import assert_one_line_error, lotsen

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "screenshots" / "browser-signin.png"
DESK = "Barn och unga"  # not the demo's default desk, so the header proves --desk arrived
START_TIMEOUT = 120.0  # seconds; the machine is small and shared: generous, never asserted
SCREEN_TIMEOUT = 120.0

CATCH_TERMINAL = """
(() => {
  Object.defineProperty(Object.prototype, 'terminal', {
    configurable: true,
    set(value) {
      Object.defineProperty(this, 'terminal',
                            {value, writable: true, configurable: true, enumerable: true});
      if (value && typeof value.loadAddon === 'function' && value.buffer) {
        window.__lotsenTerminal = value;
      }
    },
  });
})();
"""

READ_SCREEN = """() => {
  const terminal = window.__lotsenTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("LOTSEN_", "TEXTUAL"))}
    environment["XDG_DATA_HOME"] = str(tmp_path / "data")
    environment["LOTSEN_CONFIG"] = str(tmp_path / "no-config.toml")
    return environment


# --- the command's checks, without a browser ----------------------------------------------

@pytest.mark.parametrize("port", ["0", "65536", "80a", "-1", " "])
def test_port_out_of_range_is_one_line(port, demo_url, tmp_path):
    result = lotsen("--database", demo_url, "serve", "--port", port, tmp_path=tmp_path)
    assert_one_line_error(result, "--port")


def test_port_in_use_is_one_line(demo_url, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = lotsen("--database", demo_url, "serve", "--port", str(port),
                        tmp_path=tmp_path)
    assert_one_line_error(result, f"port {port} is already in use")


@pytest.mark.parametrize("host", ["no-such-host.invalid", "256.1.1.1", ""])
def test_bad_host_is_one_line(host, demo_url, tmp_path):
    result = lotsen("--database", demo_url, "serve", "--host", host, "--port",
                    str(free_port()), tmp_path=tmp_path)
    assert_one_line_error(result, "--host")


def test_bad_database_and_public_url_are_one_line(demo_url, tmp_path):
    assert_one_line_error(lotsen("--database", "not a url", "serve", tmp_path=tmp_path),
                          "not a database URL")
    assert_one_line_error(lotsen("--database", demo_url, "serve", "--public-url", "lotsen",
                                 tmp_path=tmp_path), "--public-url")


def test_loopback_is_recognised():
    from tui.serve import is_loopback, resolve

    assert is_loopback(resolve("127.0.0.1", 8000))
    assert is_loopback(resolve("localhost", 8000))
    assert not is_loopback(resolve("0.0.0.0", 8000))
    assert not is_loopback([])


def test_public_url():
    from tui.serve import public_url

    assert public_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert public_url("::1", 8080, None) == "http://[::1]:8080"
    assert public_url("127.0.0.1", 8000, "https://lotsen.example.org/") == \
        "https://lotsen.example.org"


class FakeServer:
    """Stands in for textual_serve.server.Server: records what it was given."""

    calls: list[tuple[str, dict[str, object], dict[str, str]]] = []

    def __init__(self, command: str, **options: object) -> None:
        self.calls.append((command, options, dict(os.environ)))

    def serve(self) -> None:
        return None


def test_sessions_get_the_settings_and_others_get_a_warning(demo_url, monkeypatch, capsys):
    """The served processes start with this command's settings (as LOTSEN_* variables) and
    no animations; a non-loopback address is served, with a warning."""
    import textual_serve.server

    from db.settings import Settings
    from tui.serve import serve

    for key in ("LOTSEN_DATABASE_URL", "LOTSEN_LANG", "LOTSEN_DESK", "LOTSEN_THEME",
                "LOTSEN_IDLE_LOCK_MINUTES", "LOTSEN_BAN_IDENTITY_DAYS", "TEXTUAL_ANIMATIONS"):
        monkeypatch.delenv(key, raising=False)  # restored after the test
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    FakeServer.calls.clear()
    settings = Settings(database_url=demo_url, lang="en", desk=DESK, idle_lock_minutes=3,
                        theme="ansi-dark")

    serve(settings, "127.0.0.1", str(free_port()))
    assert capsys.readouterr().err == ""
    command, options, environment = FakeServer.calls[-1]
    assert command.endswith("-m tui") and sys.executable in command
    assert options["host"] == "127.0.0.1"
    assert (environment["LOTSEN_DATABASE_URL"], environment["LOTSEN_LANG"],
            environment["LOTSEN_DESK"], environment["LOTSEN_THEME"],
            environment["LOTSEN_IDLE_LOCK_MINUTES"], environment["TEXTUAL_ANIMATIONS"]) == (
        demo_url, "en", DESK, "ansi-dark", "3", "none")

    serve(settings, "0.0.0.0", str(free_port()), "https://lotsen.example.org")
    warning = capsys.readouterr().err
    assert "not loopback" in warning and "reverse proxy" in warning
    assert FakeServer.calls[-1][1]["public_url"] == "https://lotsen.example.org"


# --- a real browser -----------------------------------------------------------------------

def require_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("LOTSEN_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, and LOTSEN_REQUIRE_BROWSER is set")
    pytest.skip(reason)


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """End the server and every Lotsen session it started (one process group)."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 30)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    try:  # sessions that outlived the server
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def wait_until_listening(served: Served, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise AssertionError(f"lotsen serve ended ({served.process.returncode}):\n"
                                 f"{served.output()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"lotsen serve did not listen on {port}:\n{served.output()}")


@pytest.fixture
def served(demo_url, tmp_path) -> Iterator[Served]:
    require_browser()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--database", demo_url, "--lang", "en",
             "--desk", DESK, "serve", "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env=clean_environment(tmp_path), start_new_session=True, cwd=tmp_path)
    result = Served(f"http://127.0.0.1:{port}/", process, log)
    try:
        wait_until_listening(result, port)
        yield result
    finally:
        stop_group(process)


def wait_for_screen(page, served: Served, predicate: Callable[[str], bool], what: str) -> str:
    """Poll the terminal's text until ``predicate`` holds; the last text when it times out."""
    deadline = time.monotonic() + SCREEN_TIMEOUT
    text = ""
    while time.monotonic() < deadline:
        text = page.evaluate(READ_SCREEN) or ""
        if predicate(text):
            return text
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}; the browser shows:\n{text}\n"
                         f"--- lotsen serve said:\n{served.output()}")


def wait_until_settled(page) -> None:
    """Until the screen stops changing (workers fill in a screen after it appears)."""
    previous, deadline = None, time.monotonic() + 20
    while time.monotonic() < deadline:
        text = page.evaluate(READ_SCREEN)
        if text == previous:
            return
        previous = text
        time.sleep(1)


def signin_events(url: str) -> int:
    from db.audit import events
    from db.database import open_database

    database = open_database(url)
    try:
        return len(events(database, None, action="signin", initials="AL"))
    finally:
        database.close()


def test_sign_in_through_a_browser(served, demo_url):
    from playwright.sync_api import sync_playwright

    before = signin_events(demo_url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 640})
            page.set_default_timeout(SCREEN_TIMEOUT * 1000)
            page.add_init_script(CATCH_TERMINAL)
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(served.url, wait_until="domcontentloaded")
            wait_for_screen(page, served, lambda text: "Sign in to Lotsen" in text
                            and "Type your initials and press Enter." in text
                            and DESK in text, "the sign-in screen (English, at the desk)")
            # Focus the terminal as a person's first key press would: the app then focuses
            # the initials field (LotsenApp.on_app_focus; a browser tab starts unfocused).
            page.focus(".xterm-helper-textarea")
            page.keyboard.type("AL")
            page.keyboard.press("Enter")
            # The header and the screen below it can arrive in separate frames: wait for both.
            wait_for_screen(page, served, lambda text: "AL Anna Lindqvist" in text
                            and "not signed in" not in text and "Sign in to Lotsen" not in text,
                            "AL signed in, the sign-in screen gone")
            wait_until_settled(page)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
    assert signin_events(demo_url) == before + 1
    # Everything the page needs (the terminal's font too) comes from Lotsen's own server.
    elsewhere = [url for url in requested if not url.startswith(("http://127.0.0.1:",
                                                                  "ws://127.0.0.1:", "data:"))]
    assert requested and not elsewhere, elsewhere
    assert any("RobotoMono" in url for url in requested)
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
