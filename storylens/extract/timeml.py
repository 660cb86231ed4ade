"""Time expressions typed and valued as TimeML TIMEX3 (DATE, TIME, DURATION, SET).

Finding: spaCy's DATE and TIME entities are candidates beside our own grammar (`_GRAMMAR`:
weekdays, "now", "three days", "daily", "the third quarter", clock times ...); the union is
taken, an overlap keeps the longer span, and leading prepositions are trimmed ("on Monday" ->
"Monday", as TimeBank spans are).

Valuing (`timeml_value`), on the document creation time / publication date D:
- DATE: ISO day / month / year ("1998-01-08", "1998-01", "1998"), ISO week ("1998-W02", "this
  week"), quarter ("1997-Q3"), half ("1989-H2"), season ("1997-FA"), decade ("199" for the
  1990s), century ("19"); PRESENT_REF ("now", "currently"), PAST_REF ("recently", "the past"),
  FUTURE_REF ("the future").
- TIME: a day plus a clock time or a part of day ("1998-01-08T22:00", "1998-01-08TNI").
- DURATION: "P3D", "PT2H", "P2Y", vague amounts with X ("PXY" for "years", "a few years").
- SET: "P1D" (daily, every day), "P1W", "P1M", "P1Y", "XXXX-WXX-4" (each Thursday).

Anchoring follows news convention (the same rules as timex.py, which this module reuses for the
dates it can read): a bare weekday is the nearest such day to D in the direction of the tense of
the verb it modifies (past: 0-6 days before, future: 0-6 days after); "last Friday" is 1-7 days
before; a month without a year takes D's year (the previous year when the month lies more than
two months after D's month and the verb is past, more than six and it is present); "last week"
is the ISO week of D - 7 days; a quarter named without a year is the latest such quarter not
after D's quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from storylens.extract.timex import MONTHS, WEEKDAYS, Reference, anchor_spec, parse_iso, parse_timex
from storylens.model import Article
from storylens.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Tense", "TimeML", "tense_at", "timeml_in", "timeml_spans", "timeml_value"]

Tense = Literal["past", "present", "future"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True)
class TimeML:
    """One time expression with its TIMEX3 type and value (None when we cannot value it)."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str | None


# --- numbers ---------------------------------------------------------------------------

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1, "single": 1,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS |= {"4th": 4, "final": 4, "last": 4}
_VAGUE = r"(?:a few|few|several|a couple of|couple of|many|some|numerous|recent|the past few|the last few|the next few|coming)"
_NUM_WORD = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True)) + r"|hundred|a hundred)"
)
_NUM = rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{_NUM_WORD}(?:\s+and\s+a\s+half)?)"


def number(word: str) -> float | None:
    """The value of a number in digits or English words ("twenty four" -> 24), else None."""
    w = word.lower().strip()
    half = 0.5 if w.endswith(("1/2", "and a half")) else 0.0
    w = re.sub(r"\s*(?:1/2|and a half)$", "", w).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w) + half
    if w in ("hundred", "a hundred"):
        return 100.0 + half
    parts = re.split(r"[\s-]+", w)
    total = 0
    for p in parts:
        if p in _TENS:
            total += _TENS[p]
        elif p in _UNITS_WORDS:
            total += _UNITS_WORDS[p]
        else:
            return None
    return float(total) + half


# --- the grammar -----------------------------------------------------------------------

_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_PART = r"(?:morning|afternoon|evening|night|overnight)"
_UNIT = r"(?:second|minute|hour|day|week|weekend|month|quarter|year|decade|century|centuries)"
_HEDGE = (
    r"(?:(?:more|less|fewer) than|at least|at most|no more than|nearly|almost|about|around|"
    r"roughly|some|only|just|over|up to|approximately|another|the)\s+"
)
_SPAN_MOD = r"(?:(?:the\s+)?(?:past|last|next|first|coming|previous|following|final|latest)\s+)"
_CLOCK = (
    r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?:\s+(?:[ECMP][SD]T|GMT))?|\d{1,2}:\d{2}"
    r"|noon|midnight|midday)"
)

