"""Events across outlets: infer missing publication dates, date statements, merge mentions.

Three cross-article steps, run by resolve_story in this order:

1. `infer_publication_dates`: an article that states no publication date gets one when the
   evidence is good, and `published_source` says which evidence (best first):
   - "dateline": a year-less agency dateline ("OTTAWA, Jan 8 (Reuters)") with the year that
     puts it inside the story's span;
   - "inferred": the dates other outlets give the same event. Each of its event mentions
     dated relative to the publication date ("last Friday", a year-less "January 3") that
     matches a dated mention of the same kind of event elsewhere ("strike" ~ "attack", shared
     participants) constrains the publication date P: the set of P under which our anchoring
     rules give that date. Constraints of one mention are OR-ed, of different mentions AND-ed
     (one that would leave nothing is dropped). P is the earliest date left that is not before
     the latest date the article itself reports;
   - "stated": the latest full date (day, month and year) its own text states, photo
     captions included; a lower bound of the day of writing, so it anchors year-less
     dates but not weekdays.
   Every candidate must lie inside the story's span: the publication dates that dated
   articles state (metadata, a header, a "Published / Last Update" line), widened by
   STORY_MARGIN_DAYS. A story with no dated article has no span, and its undated articles
   stay unknown: a date found in the body is then as likely a past event (PolNeAR: 1990,
   2000-09-11, 2008-11-03) as the day of writing. Only dated articles' mentions and absolute
   dates are evidence for others. An article left unknown in a story with a span has its
   year-less dates re-anchored on the story's year, never on the year of an older event it
   mentions; its weekdays stay unresolved.
2. `date_statements`: a statement gets the date its sentence gives for the speech ("on January
   10, he stated"), outside the quoted content, or else the article's publication date.
3. `resolve_events`: mentions with the same date (blocked by date at its precision, never all
   pairs) and a similar trigger class and participants become one Event; a month-precision
   mention then joins the one day-precision event of that month it clearly matches.

Steps 1 and 3 compare a mention only with the mentions that share a blocking key with it (its
article, its class where the class alone is enough, a participant name key), a bounded number
per key, so both grow linearly with the corpus (issue #5).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from storylens.extract.events import PARTICIPANT_LABELS, trigger_class
from storylens.extract.timex import (
    Reference,
    TimexSpec,
    anchor_spec,
    anchor_timexes,
    parse_iso,
    parse_timex,
)
from storylens.ingest.metadata import find_dateline, full_dates
from storylens.model import (
    Actor,
    ArticleRecords,
    Event,
    EventMention,
    Provenance,
    Span,
    Statement,
    Timex,
)

__all__ = [
    "date_statements",
    "event_similarity",
    "infer_publication_dates",
    "resolve_events",
]

# Two mentions on the same day merge at this similarity (0.6 = same trigger class, no shared
# participant); coarser dates need shared participants too. Tuned on the dev gold
# (000 + 003) and checked by eye on 001, 002, 004; 0.5-0.7 gave the same merges there.
MERGE_DAY = 0.6
MERGE_COARSE = 0.8
# Weight of the trigger class against participant overlap in event_similarity.
CLASS_WEIGHT = 0.6
# rapidfuzz ratio at which two participant names are the same actor ("Soleimani" ~
# "Suleimani" is 89, "Iraq" ~ "Iran" is 75).
NAME_MATCH = 80
# Publication-date candidates searched after a matched event date (a year-less date can be up
# to a year before the report).
INFERENCE_WINDOW_DAYS = 366
# A publication date may lie this many days outside the span of the story's dated articles
# (a report written the day before the first dated one; Khashoggi: CBC's is 3 days before).
STORY_MARGIN_DAYS = 7
# Without a story span (no article of the story states its date), a publication date is
# inferred only when this many of the article's mentions agree on it: on PolNeAR dev (83
# undated articles from a month of 2016) single matches gave 2008, 2012 and 2015 dates.
UNSPANNED_EVIDENCE = 2
_SPEECH = frozenset({"statement", "other"})
# Entity labels of places and peoples: no evidence on their own that two statements are one.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
# A participant named in more than this share of a story's articles is one of its
# protagonists, no evidence that two mentions are the same event (story_protagonists).
PROTAGONIST_SHARE = 0.5
# Where a publication date is known from the article itself (not inferred).
KNOWN_SOURCES = frozenset({"flag", "sidecar", "html-meta", "jsonl", "text"})
DESCRIPTION_CHARS = 160
# Characters between two sentences that follow each other (whitespace, a newline or two).
ADJACENT_GAP = 3
# Classes a shared date and trigger class are enough for (a country rarely has two strikes or
# two parliament votes reported for the same day); statements, meetings and the rest also
# need a shared participant: several people speak every day.
CLASS_ALONE = frozenset({"attack", "vote", "election", "agreement"})
# Blocking (issue #5: these steps were quadratic in the corpus). Each constant below bounds the
# work of one mention whatever the corpus size; none is reached on the demo corpus (5 articles)
# or changes its results (checked: tests/test_events.py, eval.events on the dev gold).
# A blocking key (a name key, or a CLASS_ALONE class) reported on more days than this is too
# common to say which event a mention is (a head of state speaks every day, a war has a strike
# every day): like _GENERIC, but learned from the corpus, it is skipped when inferring a
# publication date. Its matches would give a union of windows covering months, whose
# earliest day, the one chosen, is the corpus' oldest event.
MAX_KEY_DAYS = 16
# Mentions of other articles compared per (key, date) when inferring: one match adds the date;
# more are tried only in case the first ones were another event with a similar name.
MENTIONS_PER_DATE = 4
# When merging the mentions of one date into events, a new mention is compared with the
# MAX_CLUSTERS_PER_KEY latest clusters of each key it has, through at most MEMBERS_PER_KEY
# members of each filed under that key: a day reported by hundreds of outlets then costs each
# mention the same. 1,600 FNC-1 bodies have at most ~50 mentions a date block (bench corpus).
MAX_CLUSTERS_PER_KEY = 8
MEMBERS_PER_KEY = 4
# Name keys: words shorter than MIN_KEY_WORD ("al", "bin") are not keys; a word's first
# PREFIX_CHARS letters are ("Kurd" ~ "Kurdish"); so is its consonant skeleton when it has
# MIN_SKELETON letters ("Soleimani" ~ "Suleimani"; "bm" of "Obama" matches too much).
MIN_KEY_WORD = 3
PREFIX_CHARS = 4
MIN_SKELETON = 3
# Participants too generic to say two mentions are about the same happening.
_GENERIC = frozenset(
    {
        "us",
        "u.s.",
        "american",
        "americans",
        "iraq",
        "iraqi",
        "iraqis",
        "united states",
        "washington",
    }
)


def _name(text: str) -> str:
    return re.sub(r"^the\s+|[’']s$", "", text.lower().strip())


def _participant_overlap(
    a: Sequence[str], b: Sequence[str], generic: frozenset[str] = frozenset()
) -> float | None:
    """Share of the smaller participant set found in the other; None when either is empty."""
    na = {_name(x) for x in a} - _GENERIC - generic
    nb = {_name(x) for x in b} - _GENERIC - generic
    if not na or not nb:
        return None
    hits = sum(
        1
        for x in na
        if any(fuzz.ratio(x, y) >= NAME_MATCH or fuzz.partial_ratio(x, y) >= 95 for y in nb)
    )
    return hits / min(len(na), len(nb))


def event_similarity(
    a: EventMention, b: EventMention, generic: frozenset[str] = frozenset()
) -> float:
    """0..1: trigger class agreement (CLASS_WEIGHT) plus participant overlap.

    `generic` names are left out of the overlap (the story's own protagonists when
    inferring publication dates: every mention of the story shares them)."""
    ca, cb = trigger_class(a.trigger), trigger_class(b.trigger)
    if ca != "other" and cb != "other":
        class_sim = 1.0 if ca == cb else 0.0
    else:
        class_sim = 1.0 if a.trigger == b.trigger else 0.4
    if class_sim == 0.0:
        return 0.0
    overlap = _participant_overlap(a.participants, b.participants, generic)
    if not overlap and not (ca == cb and ca in CLASS_ALONE):
        return 0.0
    return CLASS_WEIGHT * class_sim + (1 - CLASS_WEIGHT) * (overlap or 0.0)


# --- 1. publication dates ------------------------------------------------------------------


def infer_publication_dates(records: Sequence[ArticleRecords]) -> list[ArticleRecords]:
    """Records where every undated article got a publication date when the evidence is good.

    The index of dated mentions is built once and updated as articles get their dates, so an
    undated article costs its own mentions times a bounded number of candidates, not a scan
    of every other article (which made this step quadratic in the corpus).
    """
    out = list(records)
    span = story_span(out)
    undated = [i for i, r in enumerate(out) if r.article.published is None and r.article.analysed]
    # Articles whose own text already dates them go first: their dates then help the others.
    undated.sort(
        key=lambda i: (
            not any(t.anchor == "publication" for t in out[i].timexes),
            out[i].article.id,
        )
    )
    if span is not None and span[0].year == span[1].year:
        # year-less dates and "last year" take the story's year, not an older event's
        for i in undated:
            out[i] = _story_year_anchors(out[i], span[1].year)
    index = _DatedIndex(story_protagonists(out))
    for rec in out:
        index.add(rec)
    windows: dict[tuple[TimexSpec, str], frozenset[dt.date]] = {}
    for i in undated:
        source: Provenance = "dateline"
        published = _from_dateline(out[i], span) if span is not None else None
        if published is None:
            source = "inferred"
            published = _infer_one(out[i], index, windows, span or _NO_SPAN)
        if published is None and span is not None:
            source = "stated"
            published = _stated_date(out[i], span)
        if published is not None:
            index.remove(out[i])
            out[i] = reanchor(out[i], published, source)
            index.add(out[i])
    return out


_NO_SPAN = (dt.date.min, dt.date.max)


def story_protagonists(records: Sequence[ArticleRecords]) -> frozenset[str]:
    """Participant names found in more than PROTAGONIST_SHARE of a story's articles (three
    or more): "Khashoggi", "Saudi" say nothing about which event of the story a mention is."""
    if len(records) < 3:
        return frozenset()
    counts: dict[str, int] = defaultdict(int)
    for r in records:
        for name in {_name(p) for m in r.event_mentions for p in m.participants}:
            counts[name] += 1
    return frozenset(n for n, c in counts.items() if c > PROTAGONIST_SHARE * len(records))


def story_span(records: Sequence[ArticleRecords]) -> tuple[dt.date, dt.date] | None:
    """(first, last) publication day of the articles dated by themselves, widened by
    STORY_MARGIN_DAYS; None when no article states its day."""
    days = []
    for r in records:
        if r.article.published_source not in KNOWN_SOURCES:
            continue
        ref = parse_iso(r.article.published)
        if ref is not None and ref.precision == "day":
            days.append(ref.date)
    if not days:
        return None
    margin = dt.timedelta(days=STORY_MARGIN_DAYS)
    return min(days) - margin, max(days) + margin


def _from_dateline(
    rec: ArticleRecords, span: tuple[dt.date, dt.date]
) -> tuple[dt.date, Span | None] | None:
    """A year-less agency dateline dated with the year that puts it inside the span."""
    dl = find_dateline(rec.article.text)
    if dl is None:
        return None
    for year in sorted({span[0].year, span[1].year, dl.year or span[1].year}):
        try:
            day = dt.date(year, dl.month, dl.day)
        except ValueError:
            continue
        if span[0] <= day <= span[1] and (dl.year is None or dl.year == year):
            return day, dl.evidence
    return None


def _stated_date(
    rec: ArticleRecords, span: tuple[dt.date, dt.date]
) -> tuple[dt.date, Span | None] | None:
    """The latest full date the article states (its photo captions included), when it lies
    inside the story's span."""
    best: Timex | None = None
    for t in rec.timexes:
        if t.anchor != "absolute" or t.precision != "day" or not t.value:
            continue
        if not span[0] <= dt.date.fromisoformat(t.value) <= span[1]:
            continue
        if best is None or (t.value or "") > (best.value or ""):
            best = t
    found = [(dt.date.fromisoformat(best.value or ""), Span(best.start, best.end))] if best else []
    # a photo caption's date ("Jan. 8, 2020"): boilerplate to the extract stage, evidence here
    for f in full_dates(rec.article.text, rec.article.boilerplate):
        day = dt.date.fromisoformat(f.value)
        if span[0] <= day <= span[1]:
            found.append((day, f.evidence))
    return max(found, key=lambda x: x[0]) if found else None


