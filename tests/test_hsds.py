"""Import and export of the help-service directory as Open Referral HSDS 3.0."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, time
from pathlib import Path

import pytest
from sqlmodel import func, select

from db.database import open_database
from db.hsds import (
    HOLIDAY_NOTE,
    TABLES,
    datapackage_descriptor,
    export_package,
    import_path,
    says_closed_on_holidays,
)
from db.models_directory import (
    Attribute,
    Language,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

REPO = Path(__file__).resolve().parents[1]
EXEMPELSTAD = REPO / "db" / "demo" / "exempelstad-hsds"
# The official Open Referral examples and schema stay outside the repo (CC BY-SA 4.0).
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
OFFICIAL = FIXTURES / "openreferral-3.0-examples"
needs_official = pytest.mark.skipif(not OFFICIAL.is_dir(),
                                    reason=f"official HSDS examples not found in {OFFICIAL}")
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"  # in every official example


@pytest.fixture
def db(empty_url):
    database = open_database(empty_url)
    yield database
    database.close()


@pytest.fixture
def other_db(fresh_url):
    database = open_database(fresh_url())
    yield database
    database.close()


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def table_counts(database) -> dict[str, int]:
    with database.read() as session:
        return {t.name: session.exec(select(func.count()).select_from(t.model)).one()
                for t in TABLES}


def snapshot(database) -> dict[str, dict[str, dict[str, object]]]:
    """Every row of every HSDS table, with Lotsen's holiday flag and source."""
    extra = {"schedule": ("closed_on_holidays",), "service": ("source",)}
    result = {}
    with database.read() as session:
        for table in TABLES:
            columns = [c for c in table.names if table.stored(c) is not None]
            columns += extra.get(table.name, ())
            result[table.name] = {obj.id: {c: getattr(obj, c) for c in columns}
                                  for obj in session.exec(select(table.model))}
    return result


def copy_package(tmp_path: Path) -> Path:
    target = tmp_path / "package"
    shutil.copytree(EXEMPELSTAD, target)
    for file in target.iterdir():
        file.chmod(0o644)
    return target


def where(problems) -> set[tuple[str, int | None, str | None]]:
    return {(p.file, p.row, p.field) for p in problems}


# --- The Exempelstad package ----------------------------------------------------------------

def test_exempelstad_imports_every_row(db):
    before = table_counts(db)
    report = import_path(db, EXEMPELSTAD)
    assert report.problems == [] and not report.refused
    expected = {t.name: len(csv_rows(EXEMPELSTAD / t.path)) for t in TABLES}
    assert report.counts == expected
    assert report.counts["service"] == 26 and report.counts["schedule"] == 27
    after = table_counts(db)
    assert {k: after[k] - before[k] for k in after} == expected
    with db.read() as session:
        service = session.get(Service, "5def5f25-0667-55c4-83f0-7d393246815f")
        assert service.name == "Socialjour Exempelstad"
        assert service.source == "local" and service.assured_date == date(2026, 10, 1)
        night = session.get(Schedule, "28c88fb1-2f82-5cb3-bc25-7254c4f5e1ae")
        assert (night.opens_at, night.closes_at, night.byday) == (
            time(17), time(8), "MO,TU,WE,TH,FR")


def test_import_needs_no_datapackage_json(db, tmp_path):
    package = copy_package(tmp_path)
    (package / "datapackage.json").unlink(missing_ok=True)
    (package / "contacts.csv").unlink()  # optional tables may be missing
    report = import_path(db, package)
    assert not report.refused and report.counts["service"] == 26


# --- The official examples ------------------------------------------------------------------

@needs_official
@pytest.mark.parametrize("name", ["service_full", "service_list", "organization_full",
                                  "service_at_location_full", "service_at_location_list"])
def test_official_json_examples_import(db, name):
    report = import_path(db, OFFICIAL / f"{name}.json")
    assert report.problems == [] and not report.refused
    assert report.counts["service"] == 1 and report.counts["organization"] == 1
    with db.read() as session:
        service = session.get(Service, SERVICE_ID)
        assert service.name == "Community Counselling" and service.minimum_age == 12
        assert service.organization_id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
        if name.endswith("_full"):
            assert session.get(ServiceAtLocation, "e94c9f38-1e8f-4564-91d4-d53501ab1765")