_GRAMMAR = re.compile(
    r"\b(?:"
    # clock times, optionally with a day
    rf"(?:(?:about|around|at)\s+)?{_CLOCK}(?:\s+(?:on\s+)?(?:{_WD}|today|yesterday|tomorrow))?"
    # weekday (+ part of day), with last/next/this
    rf"|(?:(?:last|next|this|past|early|late)\s+)?{_WD}(?:\s+{_PART})?"
    rf"|(?:early|late)?\s*(?:this|yesterday|tomorrow)\s+{_PART}|tonight|last\s+night|overnight"
    # deictic days, now
    r"|today|yesterday|tomorrow|now|currently|recently|nowadays|these\s+days"
    r"|(?:last\s+|next\s+|this\s+)?(?:thanksgiving(?:\s+day)?|election\s+day|christmas(?:\s+day)?"
    r"|new\s+year's\s+day)"
    r"|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|(?<=in\s)future|the\s+past"
    # this/last/next + unit or season
    rf"|(?:(?:early|late|earlier|later)\s+)?(?:this|last|next|the\s+past|the\s+current)\s+"
    r"(?:week|weekend|month|year|quarter|spring|summer|fall|autumn|winter|decade|century)"
    r"|(?:the\s+)?weekend"
    # quarters and halves
    r"|(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:quarter|half|period)"
    r"(?:\s+of\s+(?:19|20)\d\d)?"
    r"|the\s+(?:latest\s+|same\s+|current\s+|year-(?:ago|earlier)\s+)?(?:quarter|period)"
    # sets
    r"|daily|weekly|monthly|annually|yearly|hourly|nightly"
    rf"|(?:every|each|per)\s+(?:other\s+)?(?:{_UNIT}|{_WD}|{_MON})"
    # amounts of a unit: durations, "N years ago"
    rf"|(?:{_HEDGE})?(?:{_SPAN_MOD})?(?:{_NUM}|{_VAGUE})[\s-]+{_UNIT}s?(?:[\s-]+(?:old|long))?"
    r"(?:\s+(?:ago|earlier|later|before|after))?"
    rf"|(?:{_SPAN_MOD}|recent\s+)(?:{_UNIT})s"
    r"|(?:years|months|weeks|decades|centuries)(?:\s+ago)?"
    # decades, years, month-days
    r"|(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?:19|20)?\d0'?s|the\s+'\d0s"
    r"|(?:(?:early|late|mid-?)\s*)?(?<![\d,.$])(?:1[6-9]\d\d|20[0-4]\d)(?!\d|,\d|\s*(?:%|percent))"
    rf"|{_MON}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:1[6-9]|20)\d\d)?(?![\d:])"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?(?:,?\s+(?:1[6-9]|20)\d\d)?"
    rf"|{_MON}\.?\s+(?:this|last|next)\s+year"
    r"|nineteen[\s-](?:ninety|eighty|seventy|sixty|fifty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r")\b",
    re.I,
)

_LEADING_PREP = re.compile(
    r"^(?:(?:on|in|at(?!\s+(?:least|most)\b)|during|since|until|till|by|from|for|of|through|throughout|within|"
    r"before|after|over|about|only|just|barely|as long as|between|and|to)\s+)+"
    r"|^the\s+(?=\d|(?:[a-z]+-)+(?:second|minute|hour|day|week|month|year)\b"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
    r"|^an?\s+(?=(?:first|second|third|fourth)-quarter)",
    re.I,
)
_TRAILING = re.compile(r"(?:\s+(?:after|before|and|to|or|until|from))+$", re.I)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    lead = len(span) - len(span.lstrip())
    start += lead
    span = span.lstrip()
    m = _LEADING_PREP.match(span)
    if m and m.end() < len(span):
        start += m.end()
    span = text[start:end]
    stripped = span.rstrip(" ,;:'\"”’)\n")
    if stripped.endswith(".") and not re.search(r"\b[ap]\.m\.$|\b[A-Z][a-z]{1,3}\.$", stripped):
        stripped = stripped[:-1]
    if stripped.endswith(("'s", "’s")):
        stripped = stripped[:-2]
    stripped = _TRAILING.sub("", stripped)
    end = start + len(stripped)
    return start, end


_RANGE = re.compile(r"^(?P<a>.+?)\s*(?:\s(?:to|and|through|until)\s|-|–)\s*(?P<b>.+)$", re.I)


