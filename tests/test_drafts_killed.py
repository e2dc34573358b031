"""Drafts survive a killed terminal: Lotsen runs in a pseudo-terminal, a note is typed, the
process gets SIGKILL (as when an SSH connection drops), and the next start by the same
person brings the text back."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios
import threading
import time

import pytest

from db.incidents import load_draft
from db.staff import find_staff

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

F3 = "\x1bOR"
CTRL_S = "\x13"
TEXT = "Nyckeln till bokinkastet ligger i kassaskåpet"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


class Terminal:
    """Lotsen in a pseudo-terminal of 100×30; ``screen()`` is all it has printed (plain)."""

    def __init__(self, url: str, tmp_path) -> None:  # noqa: ANN001
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_")}
        env.update({"TERM": "xterm-256color", "XDG_DATA_HOME": str(tmp_path / "data"),
                    "LOTSEN_CONFIG": str(tmp_path / "no-config.toml"),
                    "LOTSEN_DESK": "Informationsdisken", "TEXTUAL_ANIMATIONS": "none"})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become Lotsen
            os.execvpe(sys.executable, [sys.executable, "-m", "tui", "--database", url], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self._out: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self._out.append(data.decode("utf-8", "replace"))

    def screen(self) -> str:
        return " ".join(_ESCAPES.sub("", "".join(self._out)).split())

    def wait_for(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared: …{self.screen()[-600:]}")
            time.sleep(0.1)

    def type(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            os.write(self.fd, key.encode())
            time.sleep(pause)

    def clear(self) -> None:
        self._out.clear()

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def test_a_note_typed_before_sigkill_comes_back(demo_url, demo_db, tmp_path):
    anna = find_staff(demo_db, "AL")
    first = Terminal(demo_url, tmp_path)
    try:
        first.wait_for("Initialer")
        first.type("A", "L", "\r")
        first.wait_for("Anna Lindqvist")
        first.type(F3)
        first.wait_for("Överlämning")
        first.type("n")
        first.wait_for("Ny överlämningsanteckning")
        first.type(*TEXT, pause=0.02)
        deadline = time.monotonic() + 20
        while (load_draft(demo_db, anna.id, "note") or {}).get("text") != TEXT:
            assert time.monotonic() < deadline, "the draft was never written"
            time.sleep(0.2)
    finally:
        first.kill()  # no clean exit: the connection is simply gone

    second = Terminal(demo_url, tmp_path)
    try:
        second.wait_for("Initialer")
        second.type("A", "L", "\r")
        second.wait_for("Anna Lindqvist")
        second.wait_for("utkast")  # told at sign-in that unsaved text is waiting
        second.type(F3)
        second.wait_for("Överlämning")
        second.clear()
        second.type("n")
        second.wait_for("Ny överlämningsanteckning")
        second.wait_for("till bokinkastet ligger i kass")  # the field may show start or end
        second.type(CTRL_S)
        deadline = time.monotonic() + 20
        while load_draft(demo_db, anna.id, "note") is not None:
            assert time.monotonic() < deadline, "the draft was not cleared after saving"
            time.sleep(0.2)
    finally:
        second.kill()
    from db.handover import notes_written_since

    assert [n.text for n in notes_written_since(demo_db, _branch(demo_db), None)] == [TEXT]


def _branch(database) -> int:  # noqa: ANN001
    from db.library import desk_context

    return desk_context(database, "Informationsdisken").branch_id


async def test_every_form_keeps_a_draft_but_never_a_pin(demo_url, demo_db):
    from tests.conftest import make_app, sign_in, wait_for, wait_ready
    from tui.screens.staff import StaffScreen
    from tui.screens.staff_form import StaffFormScreen

    manager = find_staff(demo_db, "MH")
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "MH", "1234")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffFormScreen))
        await pilot.press(*"LN", "tab", *"Lo Nilsson")
        pin = next(f for f in app.screen.query("Field") if f.secret)
        pin.value = "9876"
        await pilot.press("escape")
        await wait_for(pilot, lambda: load_draft(demo_db, manager.id, "staff") is not None)
        draft = load_draft(demo_db, manager.id, "staff")
        assert draft["name"] == "Lo Nilsson" and "9876" not in str(draft)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffFormScreen)
                       and app.screen.query_one("#name").value == "Lo Nilsson")