@needs_official
def test_nested_json_fills_in_the_parent_ids(db):
    import_path(db, OFFICIAL / "service_full.json")
    with db.read() as session:
        # The same phone is nested under the service, its location, contact and
        # service-at-location: one row that links to all of them.
        phone = session.get(Phone, "1554f2e2-a373-45db-a3fa-9fc48a61c15e")
        assert phone.service_id == SERVICE_ID
        assert phone.location_id == "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
        assert phone.contact_id == "1e7efce3-639b-4880-940c-b95cd30cdb50"
        assert phone.service_at_location_id == "e94c9f38-1e8f-4564-91d4-d53501ab1765"
        assert phone.extension == "100"
        language = session.get(Language, "2989d3ed-c547-48f8-8f9d-432d81c7892e")
        assert (language.service_id, language.phone_id) == (SERVICE_ID, phone.id)
        attribute = session.get(Attribute, "ae58cc39-8b70-4ab1-8aea-786882e5ac8e")
        assert attribute.link_id == SERVICE_ID
        term = session.get(TaxonomyTerm, attribute.taxonomy_term_id)
        assert term.taxonomy_id == "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
        schedule = session.get(Schedule, "48102e86-bb50-41c4-8f1e-e269368c41d1")
        assert schedule.closed_on_holidays  # "not available on public holidays"
        assert schedule.timezone == "3" and schedule.opens_at == time(10)


DANGLING = {
    ("locations.csv", 1, "organization_id"),
    ("contacts.csv", 1, "organization_id"),
    ("contacts.csv", 1, "service_at_location_id"),
    ("taxonomy_terms.csv", 1, "taxonomy_id"),
}


@needs_official
def test_official_csv_is_refused_for_its_four_dangling_keys(db):
    before = snapshot(db)
    report = import_path(db, OFFICIAL / "csv")
    assert report.refused
    assert where(report.problems) == DANGLING
    assert all("neither in the import nor in the database" in p.message
               for p in report.problems)
    assert set(report.counts.values()) == {0}
    assert snapshot(db) == before


@needs_official
def test_official_csv_imports_leniently_without_the_dangling_rows(db):
    report = import_path(db, OFFICIAL / "csv", lenient=True)
    assert not report.refused
    assert DANGLING <= where(report.problems)
    # Rows that refer to a skipped row are skipped too, and say so.
    skipped = {p.file for p in report.problems if "which was skipped" in p.message}
    assert skipped == {"addresses.csv", "attributes.csv", "languages.csv", "phones.csv",
                       "schedules.csv", "service_at_location.csv"}
    assert {k: v for k, v in report.counts.items() if v} == {
        "organization": 1, "service": 1, "taxonomy": 1, "required_document": 1,
        "cost_option": 1}
    with db.read() as session:
        assert session.get(Service, SERVICE_ID).name == "Community Counselling"
        assert session.get(Phone, "1554f2e2-a373-45db-a3fa-9fc48a61c15e") is None


# --- Export and round trip ------------------------------------------------------------------

