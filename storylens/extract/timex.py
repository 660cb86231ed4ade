"""Time expressions: find them, then anchor them on the publication date or on an event.

Finding (`timexes_in`): spaCy DATE entities, widened where spaCy cuts them short ("the night
of" + DATE, "The day" + "after the adoption of the resolution", an ISO date split at a
hyphen), plus bare patterns spaCy misses ("the day before"). TIME entities are kept only when
they are part of such a merge ("the night of January 3"); durations ("two hours") are not.

Normalising is two steps so that the resolve stage can re-anchor an article cheaply once its
publication date has been inferred from other outlets:

    parse_timex(text) -> TimexSpec          what the words say (no date arithmetic)
    anchor_spec(spec, published) -> value   the date it denotes given a publication date

The anchoring rules (ours; dateparser only parses absolute dates it is given a year for,
because its relative handling, "last <weekday>" above all, was wrong for years):

- Absolute with a year ("December 29, 2014", "September 2021", "the end of 2011", "the 2008
  agreement") -> that date, anchor "absolute", precision of the most specific part given.
  Modifiers ("early", "the end of", "the night of") keep the precision of the date they modify.
- Absolute without a year ("January 3", "in November") -> the year of the publication date,
  except that a month after the publication month means the previous year (news reports the
  past: "November 21" in an article of 2023-12-14 is 2023-11-21; "January 3" in an article of
  2020-01-06 is 2020-01-03). Anchor "publication" (the year came from it).
- Weekdays, anchored on the publication date P: "last Friday" is 1-7 days before P; a bare
  "Monday"/"on Monday"/"Sunday's" is 0-6 days before P (P itself when P is that weekday),
  or 0-6 days after P when its verb is future ("will meet on Monday", `future_context`);
  "next Monday" is 1-7 days after P. Day precision.
- "today", "yesterday", "tomorrow" -> P, P-1, P+1. "N days/weeks ago" -> P minus that, day
  precision; "N months ago" -> month; "N years ago" -> year. "last/this week", "earlier this
  week", "recent days", "the past weeks" -> the month of that week (the model has no week
  precision). "last month"/"this month", "last year"/"this year"/"the beginning of the year"/
  "the new year" -> month/year of P. "last October" -> the latest October strictly before
  P's month.
- Relative to an event ("the day before", "a week after the attack", "The day after the
  adoption of the resolution", "a few days after ...") -> anchor "event": the date of the
  latest earlier timex in the article that has day precision and, when the phrase names the
  event ("the attack"), whose neighbourhood mentions it; failing that, the latest earlier
  day-precision timex at all (news narrates in order; "the day before" follows the day it is
  relative to). Vague amounts ("a few", "several", "a couple of") give month precision.
- No publication date: the article's own reference is inferred (`inferred_reference`): the
  year is the latest year the article states; the reference day is the latest day-precision
  date it reports (a lower bound for the publication date). Relatives anchor on that day with
  anchor "publication"; with no such day they stay "unresolved" (value None) until the
  resolve stage infers a publication date from other outlets and re-anchors them.

A publication date of month or year precision anchors only what it can: "last Friday" against
"2020-01" is unresolved, "last year" against "2020-01" is 2019.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from storylens.model import Anchor, Article, Precision, Timex
from storylens.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "TIMEX_VERSION",
    "Reference",
    "TimexSpec",
    "anchor_spec",
    "anchor_timexes",
    "future_context",
    "inferred_reference",
    "last_weekday",
    "normalise",
    "parse_iso",
    "parse_timex",
    "timexes_in",
]

TIMEX_VERSION = "2"

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Vague amounts: a number to compute with, and a flag that lowers the precision.
VAGUE = {"a few": 3, "few": 3, "several": 3, "a couple of": 2, "couple of": 2, "some": 3}
UNIT_DAYS = {"day": 1, "week": 7}

# Words before the date proper that do not change the date it denotes.
_LEAD = re.compile(
    r"^(?:(?:on|in|at|until|till|since|by|from|during|before|after|of|around|about|"
    r"approximately|nearly|almost|only|just|some|the|this|that|early|late|mid|middle|"
    r"end|beginning|start|night|morning|evening|afternoon|year|month|dawn)\b[\s-]*)+",
    re.I,
)
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_AMOUNT = rf"(?P<amount>a few|few|several|a couple of|couple of|some|{_NUMBER})"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_RE_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?$")
_RE_YEAR = re.compile(r"^(?P<y>1[89]\d\d|20\d\d)(?:'s|s)?$")
_RE_MDY = re.compile(
    r"^(?P<mon>[a-z]+)\.?(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<y>\d{4}))?$"
)
_RE_DMY = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>[a-z]+)\.?(?:,?\s+(?P<y>\d{4}))?$"
)
_RE_WEEKDAY = re.compile(r"^(?:(?P<mode>last|next|this|past)\s+)?(?P<wd>[a-z]+?)(?:'s|’s)?$")
_RE_LAST_MONTH = re.compile(r"^(?P<mode>last|next|this|past)\s+(?P<mon>[a-z]+)(?:'s|’s)?$")
_RE_AGO = re.compile(rf"^{_AMOUNT}\s+{_UNIT}\s+ago$")
_RE_EVENT = re.compile(
    rf"^(?:{_AMOUNT}\s+)?{_UNIT}\s+(?P<dir>after|later|before|earlier)\b(?P<rest>.*)$", re.S
)
_RE_DEICTIC = re.compile(
    r"^(?P<w>today|yesterday|tomorrow|tonight|(?:earlier\s+|later\s+)?this\s+week|last\s+week|"
    r"next\s+week|this\s+month|last\s+month|next\s+month|this\s+year|last\s+year|next\s+year|"
    r"the\s+year|(?:the\s+)?new\s+year|(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+(?:the\s+)?"
    r"(?:new\s+|this\s+|last\s+)?(?:year|month|week)|recent\s+(?:days|weeks)|(?:the\s+)?past\s+(?:few\s+)?"
    r"(?:days|weeks)|the\s+weekend|this\s+weekend|last\s+weekend)$"
)

Kind = Literal["absolute", "weekday", "month", "ago", "deictic", "event"]


@dataclass(frozen=True, slots=True)
class TimexSpec:
    """What a time expression says, before any date arithmetic.

    kind: absolute (year/month/day given, year possibly missing), weekday, month (a month name
    with "last"/"next"), ago (amount + unit before the publication date), deictic ("today",
    "last week"...), event (amount + unit before/after an event; `cue` names that event).
    """

    kind: Kind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    mode: str = ""  # last | next | this | coming (bare, future verb) | "" (bare)
    amount: int = 0
    unit: str = ""
    vague: bool = False
    word: str = ""  # the deictic word(s), or the event cue ("the attack")


@dataclass(frozen=True, slots=True)
class Reference:
    """The date relative expressions are anchored on: the publication date, real or inferred."""

    date: dt.date
    precision: Precision
    inferred: bool = False


def parse_iso(value: str | None) -> Reference | None:
    """An ISO 8601 date at day, month or year precision ("2020-01-06", "2020-01", "2020")."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    precision: Precision = "day" if m[3] else "month" if m[2] else "year"
    return Reference(date, precision)


