"""Personal identifiers in free text (db.privacy): corpus, checksums, masking, robustness."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path

import pytest

from db.privacy import (
    EMAIL,
    PERSONNUMMER,
    PHONE,
    Finding,
    contains_personal_data,
    find_personal_data,
    luhn_valid,
    mask,
    mask_personal_data,
)

CORPUS_PATH = Path(__file__).parent / "data" / "privacy_corpus.json"
CORPUS = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))["texts"]
TODAY = date(2026, 11, 24)


def expected_spans(item: dict) -> list[tuple[str, int, int]]:
    """(kind, start, end) of the expected findings, located in text order."""
    spans = []
    pos = 0
    for exp in item["expected"]:
        start = item["text"].index(exp["match"], pos)
        end = start + len(exp["match"])
        spans.append((exp["kind"], start, end))
        pos = end
    return spans


# --- the corpus ------------------------------------------------------------------------


def test_corpus_shape() -> None:
    assert len(CORPUS) >= 120
    negatives = [item for item in CORPUS if not item["expected"]]
    assert len(negatives) >= len(CORPUS) / 2
    assert len({item["id"] for item in CORPUS}) == len(CORPUS)
    kinds = {exp["kind"] for item in CORPUS for exp in item["expected"]}
    assert kinds == {PERSONNUMMER, PHONE, EMAIL}
    for item in CORPUS:
        expected_spans(item)  # every expected match is in its text, in order


@pytest.mark.parametrize("item", CORPUS, ids=[item["id"] for item in CORPUS])
def test_corpus_text(item: dict) -> None:
    text = item["text"]
    found = find_personal_data(text, today=TODAY)
    got = [(f.kind, f.start, f.end) for f in found]
    assert got == expected_spans(item), [(f.kind, f.value) for f in found]
    for f in found:
        assert text[f.start:f.end] == f.value


def test_corpus_recall_and_precision() -> None:
    true_pos = false_pos = false_neg = 0
    for item in CORPUS:
        expected = set(expected_spans(item))
        got = {(f.kind, f.start, f.end) for f in find_personal_data(item["text"], today=TODAY)}
        true_pos += len(expected & got)
        false_pos += len(got - expected)
        false_neg += len(expected - got)
    recall = true_pos / (true_pos + false_neg)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    print(f"\nprivacy corpus: {len(CORPUS)} texts, {true_pos + false_neg} identifiers, "
          f"recall {recall:.3f}, precision {precision:.3f} "
          f"(tp {true_pos}, fp {false_pos}, fn {false_neg})")
    assert recall >= 0.95
    assert precision >= 0.9


# --- personnummer ----------------------------------------------------------------------


def with_check_digit(nine: str) -> str:
    for d in "0123456789":
        if luhn_valid(nine + d):
            return nine + d
    raise AssertionError("no check digit")


def test_luhn() -> None:
    assert luhn_valid("8112189876")  # Skatteverket's own example number
    assert not luhn_valid("8112189875")
    assert luhn_valid("79927398713")
    assert not luhn_valid("")
    assert not luhn_valid("12a4")
    assert not luhn_valid("١٢٣")  # non-ASCII digits


@pytest.mark.parametrize("written", [
    "811218-9876", "8112189876", "811218 9876", "19811218-9876", "198112189876",
    "19811218 9876", "811218–9876",
])
def test_personnummer_spellings(written: str) -> None:
    found = find_personal_data(f"Pnr {written}.", today=TODAY)
    assert [(f.kind, f.value, f.start) for f in found] == [(PERSONNUMMER, written, 4)]


def test_personnummer_checksum_must_hold() -> None:
    assert find_personal_data("Pnr 811218-9875", today=TODAY) == []
    assert find_personal_data("19811218-9875", today=TODAY) == []


def test_personnummer_date_must_be_valid() -> None:
    for nine in ("811318987", "811232987", "811200987", "810229987", "810000987"):
        number = with_check_digit(nine)
        assert find_personal_data(f"nr {number[:6]}-{number[6:]}", today=TODAY) == [], number
    leap = with_check_digit("000229987")  # 2000-02-29 exists
    assert [f.value for f in find_personal_data(f"{leap[:6]}-{leap[6:]}", today=TODAY)] == [
        f"{leap[:6]}-{leap[6:]}"]


def test_samordningsnummer() -> None:
    number = with_check_digit("900572986")  # born 1990-05-12, day + 60
    text = f"samordningsnummer {number[:6]}-{number[6:]}"
    assert [(f.kind, f.value) for f in find_personal_data(text, today=TODAY)] == [
        (PERSONNUMMER, f"{number[:6]}-{number[6:]}")]
    assert find_personal_data(f"nr 19{number}", today=TODAY)[0].value == f"19{number}"
    too_far = with_check_digit("900592986")  # day 92 - 60 = 32
    assert find_personal_data(f"nr {too_far[:6]}-{too_far[6:]}", today=TODAY) == []


def test_twelve_digit_form() -> None:
    number = with_check_digit("231224984")
    assert find_personal_data(f"{number[:6]}+{number[6:]}", today=TODAY)[0].kind == PERSONNUMMER
    assert find_personal_data(f"19{number}", today=TODAY)[0].value == f"19{number}"
    # The same ten digits under an impossible century, or a birth in the future: no.
    assert find_personal_data(f"17{number}", today=TODAY) == []
    future = with_check_digit("301224984")
    assert find_personal_data(f"20{future}", today=TODAY) == []
    # Embedded in a longer run of digits: a barcode, not a person.
    assert find_personal_data(f"77{number}", today=TODAY) == []
    assert find_personal_data(f"19{number}5", today=TODAY) == []


def test_card_and_isbn_context_suppresses_a_valid_number() -> None:
    number = with_check_digit("850709980")
    assert find_personal_data(f"Pnr {number}", today=TODAY)
    for before in ("lånekort", "Lånekort nr", "kortnummer:", "ISBN", "library card",
                   "lånekortet har nummer"):
        assert find_personal_data(f"{before} {number}", today=TODAY) == [], before


def test_070_digits_are_a_phone_unless_the_words_say_personnummer() -> None:
    number = with_check_digit("070123992")  # also a valid date: 2007-01-23
    assert [f.kind for f in find_personal_data(f"ring {number}", today=TODAY)] == [PHONE]
    assert [f.kind for f in find_personal_data(f"personnummer {number}", today=TODAY)] == [
        PERSONNUMMER]


# --- phones and e-mail -----------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "070-123 45 67", "0701234567", "070 123 45 67", "070-12 34 567", "+46 70 123 45 67",
    "+46701234567", "0046 70 123 45 67", "(070) 123 45 67", "072-123 45 67", "073 123 45 67",
    "076-1234567", "079 123 45 67", "+46 (0)70-123 45 67", "070/123 45 67", "070.123.45.67",
    "+46 0 70 123 45 67", "(+46) 70 123 45 67", "070 - 123 45 67", "0707-12 34 56",
    "070–123 45 67", "+46-70-123\u00a045\u00a067",
])
def test_mobile_spellings(written: str) -> None:
    found = find_personal_data(f"Ring {written}!", today=TODAY)
    assert [(f.kind, f.value, f.start) for f in found] == [(PHONE, written, 5)]


@pytest.mark.parametrize("text", [
    "112", "114 14", "11414", "1177", "90101", "116 111", "020-50 50 50", "0771-524 524",
    "113 13", "08-508 40 000", "kl 07.30–16.00", "0730-1600", "071-123 45 67",
    "075-123 45 67", "0701-23", "070-123 45 6", "070-123 45 678", "+4670123456",
])
def test_not_a_mobile(text: str) -> None:
    assert find_personal_data(text, today=TODAY) == []


def test_private_landline_needs_words_that_say_so() -> None:
    assert [f.value for f in find_personal_data("hennes telefon 08-123 456 78")] == [
        "08-123 456 78"]
    assert find_personal_data("Socialjouren 08-123 456 78") == []
    assert find_personal_data("hennes nummer till Kvinnofridslinjen 020-50 50 50") == []


@pytest.mark.parametrize("written", [
    "anna@exempel.se", "åsa.öberg@exempel.se", "per+lotsen@exempel.se",
    "x@bibliotek.örebro.se", "A.B-C_d@mail.example.co.uk",
])
def test_email_spellings(written: str) -> None:
    found = find_personal_data(f"Mejl: {written}.", today=TODAY)
    assert [(f.kind, f.value, f.start) for f in found] == [(EMAIL, written, 6)]


@pytest.mark.parametrize("text", [
    "@AL tar det", "fråga @PK.", "kl. 14@entrén", "kl. 14@entrén.Sedan", "a@b", "@exempel.se",
    "anna@exempel", "anna@.se", "anna@-x.se",
])
def test_not_an_email(text: str) -> None:
    assert find_personal_data(text, today=TODAY) == []


def test_digits_inside_an_email_are_part_of_it() -> None:
    found = find_personal_data("kalle0701234567@exempel.se", today=TODAY)
    assert [(f.kind, f.value) for f in found] == [(EMAIL, "kalle0701234567@exempel.se")]


# --- masking ---------------------------------------------------------------------------


def test_mask_several_findings_shifts_offsets() -> None:
    number = with_check_digit("850709980")
    pnr = f"{number[:6]}-{number[6:]}"
    text = f"Pnr {pnr}, tel 070-123 45 67 och mejl åsa@exempel.se, pnr {pnr} igen."
    found = find_personal_data(text, today=TODAY)
    assert [f.kind for f in found] == [PERSONNUMMER, PHONE, EMAIL, PERSONNUMMER]
    assert mask(text, found) == (
        "Pnr [personnummer borttaget], tel [telefonnummer borttaget] och mejl "
        "[e-post borttagen], pnr [personnummer borttaget] igen.")
    assert mask(text, found, lang="en") == (
        "Pnr [personal identity number removed], tel [phone number removed] och mejl "
        "[e-mail removed], pnr [personal identity number removed] igen.")
    assert mask(text, reversed(found)) == mask(text, found)
    assert mask_personal_data(text) == mask(text, found)
    assert find_personal_data(mask(text, found), today=TODAY) == []


def test_mask_edge_cases() -> None:
    assert mask("", []) == ""
    assert mask("inget här", []) == "inget här"
    whole = find_personal_data("0701234567")
    assert mask("0701234567", whole) == "[telefonnummer borttaget]"
    # Overlapping findings given by a caller: the first one wins, nothing is duplicated.
    a = Finding(PHONE, 0, 5, "01234")
    b = Finding(EMAIL, 3, 8, "34567")
    assert mask("0123456789", [a, b]) == "[telefonnummer borttaget]56789"


def test_finding_is_frozen_and_labelled() -> None:
    f = find_personal_data("a@exempel.se")[0]
    with pytest.raises(FrozenInstanceError):
        f.start = 3  # type: ignore[misc]
    assert f.masked == "[e-post borttagen]"
    assert f.marker("en") == "[e-mail removed]"
    assert f.label("sv") == "e-postadress"
    assert f.label("en") == "e-mail address"


# --- robustness ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "", " ", "\n\t", "\x00\x01", "🙂👍🏽", "e\u0301", "\ud800", "٠١٢٣٤٥٦٧٨٩-٠١٢٣",
    "０７０－１２３ ４５ ６７", "Ω@Ω.Ω", "@@@", "+++46", "((((070))))",
])
def test_odd_input_does_not_raise(text: str) -> None:
    result = find_personal_data(text)
    assert isinstance(result, list)
    assert mask(text, result) is not None


@pytest.mark.parametrize("text", [
    "a" * 100_000,
    "1" * 100_000,
    "0701234567" * 10_000,
    "0 " * 50_000,
    "07-" * 34_000,
    "+46 " * 25_000,
    "a." * 50_000,
    "a@" * 50_000,
    "x@" + "a" * 100_000,
    "x@" + "a." * 50_000,
    "a-" * 50_000,
    "hennes telefon " * 7_000,
    "1-1 " * 25_000,
], ids=lambda text: f"{text[:12]!r}x{len(text)}")
def test_huge_input_returns(text: str) -> None:
    assert isinstance(find_personal_data(text), list)


def test_huge_text_with_many_findings() -> None:
    chunk = "Ring 070-123 45 67 eller mejla anna@exempel.se, ISBN 978-91-0-012345-6. "
    text = chunk * (100_000 // len(chunk) + 1)
    found = find_personal_data(text, today=TODAY)
    repeats = text.count("Ring")
    assert len(found) == 2 * repeats
    assert contains_personal_data(text)
    assert "070-123" not in mask(text, found)


def test_recent_date_and_clock_time_is_a_timestamp() -> None:
    # 2026-11-24 17:18 / 2026-11-23 17:35 pass the Luhn check but are log timestamps.
    assert find_personal_data("Logg 20261124 1718, 202611241718, 261123-1735", today=TODAY) == []
    # An older date with the same shape is a person.
    number = with_check_digit("850709171")
    assert find_personal_data(f"19{number[:6]} {number[6:]}", today=TODAY)