def _split_range(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'between 1994 and 1997', '1991 to 1997', 'Friday to December' -> two spans; so is
    'the quarter ended Sept. 30' (the period, and the day it ended)."""
    span = text[start:end]
    m = re.search(r"\s+(?:ended|ending)\s+", span)
    if m:
        return [(start, start + m.start()), _trim(text, start + m.end(), end)]
    m = _RANGE.match(span)
    if not m or not re.search(r"\d|day|month|year|week", m["b"], re.I):
        return [(start, end)]
    a, b = m["a"], m["b"]
    if re.fullmatch(r"\d{1,2}", b) or (
        re.fullmatch(r"[a-z]+", a.strip(), re.I)
        and (a.strip().lower() not in WEEKDAYS and a.strip().lower() not in MONTHS)
    ):
        return [(start, end)]
    if re.search(r"\d+-\w", span) and not re.search(r"\s(?:to|and|through|until)\s", span):
        return [(start, end)]
    return [(start, start + len(a)), _trim(text, start + m.start("b"), end)]


# Words of a spaCy DATE entity that make it no time expression TimeBank annotates.
_NOT_TIMEX = re.compile(
    r"^(?:\d+%?|age \d+|ages? \d+.*|the day|day|one|two|quarterly|annual|the night of|"
    r"(?:the )?(?:morning|evening|night|afternoon)s?|olympic|an end)$",
    re.I,
)


def timeml_spans(doc: Doc, article: Article) -> list[tuple[int, int]]:
    """Candidate spans: spaCy DATE/TIME entities and grammar matches, overlaps resolved."""
    text = doc_text(doc)
    cands: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            s, e = _trim(text, ent.start_char, ent.end_char)
            for s2, e2 in _split_range(text, s, e):
                if e2 > s2 and not _NOT_TIMEX.match(text[s2:e2]):
                    cands.append((s2, e2))
    for m in _GRAMMAR.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        if e > s:
            cands.append((s, e))
    # longest first; a span overlapping a kept one is dropped
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(cands), key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(s < ke and ks < e for ks, ke in kept):
            continue
        if article.in_boilerplate(s, e):
            continue
        kept.append((s, e))
    return sorted(kept)


_FUTURE_GOVERNORS = frozenset(
    {"schedule", "expect", "plan", "due", "set", "intend", "hope", "aim", "prepare", "want"}
)


def tense_at(doc: Doc, start: int, end: int) -> Tense:
    """The tense of the verb a span hangs on: future (will, 'll, shall, going to, scheduled),
    past (past-tense verb or auxiliary), else present."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "present"
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return "present"
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")] + [tok]
    words = {a.lower_ for a in aux}
    if words & {"will", "'ll", "shall", "wo", "would"} or (tok.lower_ == "going" and "to" in words):
        return "future"
    if re.search(r"\bas (?:soon|early) as\s*$", doc_text(doc)[max(0, start - 20) : start], re.I):
        return "future"  # "as soon as Tuesday"
    if tok.lemma_ in ("plan", "schedule") and tok.tag_ == "VBD":
        return "future"  # "planned a demonstration on Saturday": still to come at writing
    if "to" in words and tok.dep_ in ("xcomp", "ccomp", "advcl", "relcl", "acl"):
        gov = tok.head
        gov_aux = {c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")}
        if gov.lemma_ in _FUTURE_GOVERNORS or gov_aux & {"will", "'ll", "shall", "wo"}:
            return "future"
        if gov.tag_ == "VBD" or gov_aux & {"had", "did", "was", "were"}:
            return "past"
        return "future"  # "plans to meet Friday", "is to visit Tuesday"
    if (
        tok.lemma_ in _FUTURE_GOVERNORS
        and tok.tag_ in ("VBN", "JJ")
        and not words & {"was", "were", "had"}
    ):
        return "future"  # "is scheduled for Friday", "is expected Tuesday"
    if tok.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:
        return "future"  # "is meeting on Friday"
    if any(a.tag_ in ("VBD",) for a in aux) or words & {"has", "have", "had"}:
        return "past"
    if tok.tag_ == "VBN" and not words & {"be", "being"}:
        return "past"
    if tok.tag_ in ("VBP", "VBZ") and tok.lemma_ not in ("say", "be", "have"):
        return "future"  # news present with a day: "they meet separately Monday"
    return "present"


# A year-less month at most this far after D in a past-tense sentence keeps D's year: "declared
# a dividend payable Dec. 1" (D in October) is still to come. TimeBank's past-tense year-less
# months 1-2 months after D: 14 in D's year, 2 the year before; 3 or more months after: 1
# against 34.
NEAR_AHEAD_MONTHS = 2

# A document naming "quarter" this often is an earnings report (TimeBank's WSJ part).
QUARTERLY_MENTIONS = 3


def timeml_in(doc: Doc, article: Article) -> list[TimeML]:
    """Every time expression of the article with its TIMEX3 type and value."""
    ref = parse_iso(article.published)
    text = doc_text(doc)
    quarterly = len(re.findall(r"\bquarter\b", text, re.I)) >= QUARTERLY_MENTIONS
    out = []
    for s, e in timeml_spans(doc, article):
        words = text[s:e]
        context = text[max(0, s - 200) : min(len(text), e + 200)]
        if quarterly:  # an earnings report: "a year earlier" is the year-ago quarter
            context += " quarter"
        typed = timeml_value(words, ref, tense_at(doc, s, e), context=context)
        if typed is None or typed[1] is None:
            parts = _valued_parts(doc, s, e, ref, context, typed[0] if typed else None)
            if parts:
                out.extend(parts)
                continue
        if typed is None:
            out.append(TimeML(s, e, words, "DATE", None))
        else:
            out.append(TimeML(s, e, words, typed[0], typed[1]))
    return out


# Sub-spans of a candidate tried when the whole cannot be valued: at most this many words.
MAX_PART_WORDS = 8
_BARE_UNIT = re.compile(rf"(?:the\s+)?{_UNIT}s?", re.I)


def _valued_parts(
    doc: Doc,
    start: int,
    end: int,
    ref: Reference | None,
    context: str,
    kind: str | None,
    remainder: bool = False,
) -> list[TimeML]:
    """A candidate the normaliser cannot value as a whole ("d'etat last year", "both 1990",
    "today through Nov. 17", "the day Friday": spaCy's entity took a word too many) holds
    the longest part it can value, then the remainders on either side are tried again.
    A part keeps the whole's type when it had one ("several years" is no part of "several
    years ago"); a bare unit ("year" of "the following year") names no date."""
    text = doc_text(doc)
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]
    if not words or len(words) > MAX_PART_WORDS or (len(words) == 1 and not remainder):
        return []
    for size in range(len(words) - (0 if remainder else 1), 0, -1):
        for i in range(len(words) - size + 1):
            s, e = _trim(text, words[i][0], words[i + size - 1][1])
            if e <= s or _BARE_UNIT.fullmatch(text[s:e]) or _NOT_TIMEX.match(text[s:e]):
                continue
            typed = timeml_value(text[s:e], ref, tense_at(doc, s, e), context=context)
            if typed is None or typed[1] is None or (kind and typed[0] != kind):
                continue
            j = i + size
            left = _valued_parts(doc, start, words[i - 1][1], ref, context, kind, True) if i else []
            right = (
                _valued_parts(doc, words[j][0], end, ref, context, kind, True)
                if j < len(words)
                else []
            )
            return [*left, TimeML(s, e, text[s:e], typed[0], typed[1]), *right]
    return []
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            s, e = _trim(text, words[i][0], words[i + size - 1][1])
            if e <= s or _BARE_UNIT.fullmatch(text[s:e]) or _NOT_TIMEX.match(text[s:e]):
                continue
            typed = timeml_value(text[s:e], ref, tense_at(doc, s, e), context=context)
            if typed is None or typed[1] is None:
                continue
            left = _valued_parts(doc, start, words[i - 1][1], ref, context) if i else []
            j = i + size
            right = _valued_parts(doc, words[j][0], end, ref, context) if j < len(words) else []
            return [*left, TimeML(s, e, text[s:e], typed[0], typed[1]), *right]
    return []


# --- values ----------------------------------------------------------------------------

_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_OF_MONTH = {1: 3, 2: 3, 3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3}
_SEASON_ORDER = ["SP", "SU", "FA", "WI"]
_PART_CODE = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI", "midday": "MI",
}  # fmt: skip
_UNIT_CODE = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "weekend": "WE",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
    "centuries": "CE",
}  # fmt: skip
_PRESENT = {
    "now",
    "current",
    "currently",
    "nowadays",
    "these days",
    "present",
    "at present",
    "the present",
}
_PAST = {"recent", "recently", "the past", "previously", "formerly", "lately"}
_FUTURE = {"future", "the future", "the near future", "near future", "the distant future"}


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(code: str, d: dt.date, shift: int) -> str:
    """The season named relative to D: this (the one D is in or the coming one this year),
    last (the latest that started before D's season), next (the first after it)."""
    month = _SEASON_START[code]
    cur_start = max(
        (dt.date(y, m, 1) for y in (d.year - 1, d.year) for m in _SEASON_START.values()),
        key=lambda x: (x <= d, x if x <= d else dt.date.min),
    )
    if shift < 0:
        year = cur_start.year if month < cur_start.month else cur_start.year - 1
    elif shift > 0:
        year = cur_start.year if month > cur_start.month else cur_start.year + 1
    else:
        year = cur_start.year if cur_start.month == month else d.year
        if code == "WI" and d.month <= 2:
            year = d.year - 1
    return f"{year:04d}-{code}"