def _story_year_anchors(rec: ArticleRecords, year: int) -> ArticleRecords:
    """An undated article left unknown: year-less dates take the story's year, relatives
    (weekdays, "yesterday") stay unresolved instead of following an older event's year."""
    timexes = anchor_timexes(rec.article, [(t.start, t.end) for t in rec.timexes], year=year)
    return _with_timexes(rec, rec.article, timexes)


def _name_keys(names: Sequence[str]) -> set[str]:
    """Blocking keys of participant names: any two names _participant_overlap matches share one.

    Why these: a shared word catches "Trump" ~ "Donald Trump"; the first PREFIX_CHARS letters
    of a word catch a name inside a longer one ("Kurd" ~ "Kurdish", partial_ratio); the
    consonant skeleton catches transliterations ("Soleimani" ~ "Suleimani", "Qassem" ~
    "Qasem"), the usual difference between outlets' spellings.
    """
    keys: set[str] = set()
    for name in {_name(x) for x in names} - _GENERIC:
        keys.add("n:" + name)
        for word in re.findall(r"\w+", name):
            if len(word) < MIN_KEY_WORD:
                continue
            keys.add("w:" + word[:PREFIX_CHARS])
            skeleton = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy\d_]", "", word))
            if len(skeleton) >= MIN_SKELETON:
                keys.add("s:" + skeleton)
    return keys


