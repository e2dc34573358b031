#!/usr/bin/env python3
"""Run Lotsen from a fresh clone with nothing but python3 (3.11 or newer).

    python3 run.py demo            Lotsen on the demo database (embedded SQLite)
    python3 run.py test [ARGS]     the whole test suite (ARGS go to pytest)
    python3 run.py lotsen ARGS     any lotsen command, e.g. `lotsen staff list`

The first run creates a virtual environment in .venv and installs Lotsen and its test tools
from pyproject.toml; later runs reuse it (and reinstall when pyproject.toml changes).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".lotsen-installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Lotsen needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if STAMP.exists() and STAMP.read_text() == _fingerprint() and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Setting up .venv (first run only)…", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    print("Installing Lotsen and its dependencies into .venv…", file=sys.stderr)
    quiet = [] if os.environ.get("CI") else ["--quiet"]
    subprocess.run([str(PYTHON), "-m", "pip", "install", *quiet, "--disable-pip-version-check",
                    "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "lotsen"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        ensure_environment()
    except subprocess.CalledProcessError as exc:
        print(f"run.py: installing failed ({exc}); see the messages above.", file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "test":
        args = [str(PYTHON), "-m", "pytest", *rest]
    elif command == "demo":
        args = [str(BIN / "lotsen"), "demo", *rest]
    else:
        args = [str(BIN / "lotsen"), *rest]
    os.execv(args[0], args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
