"""Event mentions: a sentence that dates a happening, with its trigger and participants.

One mention per time expression that denotes (or may later denote) a point in time: the
trigger is the word of the sentence that the date modifies, found in the dependency tree, not
by distance in characters ("The day before, the Iraqi parliament voted to expel the United
States following the deadly drone strike" dates "voted", not "strike"). Preferred are words
from TRIGGER_CLASSES (a small FrameNet-like lexicon: attack, vote, statement, visit,
withdrawal, agreement, election, meeting); failing that, the verb that governs the date.
The class lets the resolve stage tell "the January 3 attack" from "the January 3 vote"
across outlets that use different words ("strike", "assassination", "killing").

A timex that is still unresolved (an undated article's "last Friday") still yields a mention
with date None, so that re-anchoring it after the publication date is inferred dates it.
Durations and unreadable expressions (parse_timex is None) yield none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.extract.timex import parse_timex
from storylens.model import Article, EventMention, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "EVENTS_VERSION",
    "PARTICIPANT_LABELS",
    "TRIGGER_CLASSES",
    "event_mentions_in",
    "trigger_class",
]

EVENTS_VERSION = "1"

PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})

TRIGGER_CLASSES: dict[str, frozenset[str]] = {
    "attack": frozenset(
        [
            "attack",
            "strike",
            "airstrike",
            "kill",
            "killing",
            "assassinate",
            "assassination",
            "bomb",
            "bombing",
            "raid",
            "target",
            "shoot",
            "shooting",
            "murder",
            "eliminate",
            "elimination",
            "launch",
            "fire",
            "explosion",
            "drone",
            "missile",
        ]
    ),
    "vote": frozenset(
        [
            "vote",
            "resolution",
            "adopt",
            "adoption",
            "pass",
            "decide",
            "decision",
            "approve",
            "approval",
            "expel",
            "legislation",
            "parliament",
            "ballot",
        ]
    ),
    "statement": frozenset(
        [
            "say",
            "state",
            "statement",
            "announce",
            "announcement",
            "declare",
            "tell",
            "stress",
            "confirm",
            "deny",
            "denial",
            "respond",
            "response",
            "publish",
            "claim",
            "note",
            "warn",
            "threaten",
            "write",
            "report",
            "reveal",
            "letter",
            "emphasize",
            "condemn",
            "criticize",
            "call",
        ]
    ),
    "withdrawal": frozenset(
        ["withdraw", "withdrawal", "leave", "departure", "depart", "pull", "exit", "evacuate"]
    ),
    "agreement": frozenset(["sign", "agreement", "agree", "deal", "accord", "treaty"]),
    "meeting": frozenset(
        ["visit", "meet", "meeting", "talk", "talks", "summit", "negotiate", "negotiation"]
    ),
    "election": frozenset(["election", "elect", "win", "victory"]),
    "deployment": frozenset(["deploy", "deployment", "send", "arrive", "return", "reposition"]),
}
_LEMMA_CLASS = {lemma: cls for cls, lemmas in TRIGGER_CLASSES.items() for lemma in lemmas}
# A path longer than this between date and trigger means the date modifies something else.
MAX_TREE_DISTANCE = 6


def trigger_class(lemma: str) -> str:
    """The event class of a trigger lemma ("strike" -> "attack"); "other" when unknown."""
    return _LEMMA_CLASS.get(lemma.lower(), "other")


def event_mentions_in(
    doc: Doc, article: Article, timexes: tuple[Timex, ...]
) -> tuple[EventMention, ...]:
    """One EventMention per point-in-time timex, dated by it."""
    out: list[EventMention] = []
    for tx in timexes:
        if parse_timex(tx.text) is None:
            continue
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sent = span.sent
        trigger = _trigger_for(span.root, sent, set(range(span.start, span.end)))
        if trigger is None:
            continue
        participants = tuple(
            dict.fromkeys(
                e.text.strip()
                for e in sent.ents
                if e.label_ in PARTICIPANT_LABELS
                and not (e.start_char < tx.end and tx.start < e.end_char)
            )
        )
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        end = sent.start_char + len(sent.text.rstrip())
        out.append(
            EventMention(
                article=article.id,
                start=start,
                end=end,
                trigger=trigger.lemma_.lower(),
                trigger_start=trigger.idx,
                trigger_end=trigger.idx + len(trigger),
                date=tx.value,
                date_precision=tx.precision,
                timex_start=tx.start,
                timex_end=tx.end,
                participants=participants,
                text=article.text[start:end],
            )
        )
    return tuple(out)


def _path_length(a: Token, b: Token) -> int:
    ancestors_a = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in ancestors_a:
            return n + ancestors_a[t.i]
    return 99


def _trigger_for(root: Token, sent, inside: set[int]) -> Token | None:
    """The lexicon word nearest the date in the tree; else the verb governing the date."""
    best: tuple[int, int, Token] | None = None
    for tok in sent:
        if tok.i in inside or tok.pos_ not in ("VERB", "NOUN", "PROPN"):
            continue
        if trigger_class(tok.lemma_) == "other" and trigger_class(tok.lower_) == "other":
            continue
        dist = _path_length(root, tok)
        if dist > MAX_TREE_DISTANCE:
            continue
        key = (dist, abs(tok.i - root.i), tok)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is not None:
        return best[2]
    for anc in root.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.i not in inside:
            return anc
    # a verbless fragment ("The Iraqi Hezbollah Brigades on November 21."): its root word
    return sent.root if sent.root.i not in inside and sent.root.is_alpha else None
