"""`lotsen report` as a real process: CSV (long form) and XLSX (one sheet per table) with the
numbers of known incidents; bad input is one line on stderr and exit code 2."""

from __future__ import annotations

import csv
import os

import pytest

from tests.test_cli import assert_one_line_error, lotsen
from tests.test_incident_stats import seed

PERIOD = ("--from", "2026-10-25", "--to", "2026-11-22")


@pytest.fixture
def seeded_url(demo_db, demo_url):
    seed(demo_db)
    return demo_url


def read_csv(path) -> list[list[str]]:  # noqa: ANN001
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_in_swedish_for_one_branch(seeded_url, tmp_path):
    target = tmp_path / "rapport.csv"
    result = lotsen("--database", seeded_url, "report", *PERIOD, "--format", "csv",
                    "--output", str(target), "--branch", "stadsbiblioteket", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "8 incidents" in result.stdout
    rows = read_csv(target)
    assert rows[0] == ["avsnitt", "nyckel", "antal"]
    values = {(section, key): value for section, key, value in rows[1:]}
    assert values[("Sammanfattning", "Från och med")] == "2026-10-25"
    assert values[("Sammanfattning", "Till och med")] == "2026-11-22"
    assert values[("Sammanfattning", "Filial")] == "Stadsbiblioteket"
    assert values[("Sammanfattning", "Händelser")] == "8"
    assert values[("Per typ", "Hot")] == "3"
    assert values[("Per typ", "Person kvar på toaletten")] == "3"
    assert values[("Per typ", "Våld")] == "0"
    assert values[("Per kategori", "Besökare")] == "3"
    assert values[("Per kategori", "Risk")] == "3"
    assert values[("Per plats", "Toaletter")] == "4"
    assert values[("Veckodag och timme", "sön 02")] == "2"  # the DST change
    assert values[("Veckodag och timme", "mån 18")] == "2"
    assert values[("Veckodag och timme", "tis 12")] == "0"  # the other branch's
    assert values[("Per vecka", "2026-W44 (2026-10-26)")] == "0"
    assert values[("Per vecka", "2026-W45 (2026-11-02)")] == "4"
    assert sum(1 for row in rows if row[0] == "Veckodag och timme") == 7 * 24
    assert sum(int(row[2]) for row in rows if row[0] == "Per typ") == 8


def test_xlsx_in_english_for_every_branch(seeded_url, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "report.xlsx"
    result = lotsen("--database", seeded_url, "report", *PERIOD, "--format", "xlsx",
                    "--output", str(target), "--lang", "en", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["Summary", "By type", "By category", "By zone",
                               "Weekday and hour", "By week", "Referrals by need",
                               "Referrals by service"]

    def table(name: str) -> list[tuple]:
        return [row for row in book[name].iter_rows(values_only=True) if any(row)]

    summary = {row[0]: row[1] for row in table("Summary")[1:]}
    assert summary["From"] == "2026-10-25" and summary["To (inclusive)"] == "2026-11-22"
    assert summary["Branch"] == "All branches" and summary["Incidents"] == 9
    by_type = {row[0]: (row[1], row[2]) for row in table("By type")[1:]}
    assert by_type["Threat"] == ("Visitors", 3) and by_type["Violence"] == ("Visitors", 1)
    assert dict(table("By category")[1:]) == {"Visitors": 4, "Property": 1, "Accidents": 1,
                                              "Risks": 3}
    assert dict(table("By zone")[1:])["Entrance"] == 4
    heat = table("Weekday and hour")
    assert heat[0][:3] == ("Weekday", "00", "01") and heat[0][-1] == "Total"
    tuesday = heat[2]
    assert tuesday[0] == "Tue" and tuesday[1 + 12] == 1 and tuesday[1 + 23] == 1
    assert tuesday[-1] == 2
    assert [row[2] for row in table("By week")[1:]] == [3, 0, 5, 0, 1]
    assert len(table("Referrals by need")) == 1  # only the headings: no referrals


def test_format_from_the_file_name(seeded_url, tmp_path):
    target = tmp_path / "r.CSV"
    result = lotsen("--database", seeded_url, "report", *PERIOD, "--output", str(target),
                    tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert read_csv(target)[0] == ["avsnitt", "nyckel", "antal"]


@pytest.mark.parametrize(("args", "needle"), [
    (("--from", "2026-13-01", "--to", "2026-12-31"), "--from must be a date"),
    (("--from", "2026-01-01", "--to", "igår"), "--to must be a date"),
    (("--from", "2026-12-01", "--to", "2026-11-01"), "is after --to"),
    (PERIOD + ("--format", "pdf"), "--format must be csv or xlsx"),
    (PERIOD + ("--branch", "Centrum"), "no branch is called Centrum"),
    (PERIOD + ("--lang", "de"), "--lang must be"),
])
def test_bad_input_is_one_line(seeded_url, tmp_path, args, needle):
    target = tmp_path / "out.csv"
    assert_one_line_error(lotsen("--database", seeded_url, "report", *args, "--output",
                                 str(target), tmp_path=tmp_path), needle)
    assert not target.exists()


def test_unwritable_paths_are_refused(seeded_url, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "r.xlsx"
    assert_one_line_error(lotsen("--database", seeded_url, "report", *PERIOD, "--output",
                                 str(missing), tmp_path=tmp_path), "does not exist")
    assert_one_line_error(lotsen("--database", seeded_url, "report", *PERIOD, "--format",
                                 "csv", "--output", str(tmp_path), tmp_path=tmp_path),
                          "is a folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # (root may write anywhere)
            assert_one_line_error(lotsen("--database", seeded_url, "report", *PERIOD,
                                         "--output", str(locked / "r.csv"),
                                         tmp_path=tmp_path), "cannot write")
    finally:
        locked.chmod(0o700)


def test_writers_refuse_an_unknown_language(setup_stats, tmp_path):
    from db.errors import ValidationError
    from db.report import write_csv

    with pytest.raises(ValidationError, match="sv or en"):
        write_csv(setup_stats, tmp_path / "x.csv", "de")
    assert not (tmp_path / "x.csv").exists()


@pytest.fixture
def setup_stats(demo_db):
    from datetime import date

    from db.incident_stats import statistics

    seed(demo_db)
    return statistics(demo_db, date(2026, 10, 25), date(2026, 11, 22))