# date -> article id -> that article's mentions: an article's own entries can be skipped (its
# date is inferred from the others) and replaced when it is re-anchored, without a rebuild.
_Bucket = dict[str, dict[str, list[EventMention]]]


class _DatedIndex:
    """Day-precision event mentions of the corpus, by trigger class and by participant key.

    Classes in CLASS_ALONE match every same-class mention (event_similarity >= MERGE_DAY
    without participants), so only their dates are needed; the other classes need a shared
    participant, found through _name_keys.
    """

    def __init__(self, generic: frozenset[str] = frozenset()) -> None:
        self.by_class: dict[str, _Bucket] = defaultdict(dict)
        self.by_key: dict[tuple[str, str], _Bucket] = defaultdict(dict)
        self.generic = generic

    def _buckets(self, m: EventMention) -> list[_Bucket]:
        cls = trigger_class(m.trigger)
        if cls in CLASS_ALONE:
            return [self.by_class[cls]]
        return [self.by_key[(cls, key)] for key in sorted(_name_keys(m.participants))]

    @staticmethod
    def _reliable(rec: ArticleRecords) -> list[EventMention]:
        """Day-precision mentions that are evidence for other articles: all of a dated
        article's, only the stated days ("October 2, 2018", "January 3") of an undated one."""
        mentions = [m for m in rec.event_mentions if m.date and m.date_precision == "day"]
        if rec.article.published is not None:
            return mentions
        stated = {(t.start, t.end) for t in rec.timexes if _stated_day(t)}
        return [m for m in mentions if _timex_span(m) in stated]

    def add(self, rec: ArticleRecords) -> None:
        for m in self._reliable(rec):
            for bucket in self._buckets(m):
                bucket.setdefault(m.date or "", {}).setdefault(m.article, []).append(m)

    def remove(self, rec: ArticleRecords) -> None:
        for m in self._reliable(rec):
            for bucket in self._buckets(m):
                day = bucket.get(m.date or "", {})
                day.pop(m.article, None)
                if not day:
                    bucket.pop(m.date or "", None)

    def matched_dates(self, m: EventMention) -> set[str]:
        """Dates of other articles' day-precision mentions of the same event kind as m.

        Bounded: keys on more than MAX_KEY_DAYS days are skipped, and at most
        MENTIONS_PER_DATE mentions are compared per date (one match is enough to add it).
        """
        own = m.article
        found: set[str] = set()
        for bucket in self._buckets(m):
            if len(bucket) > MAX_KEY_DAYS:
                continue
            for date, by_article in bucket.items():
                if date in found:
                    continue
                others = (o for a, ms in by_article.items() if a != own for o in ms)
                for other in itertools.islice(others, MENTIONS_PER_DATE):
                    if event_similarity(m, other, self.generic) >= MERGE_DAY:
                        found.add(date)
                        break
        return found


