"""`lotsen directory import|export|find` as real processes, on the bundled demo directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import assert_one_line_error, lotsen

DATA = Path(__file__).with_name("data")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
PACKAGE = Path(__file__).resolve().parents[1] / "db" / "demo" / "exempelstad-hsds"


def test_every_sample_query_finds_an_expected_service_in_the_top_3(demo_url, tmp_path):
    queries = json.loads((DATA / "exempelstad-hsds-queries.json").read_text(encoding="utf-8"))
    misses = []
    for case in queries:
        args = ["--database", demo_url, "directory", "find", case["query"], "--limit", "3",
                "--json"]
        if case["open_at"]:
            args += ["--open-at", case["open_at"]]
        result = lotsen(*args, tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        hits = json.loads(result.stdout)
        assert all({"id", "name", "organization", "open", "score"} <= set(h) for h in hits)
        if not {h["id"] for h in hits} & set(case["expected"]):
            misses.append((case["query"], [h["name"] for h in hits]))
    hit_rate = 1 - len(misses) / len(queries)
    assert hit_rate >= 0.95, f"top-3 hit rate {hit_rate:.0%}; misses: {misses}"


def test_find_reports_open_status_at_the_time_asked(demo_url, tmp_path):
    result = lotsen("--database", demo_url, "directory", "find", "härbärge", "--open-at",
                    "2026-11-24T23:00", "--json", tmp_path=tmp_path)
    first = json.loads(result.stdout)[0]
    assert first["name"] == "Natthärbärget Fyren" and first["open"] is True
    result = lotsen("--database", demo_url, "directory", "find", "härbärge", "--open-at",
                    "2026-11-24T12:00", "--json", tmp_path=tmp_path)
    hits = {h["name"]: h for h in json.loads(result.stdout)}
    assert hits["Natthärbärget Fyren"]["open"] is False  # 20:30–08:30: closed at noon


def test_find_with_a_bad_time_is_one_line(demo_url, tmp_path):
    assert_one_line_error(lotsen("--database", demo_url, "directory", "find", "mat",
                                 "--open-at", "ikväll", tmp_path=tmp_path), "--open-at")


def test_import_export_round_trip_through_the_cli(fresh_url, tmp_path):
    first, second = fresh_url(), fresh_url()
    imported = lotsen("--database", first, "directory", "import", str(PACKAGE),
                      tmp_path=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "26 service" in imported.stdout
    out = tmp_path / "export"
    exported = lotsen("--database", first, "directory", "export", str(out), tmp_path=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (out / "datapackage.json").exists()
    again = lotsen("--database", second, "directory", "import", str(out), tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr
    find = [json.loads(lotsen("--database", url, "directory", "find", "mat", "--json",
                              "--open-at", "2026-11-24T12:00", tmp_path=tmp_path).stdout)
            for url in (first, second)]
    assert [h["id"] for h in find[0]] == [h["id"] for h in find[1]]


def test_dangling_references_are_refused_then_imported_leniently(fresh_url, tmp_path):
    example = SHARED / "openreferral-3.0-examples" / "csv"
    if not example.exists():
        pytest.skip(f"{example} is absent (the shared fixtures are not beside the repo)")
    url = fresh_url()
    before = lotsen("--database", url, "directory", "export", str(tmp_path / "before"),
                    tmp_path=tmp_path)
    assert before.returncode == 0
    refused = lotsen("--database", url, "directory", "import", str(example), tmp_path=tmp_path)
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    problems = [line for line in refused.stderr.splitlines() if ".csv" in line]
    assert len(problems) >= 4, refused.stderr
    assert "the database is unchanged" in refused.stderr
    lotsen("--database", url, "directory", "export", str(tmp_path / "after"), tmp_path=tmp_path)
    for csv_file in (tmp_path / "before").glob("*.csv"):
        assert csv_file.read_text() == (tmp_path / "after" / csv_file.name).read_text()
    lenient = lotsen("--database", url, "directory", "import", str(example), "--lenient",
                     tmp_path=tmp_path)
    assert lenient.returncode == 0, lenient.stderr
    assert "imported:" in lenient.stdout and "skipped" in lenient.stderr
