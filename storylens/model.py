"""The storylens data model: every record that flows between stages.

Stages talk through these dataclasses, never through loose dicts:

    ingest   -> Article | Skipped
    extract  -> ArticleRecords  (sentences, mentions, statements, timexes, event mentions)
    resolve  -> Actor, Event, Claim, Relation  (gathered in a Story)
    store / export / report read the same records.

Why frozen dataclasses with tuples: the extract stage is a pure function that runs in a
process pool or on a Dask worker; immutable, picklable records with value equality make
"local and Dask runs give identical output" a plain `==` check.

Offsets: every `start`/`end` is a character offset into `Article.text`, the decoded source
text, kept exactly as decoded. Boilerplate is a list of spans, never cut out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ARTICLE_ID_LENGTH",
    "Actor",
    "Article",
    "ArticleRecords",
    "Claim",
    "Event",
    "EventMention",
    "Mention",
    "Relation",
    "Sentence",
    "Skipped",
    "Span",
    "Statement",
    "Story",
    "Timex",
    "article_id_for",
]

ARTICLE_ID_LENGTH = 16  # hex chars of sha256: 64 bits, no collision in any realistic story

Precision = Literal["day", "month", "year"]
Anchor = Literal["absolute", "publication", "event", "unresolved"]
StatementKind = Literal["direct", "indirect"]
RelationType = Literal["agree", "contradict"]
# Where a metadata value came from, so a later guess never silently overwrites a better one.
# For publication dates: "text" a header date, dateline or "Published / Last Update" line;
# "dateline" a year-less agency dateline completed with the story's year; "stated" a full date
# the body states, within the story's span; "inferred" the dates other outlets give the same
# event (storylens.resolve.events).
Provenance = Literal[
    "flag", "sidecar", "html-meta", "jsonl", "text", "dateline", "stated", "inferred", "none"
]


def article_id_for(text: str) -> str:
    """The article id: a hash of its text, so the same text twice is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ARTICLE_ID_LENGTH]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) in an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, text kept exactly as decoded.

    `published` is ISO 8601 at the precision known (`2020-01-06`, `2020-01`, `2020`) or None.
    `*_source` record where each metadata value came from (flag, sidecar, html-meta, text,
    inferred...). `analysed` is False for articles we store but do not analyse (non-English),
    with the reason in `note`.
    """

    id: str
    path: str
    text: str
    outlet: str | None = None
    outlet_source: Provenance = "none"
    outlet_evidence: Span | None = None
    published: str | None = None
    published_source: Provenance = "none"
    published_evidence: Span | None = None
    title: str | None = None
    title_source: Provenance = "none"
    url: str | None = None
    language: str | None = None
    encoding: str | None = None
    boilerplate: tuple[Span, ...] = ()
    analysed: bool = True
    note: str | None = None

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) touches any boilerplate span (later stages skip those)."""
        probe = Span(start, end)
        return any(b.overlaps(probe) for b in self.boilerplate)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not turned into an Article, with a one-line reason for the user."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention (spaCy NER label: PERSON, ORG, GPE, NORP, DATE, EVENT, LAW)."""

    article: str
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Statement:
    """Who said what: one attributed statement in one article.

    `content` equals `Article.text[start:end]`. `speaker_start/end` locate the words at the
    attribution (a name, a title, a pronoun, "Iraqi officials"). `speaker_ref_start/end`
    locate the mention the speaker resolves to inside the same article (the antecedent of a
    pronoun or title), or repeat the speaker span when it is itself a name; None for anonymous
    or collective speakers. `speaker_actor` is filled by the resolve stage.
    """

    id: str
    article: str
    start: int
    end: int
    content: str
    kind: StatementKind
    cue: str
    speaker_text: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_ref_start: int | None = None
    speaker_ref_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    score: float = 1.0
    speaker_actor: str | None = None
    date: str | None = None
    # How the article's outlet knows it (issue 13, storylens.resolve.sourcing): "own",
    # "outlet" (channel_source names it), "anonymous", "document" or "unknown"; None before
    # resolution. channel_start/end: the words that show it (e.g. "told Al-Jazeera Net").
    channel: str | None = None
    channel_source: str | None = None
    channel_start: int | None = None
    channel_end: int | None = None


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression, normalised against the publication date (or an event)."""

    article: str
    start: int
    end: int
    text: str
    value: str | None
    precision: Precision | None
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class EventMention:
    """A sentence with a dated happening: trigger, participants, date (from a Timex)."""

    article: str
    start: int  # the sentence (evidence) span
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    date: str | None
    date_precision: Precision | None
    timex_start: int | None = None
    timex_end: int | None = None
    participants: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class ArticleRecords:
    """Everything the per-article extract stage produced for one article."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    timexes: tuple[Timex, ...] = ()
    event_mentions: tuple[EventMention, ...] = ()
    extractor_versions: tuple[tuple[str, str], ...] = ()
    # Sentence embeddings of the statements' contents, in statement order: float32 rows of
    # storylens.resolve.embeddings.EMBED_DIM, as bytes (b"" when not computed, e.g. --no-claims).
    # Computed in the per-article stage so they scale out with it and are never computed twice.
    statement_vectors: bytes = b""
    # spaCy DocBin of each statement's content and cue, cut out of the article's parse, in
    # statement order (storylens.extract.statement_parses; b"" in records stored before them).
    # The claims step reads them, so no statement is parsed twice.
    statement_parses: bytes = b""


