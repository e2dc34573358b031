"""``lotsen serve``: Lotsen in a web browser, through textual-serve.

textual-serve (an aiohttp server) hands the browser a page with a terminal (xterm.js). Every
tab that opens it connects a WebSocket, and textual-serve starts one Lotsen process for that
tab (``python -m tui`` under Textual's web driver), which ends when the tab closes or the
person quits. This module checks the command's options, passes the settings on to those
processes and runs the server.

The sessions get exactly the settings this command resolved (settings file, environment,
then ``--database``, ``--lang``, ``--desk``) as ``LOTSEN_*`` environment variables, which
come before the settings file; environment rather than command-line options keeps a
database password out of the process list. Animations are off (``TEXTUAL_ANIMATIONS=none``)
unless the environment says otherwise: every frame crosses the network.

textual-serve has no authentication: the server binds to loopback by default, and anything
else gets a warning that it must sit behind a reverse proxy that authenticates (README,
"Browser access (textual-serve)").
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import MutableMapping
from dataclasses import fields
from pathlib import Path

from db.errors import LotsenError
from db.settings import Settings, url_shape_problem

TITLE = "Lotsen"
# Lotsen's own page around the terminal: textual-serve's loads its font from Google's servers;
# ours takes the same font from this server, so a desk's browser contacts no third party.
PAGE_TEMPLATES = Path(__file__).with_name("web")
# Settings carried to each browser session (all but the bookkeeping of where they came from).
_PASSED_ON = tuple(f.name for f in fields(Settings) if f.name != "source")


def parse_port(text: str) -> int:
    """The TCP port in ``text`` (1–65535)."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 65535:
        raise LotsenError(f"--port must be a whole number from 1 to 65535, not {text!r}")
    return int(value)


def resolve(host: str, port: int) -> list[tuple]:
    """The socket addresses ``host`` stands for (what the server will bind to)."""
    if not host.strip():
        raise LotsenError("--host is empty; give an address such as 127.0.0.1 (loopback) "
                          "or 0.0.0.0 (every interface)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise LotsenError(f"--host {host!r} is not an address or name of this machine "
                          f"({reason})") from None
    return [(family, address) for family, _, _, _, address in infos]


def is_loopback(addresses: list[tuple]) -> bool:
    """True when every address is on loopback (127.0.0.0/8, ::1), unreachable from others."""
    def loopback(address: tuple) -> bool:
        try:
            return ipaddress.ip_address(address[0].split("%")[0]).is_loopback
        except ValueError:
            return False

    return bool(addresses) and all(loopback(address) for _, address in addresses)


def _bind_problem(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is already in use on {host}; choose another with --port"
    if error.errno == errno.EACCES:
        return f"no permission to listen on port {port} (ports below 1024 need root)"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host {host!r} is not an address of this machine"
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


def check_free(addresses: list[tuple], host: str, port: int) -> None:
    """Bind to each address once, as the server will, so a taken port is a clear message."""
    for family, address in addresses:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
        except OSError as exc:
            raise LotsenError(_bind_problem(exc, host, port)) from None


def public_url(host: str, port: int, given: str | None) -> str:
    """The address browsers use (textual-serve builds the page's WebSocket URL from it)."""
    if given is not None:
        url = given.strip().rstrip("/")
        if not url.startswith(("http://", "https://")) or len(url.split("://", 1)[1]) == 0:
            raise LotsenError(f"--public-url must start with http:// or https://, "
                              f"not {given!r}")
        return url
    name = f"[{host}]" if ":" in host else host
    return f"http://{name}:{port}"


def unprotected_warning(host: str) -> str:
    return (f"lotsen: warning: serving on {host}, which is not loopback. textual-serve has "
            "no authentication: anyone who reaches this port gets a Lotsen session. Put it "
            "behind a reverse proxy that authenticates (see the README), and give --public-url "
            "the address browsers use.")


def set_session_environment(settings: Settings, environ: MutableMapping[str, str]) -> None:
    """Make ``environ`` (which textual-serve copies for each session) carry the settings."""
    for name in _PASSED_ON:
        value = getattr(settings, name)
        key = f"LOTSEN_{name.upper()}"
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = str(value)
    environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def session_command() -> str:
    """The shell command textual-serve runs per session: this Python, this Lotsen (-P: not
    a ``tui`` folder that happens to be in the working directory)."""
    return f"exec {shlex.quote(sys.executable)} -P -m tui"


def check_settings(settings: Settings) -> None:
    """Refuse here what every session would refuse, and create or upgrade the database once."""
    problem = url_shape_problem(settings.database_url)
    if problem:
        raise LotsenError(problem)
    from textual.theme import BUILTIN_THEMES

    if settings.theme not in BUILTIN_THEMES:
        raise LotsenError(f"unknown theme {settings.theme!r}; choose one of "
                          f"{', '.join(BUILTIN_THEMES)}")
    from db.database import open_database

    open_database(settings.database_url).close()


def serve(settings: Settings, host: str, port_text: str, given_url: str | None = None) -> None:
    """Check everything, then serve Lotsen until Ctrl+C (or SIGTERM)."""
    port = parse_port(port_text)
    addresses = resolve(host, port)
    url = public_url(host, port, given_url)
    check_settings(settings)
    check_free(addresses, host, port)
    if not is_loopback(addresses):
        print(unprotected_warning(host), file=sys.stderr, flush=True)
    set_session_environment(settings, os.environ)
    from textual_serve.server import Server

    server = Server(session_command(), host=host, port=port, title=TITLE, public_url=url,
                    templates_path=PAGE_TEMPLATES)
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port after check_free
        raise LotsenError(_bind_problem(exc, host, port)) from None
