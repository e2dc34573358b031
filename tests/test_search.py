"""The directory search: folding, compounds, typos, time words, ranking, and the fictional
Exempelstad directory (HSDS CSVs) with the queries desk staff type."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import pytest

from db import thesaurus as th
from db.clock import LOCAL_TZ
from db.records import OpenStatus, ServiceDoc, WeeklyHours
from db.search import DirectoryIndex, SearchResult, concepts_for_word, parse_time
from db.textmatch import (
    Vocabulary,
    compound_part,
    damerau_levenshtein,
    fold,
    is_fuzzy_match,
    stems,
    tokenize,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def _first_existing(*paths: Path) -> Path:
    for path in paths:
        if path.exists():
            return path
    return paths[-1]


DIRECTORY = _first_existing(REPO / "db" / "demo" / "exempelstad-hsds",
                            SHARED / "exempelstad-hsds")
QUERIES = _first_existing(REPO / "tests" / "data" / "exempelstad-hsds-queries.json",
                          SHARED / "exempelstad-hsds-queries.json")

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=LOCAL_TZ)  # a Tuesday


# --- a small HSDS CSV loader (the real import lives elsewhere) ------------------------------

_BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _time(value: str) -> time:
    parts = [int(p) for p in value.split(":")]
    return time(*parts)


def _int(value: str | None) -> int | None:
    return int(float(value)) if value else None


def load_directory(folder: Path) -> list[ServiceDoc]:
    orgs = {r["id"]: r for r in _rows(folder, "organizations")}
    terms = {r["id"]: r for r in _rows(folder, "taxonomy_terms")}
    taxonomy: dict[str, list[str]] = {}
    for r in _rows(folder, "attributes"):
        term = terms.get(r["taxonomy_term_id"])
        names = [term["name"], term["code"]] if term else [r.get("value", "")]
        taxonomy.setdefault(r["link_id"], []).extend(n for n in names if n)
    languages: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(folder, "languages"):
        if r.get("service_id"):
            languages.setdefault(r["service_id"], []).append((r["name"], r["code"]))
    phones: dict[str, list[str]] = {}
    for r in _rows(folder, "phones"):
        if r.get("service_id"):
            phones.setdefault(r["service_id"], []).append(r["number"])
    documents: dict[str, list[str]] = {}
    for r in _rows(folder, "required_documents"):
        documents.setdefault(r["service_id"], []).append(r["document"])
    hours: dict[str, list[WeeklyHours]] = {}
    for r in _rows(folder, "schedules"):
        if not (r.get("service_id") and r.get("byday") and r.get("opens_at")):
            continue
        days = frozenset(_BYDAY[d.strip()] for d in r["byday"].split(",") if d.strip())
        hours.setdefault(r["service_id"], []).append(
            WeeklyHours(days, _time(r["opens_at"]), _time(r["closes_at"])))
    addresses = {r["location_id"]: f"{r['address_1']}, {r['city']}"
                 for r in _rows(folder, "addresses")}
    address_of = {r["service_id"]: addresses.get(r["location_id"], "")
                  for r in _rows(folder, "service_at_location")}
    docs = []
    for r in _rows(folder, "services"):
        org = orgs.get(r["organization_id"], {})
        org_name = org.get("name", "")
        langs = languages.get(r["id"], [])
        docs.append(ServiceDoc(
            id=r["id"], name=r["name"], organization=org_name,
            description=r.get("description") or "",
            alternate_name=r.get("alternate_name") or "",
            eligibility=r.get("eligibility_description") or "",
            fees=r.get("fees_description") or r.get("fees") or "",
            application_process=r.get("application_process") or "",
            languages=tuple(n for n, _ in langs), language_codes=tuple(c for _, c in langs),
            taxonomy=tuple(taxonomy.get(r["id"], ())),
            required_documents=tuple(documents.get(r["id"], ())),
            address=address_of.get(r["id"], ""), phones=tuple(phones.get(r["id"], ())),
            hours=tuple(hours.get(r["id"], ())), status=r.get("status") or "active",
            alert=r.get("alert") or None,
            assured_date=date.fromisoformat(r["assured_date"]) if r.get("assured_date")
            else None,
            minimum_age=_int(r.get("minimum_age")), maximum_age=_int(r.get("maximum_age")),
            source="national" if "nationell" in fold(org_name) else "local"))
    return docs


# --- a simple stand-in for db.hours.status_at ------------------------------------------------


def fake_status(hours: tuple[WeeklyHours, ...], moment: datetime) -> OpenStatus:
    if not hours:
        return OpenStatus(open=None)
    intervals = []
    for offset in range(-1, 8):
        day = moment.date() + timedelta(days=offset)
        for rule in hours:
            if day.weekday() not in rule.days:
                continue
            start = datetime.combine(day, rule.opens_at, tzinfo=moment.tzinfo)
            if rule.closes_at >= time(23, 59):
                end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=moment.tzinfo)
            elif rule.closes_at <= rule.opens_at:
                end = datetime.combine(day + timedelta(days=1), rule.closes_at,
                                       tzinfo=moment.tzinfo)
            else:
                end = datetime.combine(day, rule.closes_at, tzinfo=moment.tzinfo)
            intervals.append((start, end))
    intervals.sort()
    for start, end in intervals:
        if start <= moment < end:
            always = all(len(r.days) == 7 and r.opens_at == time(0)
                         and r.closes_at >= time(23, 59) for r in hours)
            return OpenStatus(open=True, changes_at=None if always else end,
                              round_the_clock=always)
    upcoming = [s for s, _ in intervals if s > moment]
    return OpenStatus(open=False, changes_at=min(upcoming) if upcoming else None)


# --- fixtures ---------------------------------------------------------------------------------


@cache
def directory() -> tuple[ServiceDoc, ...]:
    return tuple(load_directory(DIRECTORY))


@cache
def index() -> DirectoryIndex:
    return DirectoryIndex.build(directory())


def service_id(name: str) -> str:
    for doc in directory():
        if doc.name == name:
            return doc.id
    raise KeyError(name)


def local(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ) if text else None


def run(query: str, open_at: datetime | None = None, now: datetime = NOON,
        idx: DirectoryIndex | None = None, status_fn=fake_status) -> SearchResult:
    return (idx or index()).search(query, now=now, open_at=open_at, status_fn=status_fn)


def top_names(result: SearchResult, n: int = 3) -> list[str]:
    return [h.service.name for h in result.hits[:n]]


def _misses(cases, status_fn=fake_status) -> list[str]:
    misses = []
    for query, expected_ids, open_at in cases:
        result = run(query, open_at=open_at, status_fn=status_fn)
        top = [h.service.id for h in result.hits[:3]]
        if not set(expected_ids) & set(top):
            misses.append(f"{query!r}: top 3 {top_names(result)}")
    return misses


def fixture_cases():
    data = json.loads(QUERIES.read_text(encoding="utf-8"))
    return [(q["query"], q["expected"], local(q.get("open_at"))) for q in data]


# --- the fixture queries ---------------------------------------------------------------------


def test_fixture_queries_top3():
    cases = fixture_cases()
    misses = _misses(cases)
    assert len(cases) - len(misses) >= 0.95 * len(cases), "\n".join(misses)


# Our own queries (what we expect staff to type), checked against the fixture directory.
# (query, services of which at least one must be in the top 3, open_at)
OWN_QUERIES: list[tuple[str, tuple[str, ...], str | None]] = [
    ("sova", ("Natthärbärget Fyren",), None),
    ("sova inatt", ("Natthärbärget Fyren", "Socialjour Exempelstad"), None),
    ("var kan jag sova", ("Natthärbärget Fyren",), None),
    ("tak över huvudet", ("Natthärbärget Fyren", "Akutboendet Linden"), None),
    ("somewhere to sleep tonight", ("Natthärbärget Fyren",), None),
    ("natthärberge", ("Natthärbärget Fyren",), None),  # typo
    ("harbarget", ("Natthärbärget Fyren",), None),
    ("akutboende", ("Akutboendet Linden",), None),
    ("hungrig", ("Matbanken", "Kvällsmat i Missionskyrkan", "Värmestugan"), None),
    ("food bank", ("Matbanken",), None),
    ("frukost", ("Värmestugan", "Natthärbärget Fyren"), None),
    ("matkase", ("Matbanken",), None),  # typo
    ("middag onsdag", ("Kvällsmat i Missionskyrkan",), None),
    ("shower", ("Värmestugan", "Stöd för EU-medborgare"), None),
    ("tvätta kläder", ("Värmestugan",), None),
    ("vinterjacka", ("Klädförrådet",), None),
    ("skor", ("Klädförrådet",), None),
    ("knark", ("Mottagningen för beroende", "Sprututbytet"), None),
    ("alkohol", ("Mottagningen för beroende",), None),
    ("alcohol", ("Mottagningen för beroende",), None),
    ("sprutbyte", ("Sprututbytet",), None),
    ("naloxon", ("Sprututbytet",), None),
    ("overdose", ("Sprututbytet",), None),
    ("ångest", ("Psykiatrisk akutmottagning",), None),
    ("angest", ("Psykiatrisk akutmottagning",), None),
    ("vill inte leva", ("Självmordslinjen", "Psykiatrisk akutmottagning"), None),
    ("suicidal", ("Självmordslinjen",), None),
    ("sjalvmord", ("Självmordslinjen",), None),
    ("kvinnojour", ("Kvinno- och tjejjouren",), None),
    ("misshandlad", ("Kvinno- och tjejjouren", "Kvinnofridslinjen"), None),
    ("domestic violence", ("Kvinno- och tjejjouren", "Kvinnofridslinjen"), None),
    ("slagen av min man", ("Kvinno- och tjejjouren", "Kvinnofridslinjen"), None),
    ("kronofogden", ("Skuldrådgivning",), None),
    ("skulder", ("Skuldrådgivning",), None),
    ("sms-lån", ("Skuldrådgivning",), None),
    ("debt", ("Skuldrådgivning",), None),
    ("skuldradgivning", ("Skuldrådgivning",), None),
    ("försörjningsstöd", ("Socialtjänstens första linje",), None),
    ("soc", ("Socialtjänstens första linje", "Socialjour Exempelstad"), None),
    ("socialjouren", ("Socialjour Exempelstad",), None),
    ("advokat", ("Juridisk rådgivning för alla",), None),
    ("legal aid", ("Juridisk rådgivning för alla",), None),
    ("id-kort", ("Servicekontoret",), None),
    ("pass", ("Servicekontoret",), None),
    ("lost id", ("Servicekontoret",), None),
    ("tandvärk", ("Tandakuten",), None),
    ("toothache", ("Tandakuten",), None),
    ("tandlakare", ("Tandakuten",), None),
    ("läkare", ("Hälsomottagningen för hemlösa", "1177"), None),
    ("doctor homeless", ("Hälsomottagningen för hemlösa",), None),
    ("rumänsk", ("Stöd för EU-medborgare",), None),
    ("romania", ("Stöd för EU-medborgare",), None),
    ("tiggare", ("Stöd för EU-medborgare",), None),
    ("tonåring", ("Fältgruppen", "BRIS"), None),
    ("barn", ("BRIS",), None),
    ("112", ("112",), None),
    ("ambulans", ("112",), None),
    ("polis", ("Polisen, ej akut",), None),
    ("1177", ("1177",), None),
    ("sjuk", ("1177", "Hälsomottagningen för hemlösa"), None),
    ("psykakut", ("Psykiatrisk akutmottagning",), None),
    ("mat nu", ("Värmestugan",), None),  # open at noon on a Tuesday
    ("mat ikväll", ("Kvällsmat i Missionskyrkan", "Natthärbärget Fyren"),
     "2026-11-25T18:30"),
    ("tandakut kl 21", ("Psykiatrisk akutmottagning", "Tandakuten"), None),
    ("käk", ("Matbanken", "Kvällsmat i Missionskyrkan", "Värmestugan"), None),  # slang
    ("snuten", ("Polisen, ej akut",), None),
    ("tandis", ("Tandakuten",), None),
    ("braj", ("Mottagningen för beroende",), None),
    ("crasha inatt", ("Natthärbärget Fyren", "Akutboendet Linden"), None),
    ("somewhere warm", ("Värmestugan",), None),
    ("young people", ("Fältgruppen", "BRIS"), None),
    ("klader", ("Klädförrådet",), None),
    ("vald i nara relation", ("Kvinno- och tjejjouren", "Kvinnofridslinjen"), None),
    ("skuldsanering", ("Skuldrådgivning",), None),
    ("socialbidrag", ("Socialtjänstens första linje",), None),
    ("papperslös", ("Hälsomottagningen för hemlösa", "Stöd för EU-medborgare"), None),
    ("hemresa", ("Stöd för EU-medborgare",), None),
    ("folkbokföring", ("Servicekontoret",), None),
    ("beroende alkohol", ("Mottagningen för beroende",), None),
    ("sprutor", ("Sprututbytet",), None),
    ("kanyler", ("Sprututbytet",), None),
    ("psykos", ("Psykiatrisk akutmottagning",), None),
    ("deprimerad", ("Psykiatrisk akutmottagning",), None),
    ("ringa polisen", ("Polisen, ej akut",), None),
    ("narkotka", ("Mottagningen för beroende", "Sprututbytet"), None),  # typo
    ("kronofogen", ("Skuldrådgivning",), None),  # typo
    ("självmordstankr", ("Självmordslinjen",), None),  # typo
    ("bostadslös inatt", ("Natthärbärget Fyren", "Socialjour Exempelstad",
                          "Akutboendet Linden"), None),
    ("natth", ("Natthärbärget Fyren",), None),  # still typing
    ("skuldr", ("Skuldrådgivning",), None),  # still typing
]


def own_cases():
    return [(q, tuple(service_id(n) for n in names), local(at))
            for q, names, at in OWN_QUERIES]


def test_own_queries_top3():
    cases = own_cases()
    assert len(cases) >= 30
    misses = _misses(cases)
    assert len(cases) - len(misses) >= 0.95 * len(cases), "\n".join(misses)


def test_with_real_opening_hours():
    hours = pytest.importorskip("db.hours")
    cases = fixture_cases() + own_cases()
    misses = _misses(cases, status_fn=hours.status_at)
    assert len(cases) - len(misses) >= 0.95 * len(cases), "\n".join(misses)


# --- folding, tokens, typos, compounds ------------------------------------------------------


def test_fold():
    assert fold("Natthärbärget!") == "nattharbarget"
    assert fold("nattharbarge") == fold("natthärbärge") == fold("NATTHÄRBÄRGE")
    assert fold("  Café   Ødegård, SKÖVDE.  ") == "cafe odegard skovde"
    assert fold("EU-medborgare") == "eu medborgare"
    assert fold("Straße") == "strasse"
    assert fold("kl. 23:00") == "kl 23 00"
    assert fold("") == ""


def test_tokenize_keeps_joined_hyphenated_words():
    assert tokenize("Id-kort och SMS-lån.") == ["id", "kort", "idkort", "och", "sms", "lan",
                                                 "smslan"]
    assert tokenize("Kvinno- och tjejjouren") == ["kvinno", "och", "tjejjouren"]


def test_stems():
    assert "skuld" in stems("skulder")
    assert "nattharbarge" in stems("nattharbarget")
    assert stems("mat") == ("mat",)


def test_damerau_levenshtein():
    assert damerau_levenshtein("skuld", "skuld") == 0
    assert damerau_levenshtein("skuld", "skudl") == 1  # transposition
    assert damerau_levenshtein("skuld", "skuls") == 1
    assert damerau_levenshtein("skuld", "skulde") == 1
    assert damerau_levenshtein("natthärberge", "natthärbärget", 2) == 2
    assert damerau_levenshtein("kitten", "sitting", 2) == 3  # over the limit: limit + 1
    assert damerau_levenshtein("ab", "abcdef", 1) == 2


def test_typo_tolerance_depends_on_length():
    assert not is_fuzzy_match("mat", "mar")  # under 4 letters: exact only
    assert is_fuzzy_match("dusch", "duch")  # 4-7 letters: one typo
    assert not is_fuzzy_match("dusch", "dich")
    assert is_fuzzy_match("narkotika", "narkotkia")  # 8+ letters: two typos
    assert is_fuzzy_match("kronofogden", "kronofogen")
    assert not is_fuzzy_match("kronofogden", "kronfgdn")


def test_compound_parts():
    assert compound_part("harbarge", "nattharbarget") == "head"
    assert compound_part("skuld", "skuldradgivning") == "modifier"
    assert compound_part("skulder", "skuldsanering") == "modifier"
    assert compound_part("mat", "kvallsmat") == "head"
    assert compound_part("mat", "automatisk") is None
    assert compound_part("skuld", "skuld") is None


def test_vocabulary_matches():
    vocab = Vocabulary(["nattharbarget", "skuldradgivning", "skulder", "kvallsmat",
                        "matbanken", "dusch", "akutboendet", "tandvard", "vark"])
    assert vocab.match("harbarge")["nattharbarget"] >= 0.7  # compound, last part
    assert vocab.match("skuld")["skuldradgivning"] >= 0.7  # compound, first part
    assert vocab.match("skuld")["skulder"] >= 0.9  # inflection
    assert vocab.match("boende")["akutboendet"] >= 0.7
    assert "dusch" in vocab.match("duch")  # typo
    assert "nattharbarget" in vocab.match("natth", typing=True)  # still typing
    assert "vark" in vocab.match("tandvark")  # the documents only have the parts
    assert vocab.match("xyzzy") == {}


# --- the thesaurus --------------------------------------------------------------------------


def test_thesaurus_has_45_concepts_in_both_languages():
    assert len(th.CONCEPTS) >= 45
    assert len(th.CONCEPTS_BY_KEY) == len(th.CONCEPTS)  # unique keys
    for c in th.CONCEPTS:
        assert len(c.terms_sv) >= 3, c.key
        assert len(c.terms_en) >= 3, c.key
        assert c.taxonomy, c.key
        assert c.label_sv and c.label_en, c.key
        for r in c.related:
            assert r in th.CONCEPTS_BY_KEY and r != c.key, (c.key, r)


def test_no_term_maps_to_two_concepts_by_accident():
    ambiguous = th.ambiguous_terms()
    unexpected = {t: sorted(keys) for t, keys in ambiguous.items()
                  if th.ALLOWED_SHARED_TERMS.get(t) != keys}
    assert not unexpected, f"terms in several concepts: {unexpected}"
    stale = set(th.ALLOWED_SHARED_TERMS) - set(ambiguous)
    assert not stale, f"documented as shared but not shared: {stale}"


def test_time_and_stop_words_are_not_need_terms():
    for c in th.CONCEPTS:
        for term in c.terms:
            folded = fold(th.bare_term(term))
            assert folded not in th.TIME_WORDS, (c.key, term)
            if not th.term_is_query_only(term):
                assert folded not in th.STOPWORDS, (c.key, term)


def test_words_name_concepts():
    assert "shelter" in concepts_for_word("natthärbärget")
    assert "shelter" in concepts_for_word("sova")
    assert "shelter" in concepts_for_word("hemlos")
    assert "debts" in concepts_for_word("skuldproblem")  # compound of a term
    assert "debts" in concepts_for_word("skulderna")  # inflected
    assert "violence" in concepts_for_word("kvinnojouren")
    assert "addiction" in concepts_for_word("narkotka")  # typo
    assert "dental" in concepts_for_word("tandv", typing=True)  # still typing
    assert concepts_for_word("inatt") == {}


# --- time words -----------------------------------------------------------------------------


def at(hour: int, minute: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize("query, now, expected", [
    ("sova inatt", at(12), at(22)),
    ("sova i natt", at(12), at(22)),
    ("shelter tonight", at(12), at(22)),
    ("sova inatt", at(23, 15), at(23, 15)),
    ("sova inatt", at(2, 30), at(2, 30)),
    ("mat ikväll", at(12), at(19)),
    ("mat ikvall", at(20, 30), at(20, 30)),
    ("mat nu", at(12, 7), at(12, 7)),
    ("food now", at(9), at(9)),
    ("idag", at(9), at(9)),
    ("mat kl 23", at(12), at(23)),
    ("mat kl 11", at(12), at(11, day=25)),  # already past: tomorrow
    ("mat 23:00", at(12), at(23)),
    ("mat 23.30", at(12), at(23, 30)),
    ("mat klockan 9", at(12), at(9, day=25)),
    ("food at 9pm", at(12), at(21)),
    ("mat imorgon", at(12), at(12, day=25)),
    ("mat imorgon kl 8", at(12), at(8, day=25)),
    ("mat på torsdag", at(12), at(12, day=26)),
])
def test_time_words_set_the_moment(query, now, expected):
    result = run(query, now=now)
    assert result.time_asked
    assert result.at == expected


def test_time_words_are_not_need_words():
    assert parse_time("boende inatt").words == ("boende",)
    assert parse_time("kl 23 sova").words == ("sova",)
    assert parse_time("sova 23:00").words == ("sova",)
    assert parse_time("112").words == ("112",)  # a number is no time
    assert parse_time("1177").clock is None
    assert run("1177").hits[0].service.name == "1177"
    result = run("boende inatt")
    assert result.concepts[0] == "shelter"
    plain = run("boende")
    assert not plain.time_asked and plain.at == NOON


def test_open_at_parameter():
    result = run("härbärge", open_at=at(21))
    assert result.time_asked and result.at == at(21)
    assert result.hits[0].status.open


def test_night_alone_means_a_bed():
    result = run("inatt")
    assert result.concepts == ("shelter",)
    assert result.hits[0].service.name in {"Natthärbärget Fyren", "Akutboendet Linden"}


# --- ranking --------------------------------------------------------------------------------


def _shelters(extra: list[ServiceDoc] = ()) -> DirectoryIndex:
    every_day = frozenset(range(7))
    night = (WeeklyHours(every_day, time(20, 0), time(8, 0)),)
    day = (WeeklyHours(every_day, time(9, 0), time(15, 0)),)
    docs = [
        ServiceDoc(id="day", name="Natthärbärget Väster",
                   organization="Stadsmissionen",
                   description="Sova över, sängplats och dusch. Natthärbärge för vuxna.",
                   taxonomy=("Emergency Shelter",), hours=day),
        ServiceDoc(id="night", name="Härbärget Öster", organization="Kyrkan",
                   description="Sängplatser för natten.", hours=night),
        ServiceDoc(id="food", name="Matbanken", organization="Föreningen",
                   description="Matkassar.", taxonomy=("Food Pantry",), hours=day),
        *extra,
    ]
    return DirectoryIndex.build(docs)


def test_open_services_rank_first_when_a_time_is_asked():
    idx = _shelters()
    tonight = run("sova inatt", idx=idx)
    ids = [h.service.id for h in tonight.hits]
    assert ids[:2] == ["night", "day"]  # the closed shelter is still listed, after
    assert tonight.hits[0].status.open and tonight.hits[1].status.open is False
    assert tonight.hits[1].status.changes_at is not None  # with its next opening
    # without a time word the better text match wins (status is only a tie-breaker)
    assert [h.service.id for h in run("sova", idx=idx).hits][:2] == ["day", "night"]


def test_inactive_services_are_excluded_and_temporarily_closed_rank_low():
    extra = [
        ServiceDoc(id="gone", name="Natthärbärget Gamla", organization="X", status="inactive",
                   description="Natthärbärge."),
        ServiceDoc(id="dead", name="Natthärbärget Död", organization="X", status="defunct"),
        ServiceDoc(id="paused", name="Natthärbärget Paus", organization="X",
                   status="temporarily closed", description="Natthärbärge, sängplats."),
    ]
    idx = _shelters(extra)
    assert idx.get("gone") is None and idx.get("dead") is None
    ids = [h.service.id for h in run("natthärbärge", idx=idx).hits]
    assert "gone" not in ids and "dead" not in ids
    assert ids.index("paused") > ids.index("day")
    assert ids.index("paused") > ids.index("night")


def test_all_query_words_count():
    both = run("mat dusch")
    assert both.hits[0].service.name == "Värmestugan"  # the only one with both
    # a word that matches nothing does not hide what the other words find
    assert top_names(run("mat qwzxv")) == top_names(run("mat"))
    assert run("hemlös mat").hits


def test_national_helplines_yield_to_local_services_for_generic_queries():
    idx = _shelters([ServiceDoc(id="nat", name="Stödlinjen för alla", organization="Staten",
                                description="Prata om allt, även mat och sömn.",
                                source="national")])
    ids = [h.service.id for h in run("mat", idx=idx).hits]
    assert ids.index("food") < ids.index("nat")
    # … but answer their own needs
    assert run("självmordstankar").hits[0].service.name == "Självmordslinjen"
    assert "BRIS" in top_names(run("barn"))


def test_empty_query_gives_no_hits():
    for query in ("", "   ", "?!", "- "):
        result = run(query)
        assert result.hits == [] and result.concepts == (), query
        assert not result.time_asked and result.at == NOON


def test_hits_carry_their_concept_and_status():
    result = run("sova inatt")
    assert result.concepts[0] == "shelter"
    fyren = next(h for h in result.hits if h.service.name == "Natthärbärget Fyren")
    assert fyren.concept == "shelter"
    assert fyren.status.open is True
    assert all(isinstance(h.status, OpenStatus) for h in result.hits)


def test_status_is_asked_only_for_candidates():
    calls = []

    def counting(hours, moment):
        calls.append(moment)
        return fake_status(hours, moment)

    base = directory()
    docs = [replace(d, id=f"{d.id}-{i}", name=f"{d.name} {i}") for i in range(40) for d in base]
    idx = DirectoryIndex.build(docs)
    result = idx.search("mat", now=NOON, limit=10, status_fn=counting)
    assert len(result.hits) == 10
    assert len(calls) <= 20
    calls.clear()
    idx.search("mat inatt", now=NOON, limit=10, status_fn=counting)
    assert len(calls) <= 40
    # keystrokes within the same minute reuse the statuses
    calls.clear()
    idx.search("mat inatt", now=NOON + timedelta(seconds=20), limit=10, status_fn=counting)
    assert calls == []


def test_limit_and_scores():
    result = index().search("mat", now=NOON, limit=2, status_fn=fake_status)
    assert len(result.hits) == 2
    assert result.hits[0].score >= result.hits[1].score > 0


# --- another (made-up) city, worded differently: the thesaurus is not fitted to one directory


_ALWAYS = (WeeklyHours(frozenset(range(7)), time(0), time(23, 59)),)


def _other_city() -> DirectoryIndex:
    week = frozenset(range(7))

    def svc(sid, name, desc, tax=(), org="Förening", source="local", hours=_ALWAYS):
        return ServiceDoc(id=sid, name=name, organization=org, description=desc,
                          taxonomy=tax, source=source, hours=hours)

    return DirectoryIndex.build([
        svc("crisp", "Crisp", "Sovplatser för vuxna i hemlöshet. Öppnar kl 21.",
            ("Homeless Shelter",), "Stadsmissionen",
            hours=(WeeklyHours(week, time(21), time(9)),)),
        svc("ria", "Ria Dagcenter", "Frukost, dusch och tvätt för personer i hemlöshet.",
            ("Drop-In Center",), "Stadsmissionen",
            hours=(WeeklyHours(week, time(8), time(15)),)),
        svc("bos", "Budget- och skuldrådgivningen",
            "Hjälp när du har skulder hos Kronofogden eller inkassobolag.", org="Kommunen"),
        svc("jur", "Juristjouren", "Gratis rådgivning av juriststudenter."),
        svc("bo", "Brottsofferjouren", "Stöd till dig som utsatts för brott, och till vittnen.",
            ("Victim Services",)),
        svc("maria", "Maria Ungdom",
            "Mottagning för unga upp till 20 år med alkohol- eller drogproblem.", org="Regionen"),
        svc("rosen", "Rosengrenska", "Vård för papperslösa och EU-migranter."),
        svc("gift", "Giftinformationscentralen", "Råd vid förgiftningar.", source="national"),
        svc("mind", "Mind Självmordslinjen",
            "Chatt och telefon för dig med tankar på att ta ditt liv.",
            ("Suicide Prevention",), "Mind", "national"),
        svc("rfsl", "RFSL Stödmottagning",
            "Stöd för hbtqi-personer som utsatts för våld i nära relationer."),
        svc("frivc", "Frivilligcentralen", "Mötesplats med aktiviteter mot ensamhet.",
            org="Kommunen"),
        svc("digi", "Digital fixartjänst", "Hjälp med BankID, e-tjänster och mobilen.",
            org="Biblioteket"),
        svc("migr", "Migrationsverkets servicecenter", "Frågor om uppehållstillstånd och asyl.",
            org="Migrationsverket"),
        svc("sopp", "Soppköket Sankta Clara", "Varm lunch varje vardag.", ("Soup Kitchen",),
            "Kyrkan"),
        svc("jour", "Jourhavande medmänniska", "Någon att prata med om natten."),
        svc("kvj", "Kvinnojouren Tellus", "Skyddat boende och stödsamtal för kvinnor."),
        svc("soc", "Socialtjänstens mottagning",
            "Ansök om ekonomiskt bistånd. Akut hjälp vid hemlöshet.", ("Financial Assistance",),
            "Kommunen"),
    ])


@pytest.mark.parametrize("query, expected", [
    ("sova", "crisp"), ("sova inatt", "crisp"), ("frukost", "ria"), ("dusch", "ria"),
    ("kronofogden", "bos"), ("advokat", "jur"), ("rånad", "bo"), ("ung knark", "maria"),
    ("papperslös", "rosen"), ("förgiftning", "gift"), ("självmord", "mind"),
    ("vill dö", "mind"), ("hbtq", "rfsl"), ("ensam", "frivc"), ("bankid", "digi"),
    ("asyl", "migr"), ("soppkök", "sopp"), ("prata med någon", "jour"),
    ("pengar", "soc"), ("misshandlad kvinna", "kvj"), ("mat", "sopp"),
])
def test_another_city(query, expected):
    result = run(query, idx=_other_city_index())
    assert result.hits[0].service.id == expected, top_names(result)


@cache
def _other_city_index() -> DirectoryIndex:
    return _other_city()