def _clean(text: str) -> str:
    text = text.lower().replace("’", "'").replace("\n", " ")
    text = re.sub(r"\s+", " ", text).strip(' ,.;:()"“”')
    return text


def _amount(word: str | None) -> tuple[int, bool]:
    if word is None:
        return 1, False
    if word in VAGUE:
        return VAGUE[word], True
    if word.isdigit():
        return int(word), False
    return NUMBERS.get(word, 1), False


@lru_cache(maxsize=4096)
def parse_timex(text: str) -> TimexSpec | None:
    """What the words of a time expression say; None for durations and what we cannot read.

    Pure and cached: the resolve stage re-anchors the same texts under many candidate
    publication dates.
    """
    raw = _clean(text)
    if not raw:
        return None
    if _RE_SAME_DAY.match(raw):
        return TimexSpec("event", amount=0, unit="day")
    m = _RE_EVENT.match(_LEAD_EVENT.sub("", raw))
    if m and not _RE_AGO.match(raw):
        amount, vague = _amount(m["amount"])
        sign = 1 if m["dir"] in ("after", "later") else -1
        return TimexSpec(
            "event", amount=sign * amount, unit=m["unit"], vague=vague, word=m["rest"].strip()
        )
    m = _RE_AGO.match(_strip_hedges(raw))
    if m:
        amount, vague = _amount(m["amount"])
        return TimexSpec("ago", amount=amount, unit=m["unit"], vague=vague)
    # before the lead words are stripped: "this September" is the reference year's, not
    # the nearest September a bare "September" would be
    m = _RE_LAST_MONTH.match(_strip_hedges(raw))
    if m and m["mon"] in MONTHS:
        return TimexSpec(
            "month", month=MONTHS[m["mon"]], mode="last" if m["mode"] == "past" else m["mode"]
        )
    core = _LEAD.sub("", raw).strip()
    core = re.sub(r"(?:'s|s')$", "", core)
    core = re.sub(
        r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?=\S)", "", core
    )
    m = _RE_DEICTIC.match(raw.removeprefix("the ").removeprefix("in ").removeprefix("over ")) or (
        _RE_DEICTIC.match(_strip_hedges(raw))
    )
    if m:
        return TimexSpec("deictic", word=re.sub(r"\s+", " ", m["w"]))
    m = _RE_ISO.match(core)
    if m:
        return TimexSpec(
            "absolute", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]) if m["d"] else None
        )
    m = _RE_YEAR.match(core)
    if m:
        return TimexSpec("absolute", year=int(m["y"]))
    for pattern in (_RE_MDY, _RE_DMY):
        m = pattern.match(core)
        if m and m["mon"] in MONTHS:
            day = int(m["d"]) if m["d"] else None
            if day is not None and not 1 <= day <= 31:
                return None
            return TimexSpec(
                "absolute", year=int(m["y"]) if m["y"] else None, month=MONTHS[m["mon"]], day=day
            )
    m = _RE_WEEKDAY.match(_strip_hedges(raw))
    if m and m["wd"] in WEEKDAYS:
        return TimexSpec(
            "weekday",
            weekday=WEEKDAYS[m["wd"]],
            mode="last" if m["mode"] == "past" else m["mode"] or "",
        )
    return _parse_with_dateparser(core)


