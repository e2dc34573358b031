"""Settings: built-in defaults, then the settings file, then environment variables.

The settings file is TOML at ``<user config dir>/lotsen/config.toml`` (or ``LOTSEN_CONFIG``)::

    database_url = "postgresql+psycopg://lotsen@db.example/lotsen"
    lang = "sv"
    desk = "Informationsdisken"
    idle_lock_minutes = 5
    theme = "ansi-dark"      # Textual theme; ansi-dark suits thin clients with 16 colours
    ban_identity_days = 30   # days an access ban's identity is kept after the case is over

Each key can be overridden by an environment variable ``LOTSEN_<KEY>`` (upper case), e.g.
``LOTSEN_DATABASE_URL``; the command line overrides both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "lotsen"
LANGUAGES = ("sv", "en")
DEFAULT_IDLE_LOCK_MINUTES = 5.0
DEFAULT_BAN_IDENTITY_DAYS = 30
MAX_BAN_IDENTITY_DAYS = 365


_URL_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def looks_like_url(url: str) -> bool:
    """A cheap first check (no SQLAlchemy import) that ``url`` has a scheme."""
    return bool(_URL_SHAPE.match(url or ""))


def url_shape_problem(url: str) -> str | None:
    if looks_like_url(url):
        return None
    return (f"not a database URL: {url!r} (expected e.g. sqlite:///path/lotsen.sqlite "
            "or postgresql+psycopg://user@host/dbname)")


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'lotsen.sqlite'}"


DEMO_DESK = "Informationsdisken"  # the desk `lotsen demo` opens at (see db.demo)


def demo_database_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.sqlite'}"


def config_file() -> Path:
    explicit = os.environ.get("LOTSEN_CONFIG")
    if explicit:
        return Path(explicit)
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    lang: str = "sv"
    desk: str | None = None
    idle_lock_minutes: float = DEFAULT_IDLE_LOCK_MINUTES
    theme: str = "textual-dark"
    ban_identity_days: int = DEFAULT_BAN_IDENTITY_DAYS
    source: dict[str, str] = field(default_factory=dict, compare=False)

    def with_overrides(self, **values: object) -> "Settings":
        """Return a copy with the given non-None values set (command-line options)."""
        given = {k: v for k, v in values.items() if v is not None}
        if not given:
            return self
        source = dict(self.source) | {k: "command line" for k in given}
        return replace(self, **given, source=source)


def _coerce(name: str, raw: object, origin: str) -> object:
    from db.errors import LotsenError

    if name == "idle_lock_minutes":
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise LotsenError(f"{origin}: idle_lock_minutes must be a number, not {raw!r}") from None
        if value < 0:
            raise LotsenError(f"{origin}: idle_lock_minutes cannot be negative")
        return value
    if name == "ban_identity_days":
        text = str(raw).strip()
        if text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
            raise LotsenError(f"{origin}: ban_identity_days cannot be negative")
        if isinstance(raw, bool) or not (text.isascii() and text.isdigit()):
            raise LotsenError(f"{origin}: ban_identity_days must be a whole number of days, "
                              f"not {raw!r}")
        days = int(text)
        if days > MAX_BAN_IDENTITY_DAYS:
            raise LotsenError(f"{origin}: ban_identity_days is at most "
                              f"{MAX_BAN_IDENTITY_DAYS}")
        return days
    if name == "lang":
        value = str(raw).strip().lower()[:2]
        if value not in LANGUAGES:
            raise LotsenError(f"{origin}: lang must be one of {', '.join(LANGUAGES)}, not {raw!r}")
        return value
    return str(raw)


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings file (if any) and the environment."""
    from db.errors import LotsenError

    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    source: dict[str, str] = {}
    names = [f.name for f in fields(Settings) if f.name != "source"]
    path = Path(env["LOTSEN_CONFIG"]) if "LOTSEN_CONFIG" in env else config_file()
    if path.is_file():
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LotsenError(f"cannot read settings file {path}: {exc}") from None
        for name in names:
            if name in data:
                values[name] = _coerce(name, data[name], str(path))
                source[name] = str(path)
    for name in names:
        key = f"LOTSEN_{name.upper()}"
        if env.get(key):
            values[name] = _coerce(name, env[key], key)
            source[name] = key
    return Settings(**values, source=source)  # type: ignore[arg-type]