def _infer_one(
    rec: ArticleRecords,
    index: _DatedIndex,
    windows: dict[tuple[TimexSpec, str], frozenset[dt.date]],
    span: tuple[dt.date, dt.date],
) -> tuple[dt.date, Span | None] | None:
    timex_at = {(t.start, t.end): t for t in rec.timexes}
    allowed: set[dt.date] | None = None
    evidence: Span | None = None
    agreeing = 0
    for m in rec.event_mentions:
        tx = timex_at.get(_timex_span(m))
        if tx is None or tx.anchor not in ("publication", "unresolved"):
            continue
        spec = parse_timex(tx.text)
        if spec is None or spec.kind == "event":
            continue
        if span == _NO_SPAN and trigger_class(m.trigger) in _SPEECH:
            continue  # without a span, "X said Thursday" ~ any day X spoke
        options: set[dt.date] = set()
        for date in index.matched_dates(m):
            if (spec, date) not in windows:
                windows[(spec, date)] = _publication_window(spec, date)
            options |= windows[(spec, date)]
        options = {d for d in options if span[0] <= d <= span[1]}
        if not options:
            continue
        narrowed = options if allowed is None else allowed & options
        if narrowed:
            allowed = narrowed
            agreeing += 1
            evidence = evidence or Span(tx.start, tx.end)
    if allowed is None or (span == _NO_SPAN and agreeing < UNSPANNED_EVIDENCE):
        return None
    # A report is not older than the latest year it states in full ("the 2016 election"):
    # a match with an older event of the same kind ("Monday" ~ 2012-11-05) is no evidence.
    floor = max(
        (int(t.value[:4]) for t in rec.timexes if t.anchor == "absolute" and t.value), default=0
    )
    allowed = {d for d in allowed if d.year >= floor}
    if not allowed:
        return None
    earliest = min(allowed)
    trial = reanchor(rec, (earliest, evidence), "inferred")
    latest = _latest_reported_day(trial.timexes)
    if latest is not None and latest > earliest:
        later = sorted(d for d in allowed if d >= latest)
        if not later:
            return None  # it reports a day after every date the evidence allows
        earliest = later[0]
    return earliest, evidence


