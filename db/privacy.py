"""Personal identifiers in free text: Swedish personnummer, phone numbers, e-mail addresses.

Visitors fear being registered, so every free-text field (incident descriptions, handover
notes, follow-up notes, service alerts…) is checked before it is saved.
:func:`find_personal_data` returns the identifiers found, with character offsets;
:func:`mask` replaces them with a marker such as ``[personnummer borttaget]``.

What is detected:

* **personnummer** and **samordningsnummer** (day + 60): 10 or 12 digits, written
  ``YYMMDD-NNNN``, ``YYMMDD+NNNN`` (over 100), ``YYMMDDNNNN``, ``YYMMDD NNNN``,
  ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``. The date must be a real date and the Luhn
  checksum of the 10-digit form must hold. A number right after "lånekort", "ISBN",
  "kortnummer" and the like is a card or book number, not a person.
* **phone**: Swedish mobile numbers (070, 072, 073, 076, 079) in their usual spellings,
  national or international (``+46``/``0046``), with spaces, hyphens, dots, slashes or
  the prefix in brackets. A landline with area code is reported only when the words
  right before it say it is somebody's own number ("hennes telefon 08-…", "privat");
  service numbers, helplines and ``020``/``077x``/``09xx`` numbers never are.
* **email**: ordinary addresses, including å/ä/ö and plus-addressing; "@AL" initials
  and "kl. 14@entrén" are not addresses.

Pure standard library, linear-time regular expressions (no nested quantifiers that can
backtrack catastrophically): a 100 000-character text is checked in milliseconds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = [
    "EMAIL",
    "KINDS",
    "PERSONNUMMER",
    "PHONE",
    "Finding",
    "contains_personal_data",
    "find_personal_data",
    "luhn_valid",
    "mask",
    "mask_personal_data",
    "marker",
]

PERSONNUMMER = "personnummer"
PHONE = "phone"
EMAIL = "email"
KINDS = (PERSONNUMMER, PHONE, EMAIL)

_MARKERS = {
    "sv": {
        PERSONNUMMER: "[personnummer borttaget]",
        PHONE: "[telefonnummer borttaget]",
        EMAIL: "[e-post borttagen]",
    },
    "en": {
        PERSONNUMMER: "[personal identity number removed]",
        PHONE: "[phone number removed]",
        EMAIL: "[e-mail removed]",
    },
}

_LABELS = {
    "sv": {PERSONNUMMER: "personnummer", PHONE: "telefonnummer", EMAIL: "e-postadress"},
    "en": {PERSONNUMMER: "personal identity number", PHONE: "phone number",
           EMAIL: "e-mail address"},
}


def _lang(lang: str) -> str:
    return "en" if (lang or "").lower().startswith("en") else "sv"


def marker(kind: str, lang: str = "sv") -> str:
    """The text that replaces an identifier of ``kind`` when it is masked."""
    return _MARKERS[_lang(lang)][kind]


@dataclass(frozen=True)
class Finding:
    """One personal identifier: ``text[start:end]`` of the checked text is ``value``."""

    kind: str
    start: int
    end: int
    value: str

    @property
    def masked(self) -> str:
        """The Swedish marker that replaces it (see :meth:`marker`)."""
        return marker(self.kind, "sv")

    def marker(self, lang: str = "sv") -> str:
        return marker(self.kind, lang)

    def label(self, lang: str = "sv") -> str:
        """What it is, for a warning at the field: "personnummer", "phone number"…"""
        return _LABELS[_lang(lang)][self.kind]


# --- checksums and dates ---------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by personnummer, on a string of digits."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _personnummer_valid(century: str | None, yy: str, mm: str, dd: str, sep: str,
                        rest: str, today: date) -> bool:
    month, day = int(mm), int(dd)
    if day > 60:  # samordningsnummer: the day of birth plus 60
        day -= 60
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return False
    if century is not None:
        year = int(century + yy)
        if year < today.year - 130 or not _valid_date(year, month, day):
            return False
        born = date(year, month, day)
        if born > today:
            return False
    else:
        # The separator tells the century: "-" under a hundred years old, "+" over.
        year = 2000 + int(yy)
        if year > today.year or (year == today.year and (month, day) > (today.month, today.day)):
            year -= 100
        if "+" in sep:
            year -= 100
        if not _valid_date(year, month, day):
            return False
        born = date(year, month, day)
    # "20231122 1645", "202311221645", "261124-1805": a recent date and a clock time are a
    # timestamp, not a young child (a dash is how personnummer are written, so only the
    # last year counts there).
    recent = 400 if sep.strip() else 15 * 366
    if (today - born).days < recent and _is_clock_time(rest):
        return False
    return luhn_valid(yy + mm + dd + rest)


def _is_clock_time(hhmm: str) -> bool:
    return int(hhmm[:2]) <= 23 and int(hhmm[2:]) <= 59


# --- patterns --------------------------------------------------------------------------

_SP = r"[ \u00a0\u202f]"            # a space, also non-breaking ones
_DASH = r"[-\u2010\u2011\u2012\u2013\u2212]"  # hyphen, en dash, minus
# Between the digits of a phone number: a space, or a hyphen/slash/dot with optional spaces.
_PHONE_SEP = rf"(?:{_SP}?(?:{_DASH}|[/.]){_SP}?|{_SP})"

# Not glued to a preceding number ("978-91-…", "1.5", "12,5").
_NO_NUMBER_BEFORE = r"(?<!\d)(?<!\d[-\u2013./,])"

_PNR_RE = re.compile(
    _NO_NUMBER_BEFORE
    + r"(?P<century>1[89]|20)?(?P<yy>\d\d)(?P<mm>\d\d)(?P<dd>\d\d)"
    + rf"(?P<sep>{_SP}?(?:{_DASH}|\+){_SP}?|{_SP})?"
    + r"(?P<rest>\d{4})"
    + rf"(?!\d|{_DASH}\d)"
)

_MOBILE_RE = re.compile(
    r"(?<![\d+])(?<!\d[-\u2013.])"  # "070…/073…" and "070…,073…" are lists
    + r"(?:"
    + rf"(?P<intl>(?:\+|00|\(\+){_SP}?46\)?{_SP}?(?:\(0\){_SP}?|0{_SP})?(?:{_DASH}{_SP}?)?0?7[02369])"
    + r"|(?P<paren>\(0?7[02369]\))"
    + r"|(?P<nat>07[02369])"
    + r")"
    + rf"(?:{_PHONE_SEP}?\d){{7}}"
    + rf"(?!\d|{_DASH}\d)"
)

_LANDLINE_RE = re.compile(
    r"(?<![\d+])(?<!\d[-\u2013./,])"
    + r"(?:"
    + rf"(?P<intl>(?:\+|00){_SP}?46{_SP}?(?:\(0\){_SP}?)?(?:{_DASH}{_SP}?)?)(?P<iarea>[1-9]\d{{0,2}})"
    + r"|\(0(?P<parea>[1-9]\d{0,2})\)"
    + r"|0(?P<narea>[1-9]\d{0,2})"
    + r")"
    + rf"(?:{_PHONE_SEP}?\d){{5,8}}"
    + rf"(?!\d|{_DASH}\d)"
)

# Local part: word characters (å, ä, ö included), dots between runs, "+" and "-".
_EMAIL_RE = re.compile(
    r"(?<![\w.+\-@])"
    r"(?P<local>[\w+\-'&]+(?:\.[\w+\-'&]+)*)"
    r"@"
    r"(?P<domain>(?:[\w-]+\.)+(?:[a-z]{2,24}|[A-Z]{2,24}))"  # not "…@entrén.Sedan"
    r"(?!\w)"
)

# The words right before a number that make it a card, book or case number.
_NOT_A_PERSON_BEFORE = re.compile(
    r"(?:\b(?<!-)(?:lånekort\w*|bibliotekskort\w*|kort|kortet|kortnummer|kortnr|låntagarnummer"
    r"|lånenummer|streckkod\w*|isbn(?:-1[03])?|issn|ean|barcode|library\s+card"
    r"|card|ärendenummer|ärendenr|ärende|diarienummer|diarienr|dnr|ordernummer|ordernr"
    r"|fakturanummer|fakturanr|faktura|ocr(?:-nummer)?|referensnummer|ref|bankgiro|plusgiro"
    r"|bg|pg|kontonummer|konto|clearingnummer|mediaid|media-id|exemplar\w*|artikelnummer"
    r"|serienummer|serial|anmälningsnummer|k-nummer|organisationsnummer|orgnr|org\.nr"
    r"|kod|koden|code|pin|bokningsnummer|bokningsnr|kvitto\w*|transaktion\w*))"
    r"(?:[\s:#.=\-–]*(?:nr|nummer|no|number|är|is|har|has|med|with|nr\.)\b)*"
    r"[\s:#.=\-–]*$",
    re.IGNORECASE,
)

# Words right before a 10-digit run that make it a personnummer rather than a phone number.
_PNR_CUE_BEFORE = re.compile(
    r"\b(?:personnummer|personnumret|personnr|pers\.?\s?nr|p-?nr|pnr|samordningsnummer"
    r"|samordningsnumret|samordningsnr|född|födelsenummer|personal\s+identity\s+number"
    r"|personal\s+number|id-nummer|id-nr)\b[^\d\n]{0,20}$",
    re.IGNORECASE,
)

# Words right before a landline number that make it somebody's own number.
_PRIVATE_PHONE_CUE_BEFORE = re.compile(
    r"(?:\b(?:hans|hennes|hens|deras|his|her|their|anhörig\w*|närstående\w*|mamma\w*"
    r"|pappa\w*|förälder\w*|föräldrar\w*|sambo\w*|dotter\w*|son|sonen|sonens|bror\w*"
    r"|syster\w*)\b[^.\n\d]{0,30}"
    r"\b(?:tel|telefon\w*|nummer|numret|nr|mobil\w*|hemnummer|hemtelefon\w*|number|phone)\b"
    r"|\b(?:hemtelefon\w*|hemnummer|privatnummer|privat\w*|home\s+(?:phone|number)"
    r"|private\s+(?:phone|number)|home\s+tel)\b"
    r"|\bring(?:a|de|er)?\s+(?:till\s+)?(?:honom|henne|hen|dem|him|her|them|mamman|pappan"
    r"|föräldern|föräldrarna|anhörig\w*|sonen|dottern|sambon)\b)"
    r"[^.\n\d]{0,25}$",
    re.IGNORECASE,
)

_CONTEXT = 60

# Number ranges that are not somebody's home: mobiles (found separately), freephone 020,
# shared-cost 077x, premium 0900/0939/0944/099, non-geographic 010.
_NON_PERSONAL_PREFIXES = ("07", "020", "0900", "0939", "0944", "099", "010")


def _before(text: str, start: int) -> str:
    return text[max(0, start - _CONTEXT):start]


def _digits(s: str) -> str:
    return "".join(ch for ch in s if "0" <= ch <= "9")


def _is_card_or_book_number(text: str, start: int) -> bool:
    return _NOT_A_PERSON_BEFORE.search(_before(text, start)) is not None


def _has_pnr_cue(text: str, start: int) -> bool:
    return _PNR_CUE_BEFORE.search(_before(text, start)) is not None


def _looks_like_plain_mobile(value: str) -> bool:
    """``07X…`` written as 10 bare digits: a phone number unless words say otherwise."""
    return len(value) == 10 and value.isdigit() and value[:2] == "07" and value[2] in "02369"


# --- detectors -------------------------------------------------------------------------


def _find_personnummer(text: str, today: date) -> Iterable[Finding]:
    for m in _PNR_RE.finditer(text):
        sep = m.group("sep") or ""
        if not _personnummer_valid(m.group("century"), m.group("yy"), m.group("mm"),
                                   m.group("dd"), sep, m.group("rest"), today):
            continue
        value = m.group(0)
        if _looks_like_plain_mobile(value) and not _has_pnr_cue(text, m.start()):
            continue
        if (not sep or sep.strip() == "") and _is_card_or_book_number(text, m.start()) \
                and not _has_pnr_cue(text, m.start()):
            continue  # card and book numbers are bare digits; "lånekort 850709-…" is a person
        yield Finding(PERSONNUMMER, m.start(), m.end(), value)


def _find_mobiles(text: str) -> Iterable[Finding]:
    for m in _MOBILE_RE.finditer(text):
        value = m.group(0)
        if _looks_like_plain_mobile(value) and (
            _has_pnr_cue(text, m.start()) or _is_card_or_book_number(text, m.start())
        ):
            continue
        yield Finding(PHONE, m.start(), m.end(), value)


def _find_private_landlines(text: str) -> Iterable[Finding]:
    for m in _LANDLINE_RE.finditer(text):
        intl = m.group("intl") or ""
        national = "0" + _digits(m.group(0)[len(intl):]).lstrip("0")
        if national.startswith(_NON_PERSONAL_PREFIXES) or not 8 <= len(national) <= 10:
            continue
        if not _PRIVATE_PHONE_CUE_BEFORE.search(_before(text, m.start())):
            continue
        yield Finding(PHONE, m.start(), m.end(), m.group(0))


def _find_emails(text: str) -> Iterable[Finding]:
    for m in _EMAIL_RE.finditer(text):
        local, domain = m.group("local"), m.group("domain")
        if local.isdigit() and len(local) <= 4:  # "kl. 14@entrén.Sedan…"
            continue
        labels = domain.split(".")
        if any(not label or label[0] == "-" or label[-1] == "-" for label in labels):
            continue
        yield Finding(EMAIL, m.start(), m.end(), m.group(0))


def find_personal_data(text: str, *, today: date | None = None) -> list[Finding]:
    """The personal identifiers in ``text``, in order, never overlapping.

    ``today`` bounds the birth years of 12-digit personnummer (nobody is born in the
    future); it defaults to the current date.
    """
    if not text:
        return []
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    today = today or date.today()
    found: list[Finding] = []  # kept sorted by start, never overlapping
    starts: list[int] = []

    def free(f: Finding) -> bool:
        i = bisect_left(starts, f.start)
        if i < len(found) and found[i].start < f.end:
            return False
        return not (i > 0 and found[i - 1].end > f.start)

    # E-mail first (an address may contain digits), then personnummer, then phones.
    for group in (_find_emails(text), _find_personnummer(text, today), _find_mobiles(text),
                  _find_private_landlines(text)):
        for f in group:
            if f.end > f.start and free(f):
                i = bisect_left(starts, f.start)
                starts.insert(i, f.start)
                found.insert(i, f)
    return found


def contains_personal_data(text: str) -> bool:
    return bool(find_personal_data(text))


def mask(text: str, findings: Iterable[Finding], lang: str = "sv") -> str:
    """``text`` with every finding replaced by its marker (overlaps: the first wins)."""
    out: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < pos or f.start < 0 or f.end > len(text) or f.end < f.start:
            continue
        out.append(text[pos:f.start])
        out.append(marker(f.kind, lang))
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def mask_personal_data(text: str, lang: str = "sv") -> str:
    """Find and mask in one step."""
    return mask(text, find_personal_data(text), lang)