# "the same day", "that same day", "on that day": the day of the event just narrated.
_RE_SAME_DAY = re.compile(
    r"^(?:on\s+|later\s+|earlier\s+)?(?:the|that)\s+(?:very\s+)?(?:same\s+)?day$"
)
_LEAD_EVENT = re.compile(r"^(?:only|just|about|around|some|nearly|almost|the)\s+", re.I)


def _strip_hedges(raw: str) -> str:
    return re.sub(
        r"^(?:(?:on|in|at|since|by|until|about|around|only|just|nearly|almost|some)\s+)+", "", raw
    )


def _parse_with_dateparser(core: str) -> TimexSpec | None:
    """Absolute dates in forms our patterns do not read ("03/01/2020", "3rd of Jan 2020").

    Only accepted when the words carry a four-digit year: dateparser would otherwise fill the
    year (and the day) from today's date, which is exactly the anchoring we do ourselves.
    """
    if not re.search(r"\b(1[89]|20)\d\d\b", core) or not re.search(r"\d", core):
        return None
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    data = parser.get_date_data(core)
    if data.date_obj is None:
        return None
    period = data.period or "day"
    if period == "year":
        return TimexSpec("absolute", year=data.date_obj.year)
    if period == "month":
        return TimexSpec("absolute", year=data.date_obj.year, month=data.date_obj.month)
    return TimexSpec(
        "absolute", year=data.date_obj.year, month=data.date_obj.month, day=data.date_obj.day
    )


def last_weekday(reference: dt.date, weekday: int, *, allow_same_day: bool = False) -> dt.date:
    """The latest `weekday` (0 = Monday) before `reference`: 1-7 days before, or 0-6 days
    before when `allow_same_day` (a bare "Monday" in a report published on a Monday)."""
    back = (reference.weekday() - weekday) % 7
    if back == 0 and not allow_same_day:
        back = 7
    return reference - dt.timedelta(days=back)


def _fmt(date: dt.date, precision: Precision) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _shift_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


Resolved = tuple[str | None, Precision | None, Anchor]
_UNRESOLVED: Resolved = (None, None, "unresolved")


def anchor_spec(
    spec: TimexSpec | None, ref: Reference | None, *, ref_year: int | None = None
) -> Resolved:
    """The (value, precision, anchor) a spec denotes given the reference date.

    `ref_year` supplies the year for year-less dates when there is no reference date (an
    undated article that states a year elsewhere). Event-relative specs are anchored by
    `anchor_timexes`, which knows the earlier timexes; here they are unresolved.
    """
    if spec is None or spec.kind == "event":
        return _UNRESOLVED
    try:
        return _anchor(spec, ref, ref_year)
    except (ValueError, OverflowError):  # impossible dates ("February 30"), years past 9999
        return _UNRESOLVED


