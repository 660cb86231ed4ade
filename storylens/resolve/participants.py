"""Who a statement's predicate is about, resolved in the article it comes from.

A contradiction is two statements about one participant: "Khashoggi left the building"
against "the writer is still inside". Each statement is parsed on its own
(`polarity.positions_in`), so "the writer", "the journalist" or "he" names nobody there, and
two statements that share no word for their participant cannot be told apart from two
statements about two people. The article around the statement can tell:

  * a participant word inside a mention of a resolved actor (a name, or a description the
    actor stage linked: "the writer" -> Khashoggi) is that actor;
  * a description set off right after a name ("Jamal Khashoggi, a Saudi contributor to the
    Washington Post, left"; a statement span may start at the description) is that name's
    actor; an indefinite description with the head noun of one person's apposition in the
    same article is that person (a lead's delayed identification: "a Saudi contributor to
    the Washington Post left ..." before "Khashoggi, a contributor to the Washington
    Post,");
  * a singular personal pronoun ("he", "she", "him", "her") is the nearest person actor
    mentioned before it in the article, within PRONOUN_REACH characters, other than the
    statement's own speaker and other than a person of the other gender (the classic
    nearest-antecedent baseline: "his fiancee Hatice Cengiz said she did not believe he has
    been killed" is about him, not her). A speaker talking of themselves says "I" in a
    quote. Gender is read from the text only: a title before a mention ("Mr", "Mrs") and
    the first personal pronoun after it in its sentence ("Cengiz ... said she"), by majority;
    unknown when the text does not say. Unknown beats wrong: beyond the reach, or with no
    person before it, the participant stays unnamed.

The resolved actor goes to `Position.actor`, beside the lexical key (`Position.who`): two
positions whose actors are both known compare actors (one person whatever each outlet calls
them), else their lexical keys, so that a name the actor stage missed in one article is no
new participant. Pure functions of records and actors; no parse.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from storylens.model import Actor, Statement
from storylens.resolve.polarity import Position

__all__ = ["PRONOUN_REACH", "ParticipantIndex"]

# How far back (characters) a pronoun looks for its person: about three sentences of news
# (Khashoggi's "Riyadh saying he exited", 494 characters after his name, a "his" and a "he"
# between).
PRONOUN_REACH = 600
_PRONOUN = re.compile(r"(?:he|she|him|her)\b", re.I)
_MALE = frozenset(["he", "him", "his", "himself"])  # any other personal pronoun is female
# The first personal pronoun after a mention, before the sentence ends.
_NEXT_PRONOUN = re.compile(r"[^.!?]{0,80}?\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
_TITLE_BEFORE = re.compile(r"\b(Mr|Mister|Mrs|Ms|Miss)\.?\s*$")
_FEMALE_TITLES = frozenset(["mrs", "ms", "miss"])
_INDEFINITE = re.compile(r"an?\s", re.I)
# The gap between a name and a description set off after it: ", a Saudi contributor ".
_APPOSITION_GAP = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,4}")


class ParticipantIndex:
    """Actor mentions by article, sorted by position, to resolve participant words."""

    def __init__(self, actors: Sequence[Actor], texts: Mapping[str, str]) -> None:
        spans: dict[str, list[tuple[int, int, str, str]]] = {}
        for actor in actors:
            for m in actor.mentions:
                spans.setdefault(m.article, []).append((m.start, m.end, actor.id, actor.type))
        self._spans = {a: sorted(s) for a, s in spans.items()}
        self._starts = {a: [s[0] for s in spans] for a, spans in self._spans.items()}
        self._texts = texts
        self.gender = _genders(actors, texts)

    def actor_at(self, article: str, offset: int) -> str | None:
        """The actor one of whose mentions covers the character at `offset`."""
        spans = self._spans.get(article, [])
        i = bisect.bisect_right(self._starts.get(article, []), offset)
        for start, end, actor, _type in reversed(spans[max(0, i - 8) : i]):
            if start <= offset < end:
                return actor
        return None

    def person_before(
        self, article: str, offset: int, skip: str | None, gender: str | None = None
    ) -> str | None:
        """The nearest person actor mentioned before `offset` (ending before it) within
        PRONOUN_REACH, other than `skip` and other than a person known to be of another
        gender than `gender` ("m", "f")."""
        spans = self._spans.get(article, [])
        i = bisect.bisect_left(self._starts.get(article, []), offset)
        for start, end, actor, type_ in reversed(spans[:i]):
            if offset - start > PRONOUN_REACH:
                return None
            if end > offset or type_ != "PERSON" or actor == skip:
                continue
            known = self.gender.get(actor)
            if gender is None or known is None or known == gender:
                return actor
        return None

    def apposed(self, article: str, offset: int) -> str | None:
        """The actor a description at `offset` is set off after ("Khashoggi, a Saudi
        contributor"), else None."""
        spans = self._spans.get(article, [])
        i = bisect.bisect_left(self._starts.get(article, []), offset)
        text = self._texts.get(article, "")
        for _start, end, actor, type_ in reversed(spans[max(0, i - 3) : i]):
            if type_ == "PERSON" and end <= offset and _APPOSITION_GAP.fullmatch(text, end, offset):
                return actor
        return None

    def introduced_as(self, article: str, offset: int) -> str | None:
        """The one person the article sets a description off after, when the description
        at `offset` is indefinite and has the same head noun: the delayed identification of
        a news lead ("... said Thursday a Saudi contributor to the Washington Post left its
        building", then "Khashoggi, a contributor to the Washington Post, left"). Two such
        persons, or none: None."""
        text = self._texts.get(article, "")
        if not _INDEFINITE.match(text, _phrase_start(text, offset)):
            return None
        head = re.match(r"[\w'’-]+", text[offset:])
        if head is None:
            return None
        apposition = re.compile(
            rf",\s+(?:an?|the)\s+(?:[\w'’-]+\s+){{0,3}}{re.escape(head.group(0))}\b", re.I
        )
        found = {
            actor
            for _start, end, actor, type_ in self._spans.get(article, [])
            if type_ == "PERSON" and apposition.match(text, end)
        }
        return found.pop() if len(found) == 1 else None

    def actors_in(self, article: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of the actor mentions inside [start, end)."""
        spans = self._spans.get(article, [])
        lo = bisect.bisect_left(self._starts.get(article, []), start)
        hi = bisect.bisect_left(self._starts.get(article, []), end)
        return [(actor, s, e) for s, e, actor, _t in spans[lo:hi] if e <= end]

    def keys(self, statement: Statement, text: str, lexical: frozenset[str]) -> frozenset[str]:
        """A statement's argument keys with its actors in place of their names: "@" + the
        actor id for each actor mentioned inside it, the words of that mention dropped (so
        one name counts once, and "the writer" meets "Khashoggi")."""
        found = self.actors_in(statement.article, statement.start, statement.end)
        if not found:
            return lexical
        words = {
            w.strip(".'’").lower()
            for _a, s, e in found
            for w in text[s:e].replace("’s", "").replace("'s", "").split()
        }
        return frozenset(lexical - words) | {f"@{a}" for a, _s, _e in found}

    def resolve(
        self, statement: Statement, text: str, positions: Sequence[Position]
    ) -> list[Position]:
        """`positions` with each participant the article names given its actor."""
        out = []
        for p in positions:
            if p.who_at is None:
                out.append(p)
                continue
            at = statement.start + p.who_at
            actor = self.actor_at(statement.article, at)
            pronoun = _PRONOUN.match(text, at)
            if actor is None and p.who is None and pronoun:
                gender = "m" if pronoun.group(0).lower() in _MALE else "f"
                actor = self.person_before(statement.article, at, statement.speaker_actor, gender)
            elif actor is None and p.who is None:
                actor = self.apposed(statement.article, _phrase_start(text, at))
                actor = actor or self.introduced_as(statement.article, at)
            out.append(replace(p, actor=actor) if actor is not None else p)
        return out


def _phrase_start(text: str, at: int) -> int:
    """Where the noun phrase ending in the word at `at` starts: back over up to four words
    ("a Saudi contributor")."""
    start = at
    for _ in range(4):
        before = text[max(0, start - 30) : start]
        m = re.search(r"([\w'’-]+)\s+$", before)
        if m is None or m.group(1).lower() in ("said", "that"):
            break
        start -= len(before) - m.start(1)
        if m.group(1).lower() in ("a", "an", "the"):
            break
    return start


def _genders(actors: Sequence[Actor], texts: Mapping[str, str]) -> dict[str, str]:
    """Person actor id -> "m" or "f" where the text says (see the module docstring)."""
    out = {}
    for actor in actors:
        if actor.type != "PERSON":
            continue
        votes: Counter[str] = Counter()
        for m in actor.mentions:
            text = texts.get(m.article, "")
            title = _TITLE_BEFORE.search(text, max(0, m.start - 8), m.start)
            if title:
                votes["f" if title.group(1).lower() in _FEMALE_TITLES else "m"] += 1
            after = _NEXT_PRONOUN.match(text, m.end)
            if after:
                votes["m" if after.group(1).lower() in _MALE else "f"] += 1
        if votes and votes["m"] != votes["f"]:
            out[actor.id] = max(votes, key=lambda g: votes[g])
    return out
