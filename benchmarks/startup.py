"""Start-up benchmark: time to first paint of `lotsen demo` against a bare Textual app.

Each command runs in tmux at 80×24, alternately; "painted" means the pane shows at least 40
visible characters. Prints both medians and the median of the per-pair ratios (Lotsen / bare),
then how long Lotsen takes until a search can run (database open, directory index built),
from its own `--log-startup` report.

Lotsen's modules are compiled to bytecode first, as `pip install` does for an installed
package (an editable checkout under PYTHONDONTWRITEBYTECODE would otherwise compile them
on every start, which Textual, installed from a wheel, never pays).

    python -m benchmarks.startup [RUNS]
"""

from __future__ import annotations

import compileall
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


SOCKET = f"lotsen-bench-{uuid.uuid4().hex[:8]}"  # a tmux server of our own


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=check, capture_output=True,
                          text=True)


def first_paint(command: list[str], timeout: float = 30.0) -> float:
    """Seconds from starting ``command`` in an 80×24 tmux pane to a painted screen."""
    session = f"run-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "sleep 3600")
    try:
        time.sleep(0.2)
        line = subprocess.list2cmdline(command)
        started = time.perf_counter()
        tmux("respawn-pane", "-k", "-t", session, line)
        while time.perf_counter() - started < timeout:
            pane = tmux("capture-pane", "-p", "-t", session, check=False).stdout
            if sum(1 for ch in pane if not ch.isspace()) >= 40:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise TimeoutError(line)
    finally:
        tmux("kill-session", "-t", session, check=False)


def measure(runs: int) -> dict[str, float]:
    if shutil.which("tmux") is None:
        raise SystemExit("the start-up benchmark needs tmux")
    bin_dir = Path(sys.executable).parent
    # A keeper session holds the server up between runs (a server that exits as the last
    # session closes can refuse the next one).
    tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "sleep 36000")
    try:
        return _measure(runs, bin_dir)
    finally:
        tmux("kill-server", check=False)


def ready_time(lotsen: list[str], log: Path, timeout: float = 30.0) -> float:
    """Seconds from start until Lotsen could run a search, from its --log-startup report."""
    session = f"ready-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "sleep 3600")
    try:
        line = subprocess.list2cmdline([*lotsen, "--log-startup"]) + f" 2>{log}"
        tmux("respawn-pane", "-k", "-t", session, line)
        time.sleep(5)  # long enough for the database and the directory index
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"search ready (\d+) ms", log.read_text() if log.exists() else "")
            if found:
                return int(found.group(1)) / 1000
            time.sleep(0.1)
        raise TimeoutError(f"no start-up report in {log}")
    finally:
        tmux("kill-session", "-t", session, check=False)


def _measure(runs: int, bin_dir: Path) -> dict[str, float]:
    root = Path(__file__).resolve().parent.parent
    for package in ("tui", "db"):
        compileall.compile_dir(root / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.sqlite"
        lotsen = [str(bin_dir / "lotsen"), "--database", url, "demo"]
        subprocess.run([*lotsen, "--prepare"], check=True, capture_output=True)
        bare = [sys.executable, "-m", "benchmarks.bare_app"]
        first_paint(lotsen), first_paint(bare)  # warm the file cache
        lotsen_times, bare_times = [], []
        for _ in range(runs):
            lotsen_times.append(first_paint(lotsen))
            bare_times.append(first_paint(bare))
        ready = ready_time(lotsen, Path(tmp) / "startup.log")
    ratios = [a / b for a, b in zip(lotsen_times, bare_times)]
    return {"lotsen_s": statistics.median(lotsen_times), "bare_s": statistics.median(bare_times),
            "ratio": statistics.median(ratios), "ready_s": ready}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    result = measure(runs)
    print(f"first paint, median of {runs}: lotsen demo {result['lotsen_s']:.3f} s, "
          f"bare Textual app {result['bare_s']:.3f} s, ratio {result['ratio']:.2f} "
          f"(goal ≤ 1.15); ready to search after {result['ready_s']:.2f} s")


if __name__ == "__main__":
    main()