def _holiday_in(name: str, year: int) -> dt.date:
    if name == "thanksgiving":  # fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "election day":  # the Tuesday after the first Monday of November
        first = dt.date(year, 11, 2)
        return first + dt.timedelta(days=(1 - first.weekday()) % 7)
    if name == "christmas":
        return dt.date(year, 12, 25)
    return dt.date(year, 1, 1)


def _holiday(name: str, d: dt.date, mode: str, tense: Tense) -> dt.date:
    """A yearly holiday relative to D: the one this year unless the mode or tense says the
    previous (last, past verb and not yet come) or the next one."""
    this = _holiday_in(name, d.year)
    if mode == "last" or (mode == "" and tense == "past" and this > d):
        return this if this < d else _holiday_in(name, d.year - 1)
    if mode == "next" or (mode == "" and tense == "future" and this < d):
        return this if this > d else _holiday_in(name, d.year + 1)
    return this


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _duration(amount: float | None, unit: str) -> str:
    code = _UNIT_CODE[unit]
    if code == "DE":
        code, amount = "Y", None if amount is None else amount * 10
    if code == "CE":
        code, amount = "Y", None if amount is None else amount * 100
    if amount is None:
        n = "X"
    elif amount != int(amount):
        # 2 1/2 years -> P2Y6M, 5 1/2 hours -> PT5H30M
        whole = int(amount)
        sub = {"Y": ("M", 6), "TH": ("M", 30), "D": ("TH", 12), "M": ("D", 15)}.get(code)
        if sub is not None:
            head = f"PT{whole}H" if code == "TH" else f"P{whole}{code}"
            if sub[0] == "TH":
                return f"{head}T12H"
            return f"{head}{sub[1]}M"
        n = str(whole)
    else:
        n = str(int(amount))
    if code.startswith("T"):
        return f"PT{n}{code[1]}"
    return f"P{n}{code}"