def _anchor(spec: TimexSpec, ref: Reference | None, ref_year: int | None) -> Resolved:
    if spec.kind == "absolute":
        if spec.year is not None:
            if spec.month is None:
                return f"{spec.year:04d}", "year", "absolute"
            if spec.day is None:
                return f"{spec.year:04d}-{spec.month:02d}", "month", "absolute"
            return dt.date(spec.year, spec.month, spec.day).isoformat(), "day", "absolute"
        year = _year_for(spec.month or 1, ref, ref_year)
        if year is None or spec.month is None:
            return _UNRESOLVED
        if spec.day is None:
            return f"{year:04d}-{spec.month:02d}", "month", "publication"
        return dt.date(year, spec.month, spec.day).isoformat(), "day", "publication"
    if ref is None:
        return _UNRESOLVED
    d, p = ref.date, ref.precision
    if spec.kind == "month" and spec.month is not None and p != "year":
        if spec.mode == "next":
            year = d.year + (1 if spec.month <= d.month else 0)
        elif spec.mode == "this":
            year = d.year
        else:  # "last October": strictly before the reference month
            year = d.year - (1 if spec.month >= d.month else 0)
        return f"{year:04d}-{spec.month:02d}", "month", "publication"
    if spec.kind == "weekday" and spec.weekday is not None and p == "day":
        if spec.mode == "next":
            date = d + dt.timedelta(days=(spec.weekday - d.weekday() - 1) % 7 + 1)
        elif spec.mode == "coming":  # a bare weekday under a future verb: 0-6 days after
            date = d + dt.timedelta(days=(spec.weekday - d.weekday()) % 7)
        else:
            date = last_weekday(d, spec.weekday, allow_same_day=spec.mode in ("", "this"))
        return date.isoformat(), "day", "publication"
    if spec.kind == "ago":
        return _offset(d, p, -spec.amount, spec.unit, spec.vague, "publication")
    if spec.kind == "deictic":
        return _deictic(spec.word, d, p)
    return _UNRESOLVED


def _year_for(month: int, ref: Reference | None, ref_year: int | None) -> int | None:
    if ref is not None and ref.precision != "year":
        return ref.date.year - (1 if month > ref.date.month else 0)
    if ref is not None:
        return ref.date.year
    return ref_year


def _offset(
    d: dt.date, p: Precision, amount: int, unit: str, vague: bool, anchor: Anchor
) -> Resolved:
    if unit in UNIT_DAYS:
        if p != "day":
            return _UNRESOLVED
        date = d + dt.timedelta(days=amount * UNIT_DAYS[unit])
        return _fmt(date, "month" if vague else "day"), "month" if vague else "day", anchor
    if unit == "month":
        if p == "year":
            return _UNRESOLVED
        date = _shift_months(d, amount)
        prec: Precision = "year" if vague else "month"
        return _fmt(date, prec), prec, anchor
    return f"{d.year + amount:04d}", "year", anchor


def _deictic(word: str, d: dt.date, p: Precision) -> Resolved:
    day_offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if word in day_offsets:
        return _offset(d, p, day_offsets[word], "day", False, "publication")
    if "week" in word or "days" in word:
        if p != "day":
            return _UNRESOLVED
        shift = -7 if word.startswith(("last", "past")) else 7 if word.startswith("next") else 0
        return _fmt(d + dt.timedelta(days=shift), "month"), "month", "publication"
    if "month" in word:
        if p == "year":
            return _UNRESOLVED
        shift = -1 if word.startswith("last") else 1 if word.startswith("next") else 0
        return _fmt(_shift_months(d, shift), "month"), "month", "publication"
    shift = -1 if word.startswith("last") else 1 if word.startswith("next") else 0
    return f"{d.year + shift:04d}", "year", "publication"


def normalise(text: str, published: str | None) -> Resolved:
    """(value, precision, anchor) of one expression against an ISO publication date.

    The convenience form of parse_timex + anchor_spec, for callers and tests; never raises.
    """
    return anchor_spec(parse_timex(text), parse_iso(published))


