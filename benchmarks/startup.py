"""Start-up benchmark: time to first paint of `lotsen demo` against a bare Textual app.

Each command runs in tmux at 80×24, alternately; "painted" means the pane shows at least 40
visible characters. Prints both medians and the median of the per-pair ratios (Lotsen / bare).

    python -m benchmarks.startup [RUNS]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


def first_paint(command: list[str], timeout: float = 30.0) -> float:
    session = f"lotsen-bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                    "sleep 3600"], check=True)
    try:
        subprocess.run(["tmux", "send-keys", "-t", session, "clear", "Enter"], check=True)
        time.sleep(0.3)
        line = subprocess.list2cmdline(command)
        started = time.perf_counter()
        subprocess.run(["tmux", "respawn-pane", "-k", "-t", session, line], check=True)
        while time.perf_counter() - started < timeout:
            pane = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                  capture_output=True, text=True).stdout
            if sum(1 for ch in pane if not ch.isspace()) >= 40:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise TimeoutError(line)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def measure(runs: int) -> dict[str, float]:
    if shutil.which("tmux") is None:
        raise SystemExit("the start-up benchmark needs tmux")
    bin_dir = Path(sys.executable).parent
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
    ratios = [a / b for a, b in zip(lotsen_times, bare_times)]
    return {"lotsen_s": statistics.median(lotsen_times), "bare_s": statistics.median(bare_times),
            "ratio": statistics.median(ratios)}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    result = measure(runs)
    print(f"first paint, median of {runs}: lotsen demo {result['lotsen_s']:.3f} s, "
          f"bare Textual app {result['bare_s']:.3f} s, ratio {result['ratio']:.2f}")


if __name__ == "__main__":
    main()