def _shift(d: dt.date, unit: str, amount: int) -> tuple[str, str]:
    """(value, type) of D moved by `amount` units, at the unit's granularity."""
    if unit == "day":
        return (d + dt.timedelta(days=amount)).isoformat(), "DATE"
    if unit in ("week", "weekend"):
        return _week(d + dt.timedelta(days=7 * amount)), "DATE"
    if unit == "month":
        idx = d.year * 12 + d.month - 1 + amount
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}", "DATE"
    if unit == "quarter":
        y, q = _quarter(d)
        idx = y * 4 + q - 1 + amount
        return f"{idx // 4:04d}-Q{idx % 4 + 1}", "DATE"
    if unit == "year":
        return f"{d.year + amount:04d}", "DATE"
    if unit == "decade":
        return f"{(d.year + 10 * amount) // 10:03d}", "DATE"
    if unit in ("century", "centuries"):
        return f"{(d.year + 100 * amount) // 100:02d}", "DATE"
    if unit == "hour":
        return d.isoformat(), "TIME"
    return d.isoformat(), "DATE"


def _weekday_date(d: dt.date, weekday: int, mode: str, tense: Tense) -> dt.date:
    """News convention for a weekday relative to D (see the module doc)."""
    back = (d.weekday() - weekday) % 7
    fwd = (weekday - d.weekday()) % 7
    if mode in ("last", "past"):
        return d - dt.timedelta(days=back or 7)
    if mode == "next":
        return d + dt.timedelta(days=fwd or 7)
    if tense == "future":
        return d + dt.timedelta(days=fwd)
    return d - dt.timedelta(days=back)  # past and present: news reports what happened


def _clock(words: str) -> str | None:
    m = re.search(r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)", words)
    if m:
        h, mi = int(m[1]) % 12, int(m[2] or 0)
        if m[3].startswith("p"):
            h += 12
        return f"T{h:02d}:{mi:02d}"
    m = re.search(r"\b(\d{1,2}):(\d{2})\b", words)
    if m:
        return f"T{int(m[1]):02d}:{m[2]}"
    if re.search(r"\b(?:noon|midday)\b", words):
        return "T12:00"
    if re.search(r"\bmidnight\b", words):
        return "T24:00"
    m = re.search(r"\b(\d{1,2}|" + _NUM_WORD + r") in the (morning|afternoon|evening)", words)
    if m:
        h = int(number(m[1]) or 0)
        return f"T{h + (12 if m[2] != 'morning' and h < 12 else 0):02d}:00"
    return None