def inferred_reference(specs: Iterable[TimexSpec | None]) -> tuple[Reference | None, int | None]:
    """For an undated article: (reference day, reference year) from what it reports.

    The year is the latest year the article states; year-less days take it; the reference
    day is the latest day-precision date then known, a lower bound for the publication date.
    """
    specs = [s for s in specs if s is not None and s.kind == "absolute"]
    years = [s.year for s in specs if s.year is not None]
    if not years:
        return None, None
    ref_year = max(years)
    days = []
    for s in specs:
        if s.month is None or s.day is None:
            continue
        try:
            days.append(dt.date(s.year or ref_year, s.month, s.day))
        except ValueError:
            continue
    if not days:
        return None, ref_year
    return Reference(max(days), "day", inferred=True), ref_year


# A future verb before a bare weekday in its clause: "will meet on Thursday", "is due to
# vote Friday", "plans to travel on Monday"; or after it: "On Friday, the team will ...".
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|'ll|’ll|shall|is (?:due|set|scheduled|expected|going) to|are (?:due|set|"
    r"scheduled|expected|going) to|plans? to|intends? to|to be held|is to|are to)\b[^.;:!?]*$",
    re.I,
)
_FUTURE_AFTER = re.compile(r"^[^.;:!?]{0,40}?\b(?:will|'ll|’ll|shall)\b", re.I)
FUTURE_WINDOW = 80


def future_context(text: str, start: int, end: int) -> bool:
    """True when the verb a weekday hangs on is future ("will meet Thursday"): news
    convention then reads the bare weekday forward (0-6 days after the reference)."""
    before = text[max(0, start - FUTURE_WINDOW) : start]
    before = re.split(r"[.!?;]\s|\n|[“”\"]", before)[-1]
    return bool(_FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(text[end : end + 60]))


# --- event anchoring -------------------------------------------------------------------

# Neighbourhood of an earlier timex searched for the words of the event a relative phrase
# names ("after the attack"): its own sentence and the next one ("... on the night of January
# 3. The attack killed ..."), at most this many characters after it, never reaching the
# relative phrase itself.
EVENT_CUE_WINDOW = 400
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "after",
        "before",
        "from",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "said",
    ]
)


def _cue_window(text: str, timex: Timex, here: int) -> str:
    """The sentence of an earlier timex and the next one, stopping before `here`."""
    before = text[max(0, timex.start - EVENT_CUE_WINDOW) : timex.start]
    ends = list(_SENTENCE_END.finditer(before))
    start = timex.start - len(before) + (ends[-1].end() if ends else 0)
    limit = min(here, timex.end + EVENT_CUE_WINDOW)
    ends_after = list(_SENTENCE_END.finditer(text, timex.end, limit))
    stop = ends_after[1].end() if len(ends_after) > 1 else limit
    return text[start:stop]


def _cue_stems(cue: str) -> set[str]:
    words = re.findall(r"[a-z]+", cue.lower())
    return {w[:5] for w in words if w not in _STOP and len(w) > 2}


def anchor_timexes(
    article: Article,
    spans: Sequence[tuple[int, int]],
    ref: Reference | None = None,
    *,
    year: int | None = None,
) -> tuple[Timex, ...]:
    """Timexes for the given spans of `article`, anchored per the rules in the module doc.

    `ref` overrides the article's publication date (the resolve stage passes an inferred one).
    Without either, there is no reference day: relatives ("Friday", "yesterday") stay
    unresolved; `year` (the story's year, from the resolve stage) is then a year-precision
    reference (year-less dates and "last year" take it), else year-less dates take the latest
    year the article states (`inferred_reference`). The latest day an undated
    article reports is only a lower bound of its publication date: anchoring weekdays on it
    put a whole story years in the past (issue 17).
    """
    text = article.text
    spans = sorted(set(spans))
    specs = [parse_timex(text[s:e]) for s, e in spans]
    ref_year = None
    if ref is None:
        ref = parse_iso(article.published)
    if ref is None and year is not None:
        ref = Reference(dt.date(year, 1, 1), "year", inferred=True)
    elif ref is None:
        ref_year = inferred_reference(specs)[1]
    out: list[Timex] = []
    for (start, end), spec in zip(spans, specs, strict=True):
        future = spec is not None and spec.kind == "weekday" and not spec.mode
        if future and spec is not None and future_context(text, start, end):
            spec = replace(spec, mode="coming")
        if spec is not None and spec.kind == "event":
            value, precision, anchor = _anchor_on_event(spec, out, text, start)
        else:
            value, precision, anchor = anchor_spec(spec, ref, ref_year=ref_year)
        out.append(Timex(article.id, start, end, text[start:end], value, precision, anchor))
    return tuple(out)