def test_export_is_a_valid_tabular_package(db, tmp_path):
    import frictionless
    import_path(db, EXEMPELSTAD)
    counts = export_package(db, tmp_path / "out")
    assert counts["service"] >= 26
    report = frictionless.validate(str(tmp_path / "out" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    with (tmp_path / "out" / "services.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[:4] == ["id", "organization_id", "program_id", "name"]


@pytest.mark.skipif(not (FIXTURES / "hsds-3.0-datapackage.json").is_file(),
                    reason="official HSDS schema not found")
def test_export_descriptor_matches_the_official_schema():
    official = json.loads((FIXTURES / "hsds-3.0-datapackage.json").read_text(encoding="utf-8"))
    theirs = {r["name"]: r for r in official["resources"]}
    for ours in datapackage_descriptor()["resources"]:
        their = theirs[ours["name"]]
        assert ours["path"] == their["path"]
        fields = [(f["name"], f["type"]) for f in ours["schema"]["fields"]]
        assert fields == [(f["name"], f["type"]) for f in their["schema"]["fields"]]
        assert ours["schema"]["primaryKey"] == their["schema"]["primaryKey"]
        their_keys = their["schema"].get("foreignKeys", [])
        held = {r["name"] for r in datapackage_descriptor()["resources"]}
        assert sorted(k["fields"] for k in ours["schema"]["foreignKeys"]) == sorted(
            k["fields"] for k in their_keys if k["reference"]["resource"] in held)
        for mine, other in zip(ours["schema"]["fields"], their["schema"]["fields"], strict=True):
            assert mine["constraints"].get("enum") == other["constraints"].get("enum")


def test_round_trip_keeps_everything(db, other_db, tmp_path):
    import_path(db, EXEMPELSTAD)
    with db.write() as session:  # a Lotsen-only flag that must survive via the notes
        schedule = session.get(Schedule, "761ca4fe-ec33-596c-b85f-46250ae27ac6")
        schedule.closed_on_holidays = True
        session.add(schedule)
    export_package(db, tmp_path / "out")
    with (tmp_path / "out" / "schedules.csv").open(encoding="utf-8") as handle:
        notes = {r["id"]: r["notes"] for r in csv.DictReader(handle)}
    assert notes["761ca4fe-ec33-596c-b85f-46250ae27ac6"] == HOLIDAY_NOTE
    report = import_path(other_db, tmp_path / "out")
    assert report.problems == [] and not report.refused
    assert snapshot(other_db) == snapshot(db)
    with other_db.read() as session:
        schedule = session.get(Schedule, "761ca4fe-ec33-596c-b85f-46250ae27ac6")
        assert schedule.closed_on_holidays and schedule.notes is None


@needs_official
def test_round_trip_of_the_official_example(db, other_db, tmp_path):
    import frictionless
    import_path(db, OFFICIAL / "service_full.json")
    export_package(db, tmp_path / "out")
    assert frictionless.validate(str(tmp_path / "out" / "datapackage.json")).valid
    report = import_path(other_db, tmp_path / "out")
    assert report.problems == []
    assert snapshot(other_db) == snapshot(db)


# --- Importing again ------------------------------------------------------------------------

def test_reimport_updates_by_id_and_replaces_a_services_phones(db, tmp_path):
    import_path(db, EXEMPELSTAD)
    before = table_counts(db)
    package = copy_package(tmp_path)
    services = csv_rows(package / "services.csv")
    services[0]["name"] = "Socialjouren (nytt namn)"
    write_csv(package / "services.csv", services)
    phones = csv_rows(package / "phones.csv")
    dropped = next(p for p in phones if p["service_id"] == services[0]["id"])
    write_csv(package / "phones.csv", [p for p in phones if p is not dropped])

    report = import_path(db, package)
    assert report.problems == [] and not report.refused
    after = table_counts(db)
    assert after["service"] == before["service"]
    assert after["phone"] == before["phone"] - 1
    with db.read() as session:
        assert session.get(Service, services[0]["id"]).name == "Socialjouren (nytt namn)"
        assert session.get(Phone, dropped["id"]) is None
        assert len(session.exec(select(Service).where(
            Service.name == "Socialjouren (nytt namn)")).all()) == 1


def test_a_skipped_row_keeps_its_old_version(db, tmp_path):
    import_path(db, EXEMPELSTAD)
    package = copy_package(tmp_path)
    phones = csv_rows(package / "phones.csv")
    phones[0]["number"] = ""
    write_csv(package / "phones.csv", phones)
    report = import_path(db, package, lenient=True)
    assert where(report.problems) == {("phones.csv", 1, "number")}
    assert report.counts["phone"] == len(phones) - 1
    with db.read() as session:
        assert session.get(Phone, phones[0]["id"]).number == "010-100 00 01"


@needs_official
def test_a_short_service_list_does_not_wipe_phones(db):
    import_path(db, OFFICIAL / "service_full.json")
    before = table_counts(db)
    report = import_path(db, OFFICIAL / "service_list.json")
    assert not report.refused
    assert table_counts(db) == before


def test_national_services_stay_national(db, tmp_path):
    with db.read() as session:
        national = session.exec(select(Service).where(Service.source == "national")).first()
    if national is None:
        pytest.skip("this database has no bundled national lines")
    document = {"id": national.id, "name": "Renamed line", "status": "active",
                "organization_id": national.organization_id}
    (tmp_path / "one.json").write_text(json.dumps(document), encoding="utf-8")
    report = import_path(db, tmp_path / "one.json")
    assert report.problems == []
    with db.read() as session:
        service = session.get(Service, national.id)
        assert (service.name, service.source) == ("Renamed line", "national")


# --- Bad input ------------------------------------------------------------------------------

def test_bad_values_refuse_the_import_with_clear_problems(db, tmp_path):
    package = copy_package(tmp_path)
    services = csv_rows(package / "services.csv")
    services[0]["assured_date"] = "1 oktober 2026"
    services[1]["name"] = "x" * 10_000
    services[2]["description"] = "ring\x07 oss"
    services[3]["minimum_age"] = "tolv"
    write_csv(package / "services.csv", services)
    before = snapshot(db)

    report = import_path(db, package)
    assert report.refused
    assert where(report.problems) == {
        ("services.csv", 1, "assured_date"), ("services.csv", 2, "name"),
        ("services.csv", 3, "description"), ("services.csv", 4, "minimum_age"),
    }
    messages = [p.message for p in report.problems]
    assert "'1 oktober 2026' is not a date (YYYY-MM-DD)" in messages
    assert "is too long: 10000 characters, at most 300" in messages
    assert "contains a control character (U+0007)" in messages
    assert "'tolv' is not a number" in messages
    assert snapshot(db) == before

    lenient = import_path(db, package, lenient=True)
    assert not lenient.refused and lenient.counts["service"] == 22
    with db.read() as session:
        assert session.get(Service, services[0]["id"]) is None
        assert session.get(Service, services[4]["id"]) is not None


@pytest.mark.parametrize("text,field,message", [
    ('{"id": "s1", "name": "A\\u0000B", "status": "active", "organization_id": "o"}',
     "name", "contains a control character (U+0000)"),
    ('{"id": "s1", "name": "\\ud800", "status": "active", "organization_id": "o"}',
     "name", "contains an invalid character (U+D800)"),
    ('{"id": "s1", "name": ["A"], "status": "active", "organization_id": "o"}',
     "name", "must be text"),
    ('{"id": "s1", "name": "A", "status": "open", "organization_id": "o"}',
     "status", "'open' is not one of: active, inactive, defunct, temporarily closed"),
    (('{"id": "s1", "name": "A", "status": "active", "organization_id": "o",'
     ' "minimum_age": 12.5}'), "minimum_age", "12.5 is not a whole number"),
    (('{"id": "s1", "name": "A", "status": "active", "organization_id": "o",'
     ' "maximum_age": 1e300}'), "maximum_age", "1e+300 is out of range"),
    ('{"id": "s1", "status": "active", "organization_id": "o"}', "name", "is required"),
    (('{"id": "s1", "name": "A", "status": "active", "organization_id": "o",'
     ' "schedules": [{"id": "x", "opens_at": "9"}]}'), "opens_at",
     "'9' is not a time (HH:MM or HH:MM:SS)"),
])
def test_bad_json_values_give_problems(db, tmp_path, text, field, message):
    file = tmp_path / "bad.json"
    file.write_text(text, encoding="utf-8")
    before = snapshot(db)
    report = import_path(db, file)
    assert report.refused
    assert (field, message) in {(p.field, p.message) for p in report.problems}
    assert snapshot(db) == before


def test_json_problems_say_where_in_the_file(db, tmp_path):
    file = tmp_path / "one.json"
    file.write_text(json.dumps({"contents": [{
        "id": "s1", "name": "Läxhjälp", "status": "active",
        "organization": {"id": "o1", "name": "Kommunen"},
        "phones": [{"id": "p1", "number": "010-1"}, {"id": "p2", "extension": "tio"}],
    }]}), encoding="utf-8")
    report = import_path(db, file)
    assert where(report.problems) == {
        ("one.json#/contents/0/phones/1", None, "number"),
        ("one.json#/contents/0/phones/1", None, "extension"),
    }


@pytest.mark.parametrize("content", [
    b"{not json", b"\xff\xfe garbage", b"[" * 100_000 + b"]" * 100_000, b"42",
    b'{"services": "none"}', b'[{"neither": "service nor organization"}]',
])
def test_unreadable_json_gives_a_problem_not_a_traceback(db, tmp_path, content):
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    report = import_path(db, file)
    assert report.refused and report.problems


def test_a_broken_csv_gives_problems(db, tmp_path):
    package = tmp_path / "package"
    package.mkdir()
    (package / "organizations.csv").write_text("id,name\no1,Org\no1,Again\no2\n",
                                               encoding="utf-8")
    (package / "services.csv").write_text("id,organization_id\ns1,o1\n", encoding="utf-8")
    (package / "phones.csv").write_bytes(b"id,number\n\xff\n")
    report = import_path(db, package)
    assert report.refused
    assert where(report.problems) == {
        ("organizations.csv", 2, "id"), ("organizations.csv", 3, None),
        ("services.csv", None, "name"), ("phones.csv", None, None),
    }


def test_a_path_that_is_not_hsds_is_refused(db, tmp_path):
    assert import_path(db, tmp_path / "missing").refused
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert import_path(db, tmp_path / "notes.txt").refused
    assert import_path(db, tmp_path).refused  # a folder without HSDS tables


@pytest.mark.parametrize("text,closed", [
    ("Stängt helgdagar.", True), ("stängt på helgdagar", True), ("Röda dagar: stängt", True),
    ("Closed on public holidays", True), ("The service is not available on public holidays.",
                                          True),
    ("Öppet alla dagar", False), ("Open on holidays", False), (None, False),
])
def test_closed_on_holidays_is_read_from_the_text(text, closed):
    assert says_closed_on_holidays(text) is closed


def test_a_reference_to_a_row_already_in_the_database_is_fine(db, tmp_path):
    """Strict mode refers to the database too: a service may name an existing organization."""
    with db.write() as session:
        session.add(Organization(id="org-1", name="Kommunen"))
    file = tmp_path / "one.json"
    file.write_text(json.dumps([{"id": "s-1", "name": "Läxhjälp", "status": "active",
                                 "organization_id": "org-1"}]), encoding="utf-8")
    report = import_path(db, file)
    assert report.problems == [] and report.counts["service"] == 1