def timeml_value(
    words: str, ref: Reference | None, tense: Tense = "past", *, context: str = ""
) -> tuple[TimexType, str | None] | None:
    """(type, value) of one expression against the reference date; None when unreadable.

    `tense` is the tense of the verb the expression modifies; `context` the words around it
    (a "year earlier" in a sentence about quarters is a quarter).
    """
    w = re.sub(r"\s+", " ", words.lower().replace("’", "'")).strip(' ,.;:"')
    w = re.sub(
        r"^(?:about|around|approximately|roughly|only|just|some time|sometime|earlier|later)\s+",
        "",
        w,
    )
    w = re.sub(r"\s+or so(?=\s+ago$|$)", "", w)
    w = re.sub(r"^(?:the )?year two thousand$", "2000", w)
    w = re.sub(
        r"^an? (?=(?:\d+|" + _NUM_WORD + r")[\s-](?:second|minute|hour|day|week|month|year)s?$)",
        "",
        w,
    )
    m = re.fullmatch(rf"(?:early |late |mid-?)?({_MON}\.?(?: \d{{1,2}})?) this year", w)
    if m:
        w = m[1]
    m = re.fullmatch(rf"last ({_MON}\.? \d{{1,2}})", w)
    if m:
        w, tense = m[1], "past"
    m = re.fullmatch(r"(?:the )?first (\w+) months of (?:the year|(?:19|20)\d\d)", w)
    if m and number(m[1]):
        return "DURATION", _duration(number(m[1]), "month")
    w = w.replace("nineteen ", "19 ") if w.startswith(("nineteen ", "january nineteen")) else w
    spoken = re.search(r"\b19 (ninety|eighty|seventy|sixty|fifty)(?:[\s-](\w+))?$", w)
    if spoken:
        unit = _UNITS_WORDS.get(spoken[2] or "zero", 0)
        w = w[: spoken.start()] + f"19{_TENS[spoken[1]] + unit}"
    d = ref.date if ref is not None and ref.precision == "day" else None
    if not w:
        return None
    if w in _PRESENT:
        return "DATE", "PRESENT_REF"
    if w in _PAST:
        return "DATE", "PAST_REF"
    if w in _FUTURE:
        return "DATE", "FUTURE_REF"
    got = _set(w)
    if got is not None:
        return got
    m = re.fullmatch(
        r"(?:(last|next|this) )?(thanksgiving|election day|christmas|new year's day)(?: day)?", w
    )
    if m:
        if d is None:
            return "DATE", None
        return "DATE", _holiday(m[2], d, m[1] or "", tense).isoformat()
    got = _time(w, d, tense)
    if got is not None:
        return got
    got = _amount_expr(w, d, tense, context)
    if got is not None:
        return got
    got = _calendar_unit(w, d, tense, context)
    if got is not None:
        return got
    if w in ("year-earlier", "year-ago") and d and "quarter" in context.lower():
        y, q = _quarter(d)
        return "DATE", f"{y - 1:04d}-Q{q - 1 if q > 1 else 4}"
    return _date(w, ref, d, tense)


def _set(w: str) -> tuple[TimexType, str] | None:
    simple = {
        "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "hourly": "PT1H", "nightly": "P1D",
    }  # fmt: skip
    if w in simple:
        return "SET", simple[w]
    m = re.fullmatch(rf"({_WD})s(?: ({_PART})s)?|({_WD}) ({_PART})s", w)
    if m:
        wd = m[1] or m[3]
        part = m[2] or m[4]
        suffix = f"T{_PART_CODE[part]}" if part else ""
        return "SET", f"XXXX-WXX-{WEEKDAYS[wd] + 1}{suffix}"
    m = re.fullmatch(r"(?:every|each|per)\s+(other\s+)?(\w+)", w)
    if not m:
        return None
    unit = m[2].rstrip("s") if m[2] not in WEEKDAYS else m[2]
    n = "2" if m[1] else "1"
    if unit in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}"
    if unit in MONTHS:
        return "SET", f"XXXX-{MONTHS[unit]:02d}"
    if unit in _UNIT_CODE:
        code = _UNIT_CODE[unit]
        return "SET", f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"
    return None


def _time(w: str, d: dt.date | None, tense: Tense) -> tuple[TimexType, str | None] | None:
    clock = _clock(w)
    part = next((p for p in _PART_CODE if re.search(rf"\b{p}\b", w)), None)
    if clock is None and part is None:
        return None
    if clock is None and part is not None and w in ("morning", "afternoon", "evening", "night"):
        return None  # a bare "night" is no point in time
    day = _day_of(w, d, tense)
    if day is None:
        return "TIME", None
    if clock is not None:
        return "TIME", f"{day.isoformat()}{clock}"
    return "TIME", f"{day.isoformat()}T{_PART_CODE[part or 'night']}"


def _day_of(w: str, d: dt.date | None, tense: Tense) -> dt.date | None:
    """The day a time-of-day expression falls on: its weekday, yesterday, or D."""
    if d is None:
        return None
    m = re.search(rf"\b(last|next|this)?\s*({_WD})\b", w)
    if m:
        return _weekday_date(d, WEEKDAYS[m[2]], m[1] or "", tense)
    if "yesterday" in w or w.startswith("last night"):
        return d - dt.timedelta(days=1)
    if "tomorrow" in w:
        return d + dt.timedelta(days=1)
    return d


_AMOUNT_RE = re.compile(
    rf"^(?P<hedge>{_HEDGE})?(?P<mod>{_SPAN_MOD})?(?P<n>{_NUM}|{_VAGUE})[\s-]+(?P<unit>{_UNIT})s?"
    r"(?:[\s-]+(?:old|long))?(?:\s+(?P<dir>ago|earlier|later|before|after)\b.*)?$"
)
_VAGUE_RE = re.compile(
    rf"^(?:{_HEDGE})?(?:(?P<mod>{_SPAN_MOD}|recent\s+|coming\s+)?(?:few\s+|several\s+|many\s+)?)"
    rf"(?P<unit>{_UNIT}|centurie)s(?:\s+(?P<dir>ago))?$"
)


