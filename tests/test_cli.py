"""The ``lotsen`` command, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ON_POSTGRES, make_app


def lotsen(*args: str, env: dict[str, str] | None = None, tmp_path=None,
           timeout: float = 60) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_")}
    if tmp_path is not None:
        environment["XDG_DATA_HOME"] = str(tmp_path / "data")
        environment["LOTSEN_CONFIG"] = str(tmp_path / "no-config.toml")
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          env=environment, timeout=timeout, stdin=subprocess.DEVNULL)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lotsen: error:")
    for needle in needles:
        assert needle in lines[0]


def test_help_lists_the_commands(tmp_path):
    result = lotsen("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "db", "staff", "--database", "--log-startup"):
        assert command in result.stdout
    staff_help = lotsen("staff", "--help", tmp_path=tmp_path)
    for command in ("add", "list", "disable"):
        assert command in staff_help.stdout


@pytest.mark.parametrize("args", [
    ("--database", "not a url", "staff", "list"),
    ("--database", "not a url"),  # starting the app
    ("--database", "mysql://root@127.0.0.1/test", "staff", "list"),
    ("--database", "postgresql+psycopg://nobody@127.0.0.1:1/lotsen", "staff", "list"),
])
def test_bad_database_url_gives_one_line_and_exit_2(args, tmp_path):
    assert_one_line_error(lotsen(*args, tmp_path=tmp_path))


def test_bad_database_from_environment(tmp_path):
    result = lotsen("db", "upgrade", env={"LOTSEN_DATABASE_URL": "sqlite"}, tmp_path=tmp_path)
    assert_one_line_error(result, "not a database URL")


async def test_unreachable_server_in_the_app_exits_with_2():
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/lotsen")
    async with app.run_test() as pilot:
        for _ in range(200):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 2


def test_staff_add_list_disable(fresh_url, tmp_path):
    url = fresh_url()
    added = lotsen("--database", url, "staff", "add", "ek", "--name", "Eva Ek",
                   "--role", "socialworker", "--pin", "4321", tmp_path=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "EK" in added.stdout
    lotsen("--database", url, "staff", "add", "ob", "--name", "Olle Berg", tmp_path=tmp_path)
    listed = json.loads(lotsen("--database", url, "staff", "list", "--json",
                               tmp_path=tmp_path).stdout)
    assert [(r["initials"], r["role"], r["has_pin"], r["active"]) for r in listed] == [
        ("EK", "socialworker", True, True), ("OB", "desk", False, True)]
    assert all("pin_hash" not in r for r in listed)
    assert lotsen("--database", url, "staff", "disable", "ob", tmp_path=tmp_path).returncode == 0
    listed = json.loads(lotsen("--database", url, "staff", "list", "--json",
                               tmp_path=tmp_path).stdout)
    assert [r["active"] for r in listed] == [True, False]


@pytest.mark.parametrize("args,needle", [
    (("staff", "add", "ek", "--name", "Eva", "--role", "boss"), "role must be one of"),
    (("staff", "add", "e", "--name", "Eva"), "initials are 2–6"),
    (("staff", "add", "ek", "--name", "Eva", "--pin", "12"), "a PIN is 4–8 digits"),
    (("staff", "disable", "qq"), "no staff member has the initials QQ"),
])
def test_staff_bad_input_is_one_line(args, needle, fresh_url, tmp_path):
    assert_one_line_error(lotsen("--database", fresh_url(), *args, tmp_path=tmp_path), needle)


def test_demo_prepare_creates_the_demo_and_prints_its_url(tmp_path, fresh_url):
    if ON_POSTGRES:
        url = fresh_url()
        result = lotsen("--database", url, "demo", "--prepare", tmp_path=tmp_path)
        assert result.stdout.strip() == url
    else:
        result = lotsen("demo", "--prepare", tmp_path=tmp_path)
        url = result.stdout.strip()
        assert url.startswith("sqlite:///") and str(tmp_path / "data") in url
    assert result.returncode == 0, result.stderr
    staff = json.loads(lotsen("--database", url, "staff", "list", "--json",
                              tmp_path=tmp_path).stdout)
    assert {r["role"] for r in staff} == {"desk", "socialworker", "manager", "admin"}
    again = lotsen("--database", url, "demo", "--prepare", tmp_path=tmp_path)  # refresh: idempotent
    assert again.returncode == 0, again.stderr
    assert len(json.loads(lotsen("--database", url, "staff", "list", "--json",
                                 tmp_path=tmp_path).stdout)) == len(staff)


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path):
    result = lotsen("db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "lotsen" / "lotsen.sqlite").exists()
    from db.migrate import head_revision

    assert head_revision() in result.stdout


def test_no_animations_inside_an_ssh_session_unless_asked_for():
    from tui.cli import thin_client_defaults

    over_ssh = {"SSH_CONNECTION": "10.0.0.7 50022 10.0.0.1 22"}
    thin_client_defaults(over_ssh)
    assert over_ssh["TEXTUAL_ANIMATIONS"] == "none"
    chosen = {"SSH_CONNECTION": "10.0.0.7 50022 10.0.0.1 22", "TEXTUAL_ANIMATIONS": "basic"}
    thin_client_defaults(chosen)
    assert chosen["TEXTUAL_ANIMATIONS"] == "basic"
    local: dict[str, str] = {}
    thin_client_defaults(local)
    assert "TEXTUAL_ANIMATIONS" not in local