def _publication_window(spec: TimexSpec, date: str) -> frozenset[dt.date]:
    """Publication dates P under which `spec` anchors on `date` (P at most a year later)."""
    day = dt.date.fromisoformat(date)
    return frozenset(
        candidate
        for candidate in (day + dt.timedelta(days=k) for k in range(INFERENCE_WINDOW_DAYS))
        if anchor_spec(spec, Reference(candidate, "day"))[0] == date
    )


def _stated_day(t: Timex) -> bool:
    """A day the text names by month and day ("October 2, 2018", "January 3"), not one
    computed from a reference ("last Friday")."""
    if t.anchor == "absolute":
        return True
    spec = parse_timex(t.text)
    return (
        t.anchor == "publication"
        and spec is not None
        and spec.kind == "absolute"
        and spec.day is not None
    )


def _timex_span(m: EventMention) -> tuple[int, int] | None:
    """The (start, end) of m's timex; not `start or -1`: a text may begin with its date."""
    if m.timex_start is None or m.timex_end is None:
        return None
    return m.timex_start, m.timex_end


def _latest_reported_day(timexes: Sequence[Timex]) -> dt.date | None:
    days = [
        dt.date.fromisoformat(t.value)
        for t in timexes
        if t.value and t.precision == "day" and t.anchor in ("absolute", "publication")
    ]
    return max(days) if days else None