def _amount_expr(
    w: str, d: dt.date | None, tense: Tense, context: str
) -> tuple[TimexType, str | None] | None:
    m = _AMOUNT_RE.match(w)
    if m:
        raw = m["n"]
        amount = None if re.fullmatch(_VAGUE, raw) else number(raw)
        unit = m["unit"]
        if m["dir"] in ("ago", "earlier", "before") and not (m["mod"] or "").strip():
            if d is None or amount is None:
                return "DATE", None
            if unit == "year" and amount == 1 and "quarter" in context.lower():
                y, q = _quarter(d)
                return "DATE", f"{y - 1:04d}-Q{q - 1 if q > 1 else 4}"
            return _relative(d, unit, -int(amount))
        if m["dir"] in ("later", "after") and not (m["mod"] or "").strip():
            if d is None or amount is None:
                return "DATE", None
            return _relative(d, unit, int(amount))
        return "DURATION", _duration(amount, unit)
    m = _VAGUE_RE.match(w)
    if m:
        unit = m["unit"].replace("centurie", "century")
        if m["dir"] == "ago":
            return "DATE", "PAST_REF"
        return "DURATION", _duration(None, unit)
    return None


def _relative(d: dt.date, unit: str, amount: int) -> tuple[TimexType, str | None]:
    value, kind = _shift(d, unit, amount)
    return ("TIME" if kind == "TIME" else "DATE"), value


_CAL_RE = re.compile(
    r"^(?:(?P<edge>early|late|earlier|later|the end of|the beginning of|the start of)\s+)?"
    r"(?P<mode>this|last|next|the past|the current|past|the previous|the coming|the)\s+"
    r"(?P<unit>week|weekend|month|year|quarter|spring|summer|fall|autumn|winter|decade|century)$"
)
_QUARTER_RE = re.compile(
    r"^(?:(?:the|its|their|a)\s+)?(?:fiscal[\s-]+(?:year\s+)?)?"
    r"(?P<n>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+"
    r"(?P<unit>quarter|half|period)(?:\s+of\s+(?P<y>(?:19|20)\d\d))?$"
)


def _calendar_unit(
    w: str, d: dt.date | None, tense: Tense, context: str
) -> tuple[TimexType, str | None] | None:
    m = _QUARTER_RE.match(w)
    if m:
        n = _ORDINALS.get(m["n"], 4)
        if m["unit"] == "half":
            if m["y"]:
                return "DATE", f"{m['y']}-H{min(n, 2)}"
            if d is None:
                return "DATE", None
            return "DATE", f"{d.year - (1 if min(n, 2) * 6 > d.month + 5 else 0):04d}-H{min(n, 2)}"
        if m["y"]:
            return "DATE", f"{m['y']}-Q{n}"
        if d is None:
            return "DATE", None
        y, q = _quarter(d)
        year = y - 1 if n > q and tense != "future" else y
        return "DATE", f"{year:04d}-Q{n}"
    m = re.fullmatch(
        r"the (?:latest |same |current |most recent |recent )?(?:quarter|period)"
        r"|the year-(?:ago|earlier) (?:quarter|period)",
        w,
    )
    if m:
        if d is None:
            return "DATE", None
        y, q = _quarter(d)
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        if "year-" in w:
            y -= 1
        return "DATE", f"{y:04d}-Q{q}"
    if w in ("the weekend", "weekend", "this weekend", "last weekend", "next weekend"):
        if d is None:
            return "DATE", None
        if w.startswith("next") or (tense == "future" and not w.startswith("last")):
            base = d if d.weekday() < 5 else d + dt.timedelta(days=7)
        else:
            base = d - dt.timedelta(days=7) if d.weekday() < 5 else d
        return "DATE", f"{_week(base)}-WE"
    m = _CAL_RE.match(re.sub(r"^this (?:past|coming) ", lambda x: x[0].split()[1] + " ", w))
    if not m:
        return None
    if d is None:
        return "DATE", None
    mode, unit = m["mode"], m["unit"]
    if mode == "the" and unit not in _SEASONS:
        return None
    shift = {"last": -1, "the past": -1, "past": -1, "the previous": -1, "next": 1}.get(mode, 0)
    shift = 1 if mode == "the coming" else shift
    if unit in _SEASONS:
        return "DATE", _season(_SEASONS[unit], d, shift)
    if mode == "the past" and unit in ("week", "month", "year", "decade"):
        return "DURATION", _duration(1, unit)
    value, _kind = _shift(d, unit, shift)
    return "DATE", value


_DECADE_RE = re.compile(r"^(?:the )?(?:early |mid-?|late )?(?P<c>19|20)?(?P<d>\d)0'?s$")
_WORD_DECADE = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