def _anchor_on_event(spec: TimexSpec, earlier: Sequence[Timex], text: str, here: int) -> Resolved:
    candidates = [t for t in earlier if t.precision == "day" and t.value]
    if not candidates:
        return _UNRESOLVED
    chosen = candidates[-1]
    stems = _cue_stems(spec.word)
    if stems:
        for t in reversed(candidates):
            window = _cue_window(text, t, here)
            if stems & _cue_stems(window):
                chosen = t
                break
    base = dt.date.fromisoformat(chosen.value or "")
    return _offset(base, "day", spec.amount, spec.unit, spec.vague, "event")


# --- finding spans in a parsed Doc ------------------------------------------------------

_PART_OF_DAY = re.compile(r"^(?:on\s+)?the\s+(?:night|morning|evening|afternoon|dawn)\s+of$", re.I)
_RE_EXTRA = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:the\s+)?(?:day|week|month|year)\s+(?:before|after|later|earlier)"
    r"|(?:(?:last|next|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|yesterday|today|tomorrow|(?:the|that)\s+(?:very\s+)?same\s+day)\b",
    re.I,
)
_RELATIVE_HEAD = re.compile(r"^(?:day|week|month|year)s?$", re.I)


def timexes_in(doc: Doc, article: Article) -> tuple[Timex, ...]:
    """Every time expression of the article, with its normalised value and anchor."""
    spans = _find_spans(doc, article)
    return anchor_timexes(article, spans)


def _find_spans(doc: Doc, article: Article) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    ents = list(doc.ents)
    for i, ent in enumerate(ents):
        if ent.label_ == "TIME" and _PART_OF_DAY.match(ent.text.strip()) and i + 1 < len(ents):
            nxt = ents[i + 1]
            if nxt.label_ == "DATE" and nxt.start_char - ent.end_char <= 1:
                found.append((ent.start_char, nxt.end_char))
            continue
        if ent.label_ != "DATE":
            continue
        if found and found[-1][1] == ent.end_char:
            continue  # already merged with a preceding "the night of"
        start, end = ent.start_char, _widen_right(ent)
        found.append((start, end))
    text = doc_text(doc)
    for m in _RE_EXTRA.finditer(text):
        s, e = m.start(), m.end()
        if any(s < fe and fs < e for fs, fe in found):
            # widen an entity that spaCy cut short: "2020-01" of "2020-01-06", "The day" of
            # "The day after"
            found = [
                (min(fs, s), max(fe, e)) if s < fe and fs < e else (fs, fe) for fs, fe in found
            ]
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        found.append((s, _widen_right(span) if span is not None else e))
    # The TimeML finder's candidates (spaCy DATE and TIME entities, our grammar) where
    # nothing above found a date: month-days and years spaCy misses ("on October 2").
    from storylens.extract.timeml import timeml_spans

    for s, e in timeml_spans(doc, article):
        if not any(s < fe and fs < e for fs, fe in found):
            found.append((s, e))
    return sorted(
        (s, e)
        for s, e in set(found)
        if text[s:e].strip()
        and not article.in_boilerplate(s, e)
        and parse_timex(text[s:e]) is not None
    )


def _widen_right(ent: SpacySpan) -> int:
    """Take in "after/before <the event>" so the event a relative date hangs on is kept."""
    doc = ent.doc
    nxt = ent.end
    if nxt < len(doc) and doc[nxt].lower_ in ("after", "before", "later", "earlier"):
        last = doc[ent.end - 1]
        if not _RELATIVE_HEAD.search(last.text):
            return ent.end_char
        if doc[nxt].lower_ in ("later", "earlier"):
            return doc[nxt].idx + len(doc[nxt])
        subtree_end = max(t.i for t in doc[nxt].subtree)
        stop = nxt
        for t in doc[nxt + 1 : subtree_end + 1]:
            if t.is_punct and t.text in ",;:.()":
                break
            stop = t.i
        return doc[stop].idx + len(doc[stop])
    return ent.end_char
