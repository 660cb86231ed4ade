"""Sentences and entity mentions from a parsed Doc, skipping boilerplate.

spaCy's small model gets names in translated news wrong in a few regular ways; each rule
below names the pattern, not a sentence of the demo story:
  - spans carry a possessive or a title ("Seeley’s", "Ministers Blinken"): trimmed, so the
    mention is the name itself (titles are role evidence for the resolver, read from the text);
  - a department word inside a title phrase is tagged ORG ("Secretary of Defense",
    "Defense Secretary", "Marine General"): dropped, it names no organisation;
  - one sense per discourse: a surname already given as a PERSON in the same article is
    tagged ORG or GPE later ("Roche told...", "Trump's reluctance"): relabelled PERSON;
    a span that ends with a PERSON name of the article ("Defense Lloyd Austin") is cut to it;
  - (issue 15) department words before a title are no organisation ("former US Energy
    Secretary"); a span never crosses a line break ("Istanbul Consulate\n\nSaudi Arabia")
    nor ends in a function word ("the Consulate General of").
The story-wide pass (every occurrence of a known name is a mention) is in
storylens.resolve.name_forms: it needs the whole story, this module sees one article.
Pure function of the Doc: no state kept between calls.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storylens.model import Article, Mention, Sentence
from storylens.nlp import doc_text
from storylens.resolve.names import NATIONALITIES, PERSON_TITLES, TITLE_MODIFIERS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["ENTITIES_VERSION", "ENTITY_LABELS", "mentions_in", "sentence_spans", "sentences_in"]

ENTITIES_VERSION = "4"  # 4: sentences join at a middle initial, split after a heading
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "DATE", "EVENT", "LAW"})

# Nouns that make a neighbouring department word part of a title, not an organisation.
_TITLE_HEADS = frozenset(
    {"secretary", "minister", "ministers", "general", "gen", "chief", "adviser", "advisor"}
)
_TRAILING = frozenset({"of", "and", "the", "for", "in"})
_POSSESSIVE = re.compile(r"['’]s?$")


# A middle initial ends spaCy's sentence: "William H." | "Seely III said". A sentence ending
# in a capitalised word and one capital letter with a period, followed by one starting with a
# capital, is one sentence ("U.S." does not count: its "S" follows a period, not a space).
# An abbreviated title before a name ends one too: "Marine Brig." | "Gen. William H. Seely".
# A line break between them (hard-wrapped copy) does not matter; a blank line does.
_INITIAL_END = re.compile(
    r"(?:(?:^|\s)[A-Z][a-z]+\s+[A-Z]\.|(?:^|\s)(?:Brig|Gen|Lt|Col|Maj|Capt|Cpt|Sgt|Adm|Cmdr|"
    r"Gov|Sen|Rep|Dr|Mr|Mrs|Ms|Prof|Sec|Amb|Rev|Sheikh|Gens)\.)$"
)
# A heading: a short line without final punctuation, then a blank line. spaCy glues it onto
# the next sentence ("Deliberately threatens\n\nA few days after ...").
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
HEADING_MAX_WORDS = 12
_FINAL_PUNCT = tuple(".!?:;\"”’'…)")


def _split_headings(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) pieces of one sentence span, cut after each heading line it holds."""
    pieces = []
    lo = start
    for m in _BLANK_LINE.finditer(text, start, end):
        before = text[lo : m.start()].rstrip()
        last_line = before.rsplit("\n", 1)[-1].strip()
        if (
            before
            and not last_line.endswith(_FINAL_PUNCT)
            and len(last_line.split()) <= HEADING_MAX_WORDS
            and m.end() < end
        ):
            pieces.append((lo, lo + len(before)))
            lo = m.end()
    pieces.append((lo, end))
    return pieces


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the Doc's sentences, stripped, with spaCy's two layout mistakes
    mended: a split at a middle initial is joined, a heading glued on is cut off."""
    text = doc_text(doc)
    raw: list[tuple[int, int]] = []
    for sent in doc.sents:
        stripped = sent.text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        raw.append((start, start + len(stripped)))
    joined: list[tuple[int, int]] = []
    for start, end in raw:
        if joined:
            p_start, p_end = joined[-1]
            gap = text[p_end:start]
            if (
                _INITIAL_END.search(text[p_start:p_end])
                and not _BLANK_LINE.search(gap)
                and text[start : start + 1].isupper()
            ):
                joined[-1] = (p_start, end)
                continue
        joined.append((start, end))
    out: list[tuple[int, int]] = []
    for start, end in joined:
        out += _split_headings(text, start, end)
    return out


def sentences_in(doc: Doc, article: Article) -> tuple[Sentence, ...]:
    """Sentences with visible text (blank runs from masked boilerplate are dropped)."""
    out = []
    for start, end in sentence_spans(doc):
        if article.in_boilerplate(start, end):
            continue
        out.append(Sentence(article.id, start, end))
    return tuple(out)


def _trim(ent: Span) -> Span | None:
    """Drop leading title tokens (PERSON) and a trailing possessive token.

    Slicing a Span drops its label, so callers keep `ent.label_` beside the result.
    """
    span = ent
    if ent.label_ == "PERSON":
        i = 0
        while i < len(span) - 1 and span[i].lower_.rstrip(".") in PERSON_TITLES:
            i += 1
        span = span[i:]
    if len(span) > 1 and span[-1].lower_ in {"'s", "’s", "'", "’"}:
        span = span[:-1]
    return span if span.text.strip() else None


def _is_title_part(span: Span) -> bool:
    """An ORG inside a title phrase: one word ("Secretary of Defense", "Defense Secretary"),
    or department and nationality words only, before the title's head ("former US Energy
    Secretary", "National Security Adviser")."""
    if span.label_ != "ORG":
        return False
    doc = span.doc
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if len(span) > 1:
        words = [t.lower_ for t in span if t.lower_ not in {"the", "of"}]
        return nxt in _TITLE_HEADS and all(
            w in TITLE_MODIFIERS or w in NATIONALITIES for w in words
        )
    prev = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    return nxt in _TITLE_HEADS or (len(prev) == 2 and prev[1] == "of" and prev[0] in _TITLE_HEADS)