def reanchor(
    rec: ArticleRecords,
    published: tuple[dt.date, Span | None],
    source: Provenance = "inferred",
) -> ArticleRecords:
    """The record with a resolved publication date and every date re-anchored on it."""
    date, evidence = published
    article = replace(
        rec.article,
        published=date.isoformat(),
        published_source=source,
        published_evidence=evidence,
    )
    # A stated date is only a lower bound of the day of writing (a photo taken the day
    # before): it gives the year, not the day weekdays and "yesterday" count from.
    ref = (
        Reference(dt.date(date.year, 1, 1), "year", inferred=True)
        if source == "stated"
        else Reference(date, "day", inferred=True)
    )
    timexes = anchor_timexes(article, [(t.start, t.end) for t in rec.timexes], ref)
    return _with_timexes(rec, article, timexes)


def _with_timexes(rec: ArticleRecords, article, timexes: Sequence[Timex]) -> ArticleRecords:
    by_span = {(t.start, t.end): t for t in timexes}
    mentions = []
    for m in rec.event_mentions:
        tx = by_span.get(_timex_span(m))
        mentions.append(
            replace(m, article=article.id, date=tx.value, date_precision=tx.precision) if tx else m
        )
    return replace(rec, article=article, timexes=tuple(timexes), event_mentions=tuple(mentions))


# --- 2. statements -------------------------------------------------------------------------


def date_statements(records: Sequence[ArticleRecords]) -> list[ArticleRecords]:
    """Records whose statements carry a date: the one the text gives, else the article's."""
    out = []
    for rec in records:
        new = tuple(_date_statement(st, rec) for st in rec.statements)
        out.append(replace(rec, statements=new))
    return out


def _date_statement(st: Statement, rec: ArticleRecords) -> Statement:
    where = (
        st.cue_start
        if st.cue_start is not None
        else st.speaker_start
        if st.speaker_start is not None
        else st.start
    )
    sentence = next((s for s in rec.sentences if s.start <= where < s.end), None)
    date = rec.article.published
    if sentence is not None:
        content = Span(st.start, st.end)
        candidates = [
            t
            for t in rec.timexes
            if t.value
            and sentence.start <= t.start
            and t.end <= sentence.end
            and not content.overlaps(Span(t.start, t.end))
        ]
        if candidates:
            date = min(candidates, key=lambda t: abs(t.start - where)).value
    return replace(st, date=date)


# --- 3. events -----------------------------------------------------------------------------


