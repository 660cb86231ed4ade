"""What a plain-text article says about itself: outlet, publication date, title, language.

Outlet, from a self-reference only (precision first: unknown beats wrong):
- strong cues, enough alone: a byline or masthead line naming the outlet ("By Jane Doe, Associated Press",
  "Reuters Staff"), a copyright footer ("(c) 2016 POLITICO LLC"), an "X/X news:" lead, a
  site footer ("Last Update ... KSA" is Al Arabiya's), an editor's note "(... - RT )", the
  desk ("According to Fars News Agency's International Group"), "X's repeated requests",
  "Special to X";
- weak cues, the outlet as interviewer ("X told Al-Jazeera Net", "in an interview with RT",
  "confirmed to Al-Arabiya", "sources for X"): they count only when they name the same outlet
  at least twice (WEAK_MIN), because an article quotes other outlets' interviews ("Trump told
  CBS", "in an interview with CNN").
An agency dateline ("WASHINGTON (AP) --") names who wrote the copy, not who published it:
on PolNeAR dev all five such datelines are wire copy on Breitbart, so it gives no outlet (it
does give the publication date). A candidate the article also cites as a source ("Reuters news agency reported", "according
to CNN", "CNN said") is never its own outlet, whatever the cues. A candidate counts only when
it is a known news outlet (OUTLETS) or ends in a media word ("News", "Agency", "Net", "TV"...).

Publication date (`find_published`): a header line that is only a date (boilerplate.DATELINE),
a "Published / Updated / Last Update / Posted / date" line anywhere, or an agency dateline
with its year ("OTTAWA, Jan 8, 2020 (Reuters)"). A dateline without a year ("OTTAWA, Jan 8
(Reuters)") is returned by `find_dateline` for the resolve stage, which takes the year of the
story's dated articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from storylens.ingest.boilerplate import DATELINE, HEADER_LINES
from storylens.model import Span

__all__ = [
    "OUTLETS",
    "Dateline",
    "Found",
    "find_dateline",
    "find_language",
    "find_outlet",
    "find_published",
    "find_title",
    "full_dates",
]

# Well-known outlets and their spellings in translated text -> canonical name.
OUTLETS: dict[str, str] = {
    "al-jazeera net": "Al Jazeera Net",
    "al jazeera net": "Al Jazeera Net",
    "aljazeera net": "Al Jazeera Net",
    "al-jazeera": "Al Jazeera",
    "al jazeera": "Al Jazeera",
    "daily beast": "The Daily Beast",
    "the daily beast": "The Daily Beast",
    "al-arabiya": "Al-Arabiya",
    "al arabiya": "Al-Arabiya",
    "alarabiya": "Al-Arabiya",
    "al-hadath": "Al-Hadath",
    "al hadath": "Al-Hadath",
    "rt": "RT",
    "russia today": "RT",
    "fars news agency": "Fars News Agency",
    "fars": "Fars News Agency",
    "al-akhbar": "Al-Akhbar",
    "cnn": "CNN",
    "cbs": "CBS",
    "bbc": "BBC",
    "reuters": "Reuters",
    "afp": "AFP",
    "associated press": "Associated Press",
    "ap": "Associated Press",
    "sputnik": "Sputnik",
    "tass": "TASS",
    "irna": "IRNA",
    "tasnim": "Tasnim News Agency",
    "press tv": "Press TV",
    "al-monitor": "Al-Monitor",
    "rudaw": "Rudaw",
    "shafaq news": "Shafaq News",
    "the new york times": "The New York Times",
    "new york times": "The New York Times",
    "the washington post": "The Washington Post",
    "washington post": "The Washington Post",
    "the wall street journal": "The Wall Street Journal",
    "the guardian": "The Guardian",
    "fox news": "Fox News",
    "nbc": "NBC",
    "abc": "ABC",
    "politico": "Politico",
    "axios": "Axios",
    "bloomberg": "Bloomberg",
    "the associated press": "Associated Press",
    "upi": "UPI",
    "xinhua": "Xinhua",
    "cbc": "CBC News",
    "cbc news": "CBC News",
    "trt world": "TRT World",
    "gulf news": "Gulf News",
    "the new arab": "The New Arab",
    "usa today": "USA Today",
    "breitbart": "Breitbart",
    "breitbart news": "Breitbart",
    "huffington post": "Huffington Post",
    "the huffington post": "Huffington Post",
    "huffpost": "Huffington Post",
    "western journalism": "Western Journalism",
    "radio free europe/radio liberty": "Radio Free Europe/Radio Liberty",
    "rfe/rl": "Radio Free Europe/Radio Liberty",
}
AGENCIES = r"Reuters|AP|AFP|UPI|Xinhua|CNN|Bloomberg|Sputnik|TASS|IRNA|dpa|RFE/RL"
MEDIA_WORDS = ("News", "Agency", "Net", "TV", "Times", "Post", "Journal", "Daily", "Radio", "Press")

_NAME = r"[“\"]?(?P<o>(?:the |The )?[A-Z][\w-]*(?:(?: |-)(?:[A-Z][\w-]*|Net))*)[”\"]?"


def _cue(pattern: str) -> re.Pattern[str]:
    """Compile a cue; a space in it also matches a no-break space (common in pasted text)."""
    return re.compile(pattern.replace(" ", "[ \u00a0]+"))


# Weak cues: the outlet as interviewer or the sources' addressee (weight 1 each; WEAK_MIN).
WEAK_CUES: tuple[re.Pattern[str], ...] = (
    _cue(rf"\btold {_NAME}"),
    _cue(rf"\binterview with {_NAME}"),
    _cue(rf"\bconfirmed to {_NAME}"),
    _cue(rf"\b[Ss]ources? (?:for|of|to|close to) {_NAME}"),
    _cue(rf"\b[Aa]ccording to {_NAME} (?:and [“\"]?[A-Z][\w-]*[”\"]? )?sources"),
)
WEAK_MIN = 2
_LINE = r"(?m)^[ \t]*"
# Strong cues: the outlet naming itself (each enough alone).
STRONG_CUES: tuple[re.Pattern[str], ...] = (
    _cue(rf"{_NAME}[’']s (?:repeated |multiple )?(?:requests|inquiries|questions)"),
    _cue(rf"\b[Aa]ccording to {_NAME}[’']s (?:International|Foreign|News|Political)"),
    _cue(rf"\b[Ss]pecial to {_NAME}"),
    _cue(rf"- {_NAME} ?\)"),
    # byline / masthead: "By Jane Doe, Associated Press", "Jane Doe | Reuters", "Reuters Staff"
    re.compile(
        _LINE + r"(?:By\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:,|\||—|–)\s*"
        r"(?P<o>(?:The\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})[ \t]*$"
    ),
    re.compile(_LINE + r"(?P<o>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})\s+(?:Staff|staff)[ \t]*$"),
    # copyright footer
    re.compile(
        r"(?:©|\([cC]\)|Copyright)\s*(?:\d{4}\s*)?"
        r"(?P<o>(?:The\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
    ),
    # "Shafaq News/ Shafaq News:" style lead
    re.compile(
        _LINE + r"(?P<o>[A-Z][\w'’ -]{1,40}?)\s*/\s*(?:[A-Z][\w'’ -]{0,40}?\s+)?[Nn]ews\s*:"
    ),
)
# Site footers that name no outlet but are one outlet's: (pattern, outlet).
FOOTERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Last Update:?[^\n]{0,80}\bKSA\b"), "Al-Arabiya"),
)


def _cited(text: str, outlet: str, raw: str) -> bool:
    """True when the article cites the outlet as a source ("Reuters reported", "according to
    CNN", "CNN said"): then it is not the article's own."""
    names = {re.escape(raw.strip(' “”"')), re.escape(outlet)}
    alt = "|".join(sorted(names, key=len, reverse=True))
    pattern = (
        rf"(?:\b(?:{alt})(?:\s+news\s+agency|\s+news|\s+TV)?[”\"]?,?\s+(?:has\s+|had\s+)?"
        r"(?:reported|reports|said|says|quoted|quoting|cited|citing|published|aired|broadcast)\b)"
        rf"|(?:\b(?:[Aa]ccording to|[Rr]eported by|[Qq]uoted by|report(?:s|ed)? (?:by|from|in))\s+"
        rf"(?:the\s+)?[“\"]?(?:{alt})[”\"]?(?![’']s)(?!\s+(?:and\s+\S+(?:\s+\S+)?\s+)?sources))"
    )
    return re.search(pattern, text, re.I if outlet.isupper() else 0) is not None


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in the text, with the span that shows it."""

    value: str
    evidence: Span


def _canonical_outlet(raw: str) -> str | None:
    name = raw.strip(' “”"')
    name = re.sub(r"\s+(?:LLC|Inc|Ltd|Limited|Corp|Corporation|Co|Company)\.?$", "", name)
    key = name.lower()
    if key in OUTLETS:
        return OUTLETS[key]
    if key.startswith("the ") and key[4:] in OUTLETS:
        return OUTLETS[key[4:]]
    bare = name.removeprefix("the ").removeprefix("The ")
    if bare.split() and bare.split()[-1] in MEDIA_WORDS and len(bare.split()) >= 2:
        return bare
    return None


def find_outlet(text: str) -> Found | None:
    """The outlet the article names as its own (module doc), or None."""
    strong: dict[str, Span] = {}
    weak: dict[str, int] = {}
    first: dict[str, Span] = {}
    raw_of: dict[str, str] = {}
    for pattern, outlet in FOOTERS:
        m = pattern.search(text)
        if m:
            strong.setdefault(outlet, Span(m.start(), m.end()))
    for patterns, is_strong in ((STRONG_CUES, True), (WEAK_CUES, False)):
        for pattern in patterns:
            for m in pattern.finditer(text):
                outlet = _canonical_outlet(m.group("o"))
                if outlet is None:
                    continue
                raw_of.setdefault(outlet, m.group("o"))
                span = Span(m.start("o"), m.end("o"))
                if is_strong:
                    if outlet not in strong or span.start < strong[outlet].start:
                        strong[outlet] = span
                else:
                    weak[outlet] = weak.get(outlet, 0) + 1
                    if outlet not in first or span.start < first[outlet].start:
                        first[outlet] = span
    candidates = {o: (2, -sp.start) for o, sp in strong.items()}
    for o, n in weak.items():
        if o not in candidates and n >= WEAK_MIN:
            candidates[o] = (1, n)
    candidates = {
        o: rank for o, rank in candidates.items() if not _cited(text, o, raw_of.get(o, o))
    }
    if not candidates:
        return None
    best = max(candidates, key=lambda o: candidates[o])
    return Found(best, strong.get(best) or first[best])


_MONTH_WORD = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_WORD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_FULL_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|(?:{_WEEKDAY_WORD},?\s+)?(?:{_MONTH_WORD}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH_WORD},?\s+\d{{4}}))"
)
# "Last Update: Friday, 10 January 2020 KSA 09:45", "Published: Oct 4, 2018", "date 2018-10-07"
PUBLISHED_LINE = re.compile(
    r"(?im)^[ \t]*(?:last[ \t]+updated?|updated|published|posted(?:[ \t]+on)?|first[ \t]+published|"
    rf"publication[ \t]+date|date)[ \t]*:?[ \t]*(?:on[ \t]+)?(?P<date>{_FULL_DATE})"
)
# "OTTAWA, Jan 8 (Reuters) -", "ISTANBUL, Oct. 4, 2018 (AP) -"
AGENCY_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?,?\s+"
    rf"(?P<mon>{_MONTH_WORD})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?\s*"
    rf"\((?:{AGENCIES})\)"
)


# A line that is only a full date (a page date under the headline: "2 min read\n20 October,
# 2018"), looked for in the first PAGE_DATE_LINES non-empty lines.
_BARE_DATE_LINE = re.compile(rf"(?m)^[ \t]*(?P<date>{_FULL_DATE})[ \t]*$")
PAGE_DATE_LINES = 10


def _header_end(text: str) -> int:
    seen = 0
    pos = 0
    for line in text.split("\n"):
        pos += len(line) + 1
        if line.strip():
            seen += 1
            if seen >= PAGE_DATE_LINES:
                break
    return min(pos, len(text))


@dataclass(frozen=True, slots=True)
class Dateline:
    """An agency dateline's month and day (and year when it gives one), with its span."""

    month: int
    day: int
    year: int | None
    evidence: Span


def find_dateline(text: str) -> Dateline | None:
    """The agency dateline of the article ("OTTAWA, Jan 8 (Reuters) -"), year or not."""
    m = AGENCY_DATELINE.search(text)
    if not m:
        return None
    month = _MONTHS.get(m["mon"].rstrip(".").lower()[:3])
    day = int(m["day"])
    if month is None or not 1 <= day <= 31:
        return None
    year = int(m["year"]) if m["year"] else None
    return Dateline(
        month, day, year, Span(m.start("mon"), m.end("day") if not year else m.end("year"))
    )


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


_ANY_FULL_DATE = re.compile(rf"\b{_FULL_DATE}\b")


def full_dates(text: str, spans: tuple[Span, ...]) -> list[Found]:
    """Full dates (day, month, year) written inside the given spans of the text: the dates
    of photo captions and credit lines, which the extract stage skips as boilerplate."""
    out = []
    for span in spans:
        for m in _ANY_FULL_DATE.finditer(text, span.start, span.end):
            value = _parse_date(m.group(0))
            if value:
                out.append(Found(value, Span(m.start(), m.end())))
    return out


def find_published(text: str) -> Found | None:
    """A publication date the text states about itself, as ISO 8601 (day precision): a header
    date line, a "Published / Last Update / date" line, an agency dateline with its year."""
    lines_seen = 0
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines_seen += 1
            m = DATELINE.match(line)
            if m:
                value = _parse_date(m.group("date"))
                if value:
                    return Found(value, Span(pos + m.start("date"), pos + m.end("date")))
            if lines_seen >= HEADER_LINES:
                break
        pos += len(line) + 1
    for m in _BARE_DATE_LINE.finditer(text[: _header_end(text)]):
        value = _parse_date(m.group("date"))
        if value:
            return Found(value, Span(m.start("date"), m.end("date")))
    for m in PUBLISHED_LINE.finditer(text):
        value = _parse_date(m.group("date"))
        if value:
            return Found(value, Span(m.start("date"), m.end("date")))
    dl = find_dateline(text)
    if dl is not None and dl.year is not None:
        try:
            return Found(date(dl.year, dl.month, dl.day).isoformat(), dl.evidence)
        except ValueError:
            return None
    return None


def _parse_date(raw: str) -> str | None:
    """Parse a full date (day, month, year all present) without guessing."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(
        raw, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed else None


TITLE_MAX_CHARS = 160


def find_title(text: str, boilerplate: tuple[Span, ...]) -> Found | None:
    """A first line that reads as a headline: short, no final full stop, not boilerplate."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            span = Span(start, start + len(stripped))
            if any(b.overlaps(span) for b in boilerplate):
                pos += len(line) + 1
                continue
            if len(stripped) <= TITLE_MAX_CHARS and not stripped.endswith((".", ":", ",")):
                return Found(stripped, span)
            return None
        pos += len(line) + 1
    return None


LANGUAGE_SAMPLE_CHARS = 4000  # langid is as accurate on the first 4,000 chars as on all


def find_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, offline)."""
    import py3langid

    lang, _score = py3langid.classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(lang)