def _clip(span: Span) -> Span | None:
    """A name never crosses a line break ("Istanbul Consulate\n\nSaudi Arabia": a headline's
    end glued to the next paragraph) and never ends in a function word ("the Consulate
    General of"): keep the first line, drop trailing "of" / "and" / "the"."""
    for i, tok in enumerate(span):
        if "\n" in tok.text or (i and "\n" in span[i - 1].whitespace_):
            span = span[:i]
            break
    while len(span) > 1 and span[-1].lower_ in _TRAILING:
        span = span[:-1]
    return span if len(span) and span.text.strip() else None


def _char_end(span: Span, label: str) -> int:
    """End offset without a possessive glued to the last token ("Seeley’s")."""
    text = span.text
    trimmed = _POSSESSIVE.sub("", text) if label in {"PERSON", "ORG"} else text
    if trimmed and trimmed != text and len(trimmed) > 1:
        return span.start_char + len(trimmed)
    return span.end_char


def mentions_in(doc: Doc, article: Article) -> tuple[Mention, ...]:
    """spaCy entities of the labels we keep, with offsets into article.text (see module doc)."""
    spans: list[tuple[Span, str]] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or not ent.text.strip():
            continue
        if article.in_boilerplate(ent.start_char, ent.end_char) or _is_title_part(ent):
            continue
        span = _trim(ent)
        span = _clip(span) if span is not None else None
        if span is not None:
            spans.append((span, ent.label_))

    person_texts = {s.text for s, lab in spans if lab == "PERSON"}
    surnames = {s[-1].text for s, lab in spans if lab == "PERSON" and len(s) > 1}
    out = []
    for span, label in spans:
        start, end = span.start_char, _char_end(span, label)
        if label in {"ORG", "GPE"}:
            cut = next(
                (span[i:] for i in range(1, len(span)) if span[i:].text in person_texts),
                None,
            )
            if cut is not None:
                label, start, end = "PERSON", cut.start_char, _char_end(cut, "PERSON")
            elif len(span) == 1 and (
                span.text in person_texts or (label == "ORG" and span.text in surnames)
            ):
                label = "PERSON"
        text = article.text[start:end]
        if text.strip():
            out.append(Mention(article.id, start, end, text, label))
    return tuple(out)