def resolve_events(records: Sequence[ArticleRecords], actors: Sequence[Actor] = ()) -> list[Event]:
    """Dated event mentions merged across outlets into Events, in date order.

    Mentions are blocked by date at its precision, and within a date by the keys a similar
    mention must share (_mention_keys); a mention is compared only with the few members that
    represent a bounded number of clusters per key (_ClusterIndex), so the work per mention
    stays bounded however many outlets report the same day.
    """
    mentions = sorted(
        (m for r in records for m in r.event_mentions if m.date and m.date_precision),
        key=lambda m: (m.article, m.start, m.timex_start or 0),
    )
    places = story_places(records, actors)
    clusters: list[list[EventMention]] = []
    blocks: dict[tuple[str, str], _ClusterIndex] = defaultdict(_ClusterIndex)
    for m in mentions:
        block = blocks[(m.date or "", m.date_precision or "")]
        threshold = MERGE_DAY if m.date_precision == "day" else MERGE_COARSE
        keys = _mention_keys(m)
        sims: dict[int, float] = {}
        for ci, other in block.candidates(keys):
            sims[ci] = max(sims.get(ci, 0.0), _mention_similarity(m, other, places))
        best, best_sim = None, threshold
        for ci in sorted(sims):
            if sims[ci] >= best_sim:
                best, best_sim = ci, sims[ci]
        if best is None:
            clusters.append([m])
            best = len(clusters) - 1
        else:
            clusters[best].append(m)
        block.add(keys, best, m)
    clusters = _fold_coarse_into_days(clusters)
    events = [_event_from(c) for c in clusters]
    return sorted(events, key=lambda e: (e.date or "", e.id))