def _date(
    w: str, ref: Reference | None, d: dt.date | None, tense: Tense
) -> tuple[TimexType, str | None] | None:
    m = _DECADE_RE.match(w)
    if m:
        century = m["c"] or ("19" if ref is None or ref.date.year < 2000 else "20")
        return "DATE", f"{century}{m['d']}"
    m = re.fullmatch(r"(?:the )?(?:early |mid-?|late )?(\w+)", w)
    if m and m[1] in _WORD_DECADE:
        return "DATE", f"19{_WORD_DECADE[m[1]]}"
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", w)
    if m:
        return "DATE", f"{int(m[1]) - 1:02d}"
    m = re.fullmatch(rf"(?:(last|next|this|past|early|late)\s+)?({_WD})", w)
    if m:
        if d is None:
            return "DATE", None
        mode = m[1] if m[1] in ("last", "next", "past") else ""
        return "DATE", _weekday_date(d, WEEKDAYS[m[2]], mode, tense).isoformat()
    m = re.fullmatch(r"(?:the )?(?:fiscal|fiscal year|fy) ?((?:19|20)\d\d)", w)
    if m:
        return "DATE", m[1]
    if d and w in ("late yesterday", "early yesterday", "yesterday"):
        return "DATE", (d - dt.timedelta(days=1)).isoformat()
    if d and re.fullmatch(
        r"(?:the )?(?:current |latest |full )?(?:fiscal )?year|year-end|year end", w
    ):
        return "DATE", f"{d.year:04d}"
    if w in ("year-earlier", "year-ago") and d:
        return "DATE", f"{d.year - 1:04d}"
    m = re.fullmatch(
        r"(?:a |the )?(?:(this|last|next) year's|((?:19|20)\d\d))?\s*"
        r"(?:(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?quarter",
        w,
    )
    if m and (m[1] or m[2]) and d:
        year = int(m[2]) if m[2] else d.year + {"this": 0, "last": -1, "next": 1}[m[1]]
        if m[3]:
            return "DATE", f"{year:04d}-Q{_ORDINALS[m[3]]}"
        return "DATE", f"{year:04d}-Q{_quarter(d)[1] - 1 or 4}"
    if re.fullmatch(r"(?:several|a few|many) years ago", w):
        return "DATE", "PAST_REF"
    m = re.fullmatch(rf"the previous ({_WD})", w)
    if m and d:
        return "DATE", _weekday_date(d, WEEKDAYS[m[1]], "last", tense).isoformat()
    m = re.fullmatch(
        r"(?:its |the )?(?:fiscal )?(?:(first|second|third|fourth) )?(quarter|year|(\w+) months)"
        r" end(?:ed|ing) (.+)",
        w,
    )
    if m:
        end = timeml_value(m[4], ref, "past")
        if end is None or end[1] is None or not re.match(r"\d{4}-\d{2}", end[1]):
            return "DATE", None
        y, mo = int(end[1][:4]), int(end[1][5:7])
        if m[2] == "quarter":
            return "DATE", f"{y:04d}-Q{(mo - 1) // 3 + 1}"
        if m[2] == "year":
            return "DATE", f"{y:04d}"
        n = number(m[3] or "")
        return "DURATION", _duration(n, "month")
    m = re.fullmatch(rf"({_MON})\.? (this|last|next) year", w)
    if m and d:
        year = d.year + {"this": 0, "last": -1, "next": 1}[m[2]]
        return "DATE", f"{year:04d}-{MONTHS[m[1]]:02d}"
    m = re.fullmatch(r"(?:the )?(last|past|this|next|previous) (decade|century)", w)
    if m and d:
        shift = {"this": 0, "next": 1}.get(m[1], -1)
        return "DATE", _shift(d, m[2], shift)[0]
    spec = parse_timex(w)
    if spec is None:
        return None
    if spec.kind == "event":
        return "DATE", None
    if spec.kind == "absolute" and spec.year is None and spec.month and d:
        if tense == "future":
            year = d.year + (1 if spec.month < d.month else 0)
        elif tense == "past":  # a month or two ahead is a date still to come (module doc)
            year = d.year - (1 if spec.month - d.month > NEAR_AHEAD_MONTHS else 0)
        else:  # present: the nearest such month ("October" in February is last October)
            year = d.year + (
                -1 if spec.month - d.month > 6 else 1 if d.month - spec.month > 6 else 0
            )
        if spec.day:
            try:
                return "DATE", dt.date(year, spec.month, spec.day).isoformat()
            except ValueError:
                return "DATE", None
        return "DATE", f"{year:04d}-{spec.month:02d}"
    if spec.kind == "deictic" and ("week" in spec.word or spec.word.endswith("days")) and d:
        if "days" in spec.word:
            return "DATE", "PAST_REF"
        shift = -1 if spec.word.startswith(("last", "past")) else 0
        shift = 1 if spec.word.startswith("next") else shift
        return "DATE", _week(d + dt.timedelta(days=7 * shift))
    value, _precision, _anchor = anchor_spec(spec, ref)
    return "DATE", value