# Actor.type values (issue 15). PERSON and ORG as before; MEDIA is a news outlet named in the
# text (a newspaper, broadcaster or site: "the Washington Post", "NTV television"); AGENCY a
# news agency whose copy other outlets relay ("Reuters", "AFP", "Saudi Press Agency"). They
# are organisations too; the types let sourcing work tell who relays whom. Named things that
# are no actors, whatever spaCy tagged them, are listed in NOT_ACTOR_KINDS: products ("his
# Apple Watch"), places ("the Belgrad Forest") and platforms ("said on Twitter"). Not in
# __all__ yet: tests/test_exported_members.py pins the public names.
ACTOR_TYPES = ("PERSON", "ORG", "MEDIA", "AGENCY")
NOT_ACTOR_KINDS = ("PRODUCT", "PLACE", "PLATFORM")


@dataclass(frozen=True, slots=True)
class Actor:
    """One real person or organisation across articles and spellings."""

    id: str
    name: str
    type: str  # one of ACTOR_TYPES
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A happening merged across outlets, with its date at its own precision."""

    id: str
    description: str
    date: str | None
    date_precision: Precision | None
    mentions: tuple[EventMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """Statements (across outlets) that assert the same thing."""

    id: str
    text: str
    statements: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    # Sources independent of each other after collapsing relays and copies (issue 13); None
    # when not computed.
    independent_sources: int | None = None


@dataclass(frozen=True, slots=True)
class CopiedPassage:
    """A passage two articles share (near-duplicate sentences, issue 13): [a_start, a_end) in
    article `a`, [b_start, b_end) in article `b` (a < b by id), the mean Jaccard similarity of
    the sentences' word shingles, and the earlier article's id when both dates are known."""

    a: str
    a_start: int
    a_end: int
    b: str
    b_start: int
    b_end: int
    similarity: float
    earlier: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """agree / contradict between two statements, with a score and a reason in words.

    A contradict score is calibrated (storylens.resolve.claims.CONTRADICT_THRESHOLD): at or
    above the threshold the contradiction is asserted; below it, it is only `possible`."""

    a: str
    b: str
    type: RelationType
    score: float
    why: str

    @property
    def possible(self) -> bool:
        """A contradiction scored below the calibrated threshold: to be shown as possible."""
        from storylens.resolve.claims import CONTRADICT_THRESHOLD

        return self.type == "contradict" and self.score < CONTRADICT_THRESHOLD


@dataclass(slots=True)
class Story:
    """A whole analysed story: what the store holds and the exports write."""

    records: list[ArticleRecords] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    copies: list[CopiedPassage] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [r.article for r in self.records]

    def statements(self) -> list[Statement]:
        return [s for r in self.records for s in r.statements]