class _ClusterIndex:
    """Blocking key -> cluster -> the first MEMBERS_PER_KEY members filed under that key.

    Why members and not whole clusters: a cluster's similarity is the best over its members,
    and its first members under a key already carry what the key says; a day reported by
    hundreds of outlets would otherwise cost each new mention a comparison with all of them.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, dict[int, list[EventMention]]] = defaultdict(dict)

    def add(self, keys: Sequence[str], cluster: int, m: EventMention) -> None:
        for key in keys:
            members = self._by_key[key].setdefault(cluster, [])
            if len(members) < MEMBERS_PER_KEY:
                members.append(m)

    def candidates(self, keys: Sequence[str]) -> list[tuple[int, EventMention]]:
        """(cluster, member) pairs of the MAX_CLUSTERS_PER_KEY latest clusters of each key.

        A member reached through several keys (a name, its words, their skeletons) is
        listed once.
        """
        found: dict[int, tuple[int, EventMention]] = {}
        for key in keys:
            by_cluster = self._by_key.get(key, {})
            for cluster in itertools.islice(reversed(by_cluster), MAX_CLUSTERS_PER_KEY):
                for m in by_cluster[cluster]:
                    found.setdefault(id(m), (cluster, m))
        return list(found.values())


def _mention_keys(m: EventMention) -> list[str]:
    """Keys two mentions of one date must share to reach their merge threshold.

    The same article (two dates of one sentence, consecutive sentences); at day precision
    the same CLASS_ALONE class; otherwise a shared participant (_name_keys), which
    event_similarity needs for every other pair above MERGE_DAY.
    """
    keys = ["a:" + m.article]
    cls = trigger_class(m.trigger)
    if m.date_precision == "day" and cls in CLASS_ALONE:
        keys.append("c:" + cls)
    keys.extend(sorted(_name_keys(m.participants)))
    return keys


def story_places(records: Sequence[ArticleRecords], actors: Sequence[Actor] = ()) -> frozenset[str]:
    """Names spaCy tags as a place or a people (GPE, LOC, FAC, NORP) more often than as a
    person or an organisation in the story, and no name or alias of a resolved actor (spaCy
    tags "Khashoggi" GPE 23 times of 28 in his story; resolve_actors knows him for a person).

    Why: two statements reported for the same day and place are not one statement. Several
    people speak in Istanbul every day of the Khashoggi story (Merkel's statement of 20
    October and the Saudi Press Agency's of the same day share only "Istanbul"), so a
    statement's shared participant must be a person or an organisation (_mention_similarity).
    """
    votes: dict[str, int] = defaultdict(int)
    for r in records:
        for m in r.mentions:
            if m.label in PARTICIPANT_LABELS:
                votes[_name(m.text)] += 1 if m.label in _PLACE_LABELS else -1
    people = {_name(form) for a in actors for form in (a.name, *a.aliases)}
    return frozenset(name for name, vote in votes.items() if vote > 0 and name not in people)


def _mention_similarity(
    a: EventMention, b: EventMention, places: frozenset[str] = frozenset()
) -> float:
    if a.article == b.article:
        if a.start == b.start:
            return 1.0  # two dates for one sentence that agree: one happening
        first, second = (a, b) if a.start < b.start else (b, a)
        gap = second.start - first.end
        if 0 <= gap <= ADJACENT_GAP and trigger_class(a.trigger) == trigger_class(b.trigger):
            # consecutive sentences, same date, same kind: the narration goes on ("Trump
            # responded only a week after the attack. So, on January 10, he stated ...")
            return 1.0
    if trigger_class(a.trigger) == "statement" == trigger_class(b.trigger) and not (
        _participant_overlap(a.participants, b.participants, places)
    ):
        return 0.0  # two statements that share only a place or a people
    return event_similarity(a, b)


def _fold_coarse_into_days(clusters: list[list[EventMention]]) -> list[list[EventMention]]:
    """A month-precision cluster joins the single day cluster of that month it matches well.

    MERGE_COARSE needs a shared participant whatever the class, so the day clusters of the
    month are found through the participant keys of their members (_ClusterIndex), not by
    comparing every pair of the month.
    """
    by_month: dict[str, _ClusterIndex] = defaultdict(_ClusterIndex)
    for i, c in enumerate(clusters):
        if c[0].date_precision == "day":
            for m in c:
                by_month[(c[0].date or "")[:7]].add(sorted(_name_keys(m.participants)), i, m)
    absorbed: set[int] = set()
    for i, c in enumerate(clusters):
        if c[0].date_precision != "month" or (c[0].date or "") not in by_month:
            continue
        month = by_month[c[0].date or ""]
        sims: dict[int, float] = {}
        for a in c:
            for j, b in month.candidates(sorted(_name_keys(a.participants))):
                sims[j] = max(sims.get(j, 0.0), event_similarity(a, b))
        matches = [j for j in sorted(sims) if sims[j] >= MERGE_COARSE]
        if len(matches) == 1:
            clusters[matches[0]].extend(c)
            absorbed.add(i)
            for a in c:
                month.add(sorted(_name_keys(a.participants)), matches[0], a)
    return [c for i, c in enumerate(clusters) if i not in absorbed]


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _event_from(cluster: list[EventMention]) -> Event:
    finest = min(_PRECISION_RANK[m.date_precision or "year"] for m in cluster)
    fine = [m for m in cluster if _PRECISION_RANK[m.date_precision or "year"] == finest]
    counts: dict[str, int] = defaultdict(int)
    for m in fine:
        counts[m.date or ""] += 1
    date = max(sorted(counts), key=lambda d: counts[d])
    lead = max(fine, key=lambda m: (len(m.participants), -len(m.text)))
    first = min(cluster, key=lambda m: (m.article, m.start, m.timex_start or 0))
    key = f"{date}|{first.article}|{first.start}|{first.timex_start}"
    text = " ".join(lead.text.split())
    description = (
        text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1].rstrip() + "…"
    )
    return Event(
        id="ev-" + hashlib.sha1(key.encode()).hexdigest()[:12],
        description=description,
        date=date,
        date_precision=fine[0].date_precision,
        mentions=tuple(sorted(cluster, key=lambda m: (m.article, m.start, m.timex_start or 0))),
    )
