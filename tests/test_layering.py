"""The data layer never pulls in the UI toolkit (as in Harlequin's own test)."""

from __future__ import annotations

import subprocess
import sys


def test_db_imports_without_textual_or_rich():
    code = (
        "import sys, pkgutil, importlib, db\n"
        "for m in pkgutil.walk_packages(db.__path__, 'db.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_app_module_does_not_import_sqlalchemy():
    """The first screen paints before SQLAlchemy is loaded (it is imported in a worker), and
    starting the app does not wait for Typer either (only the other commands use it)."""
    code = ("import sys, tui.app, tui.cli, tui.screens.signin\n"
            "heavy = ('sqlalchemy', 'sqlmodel', 'alembic', 'typer', 'tomllib', "
            "'db.records')\n"
            "print(','.join(n for n in heavy if n in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
