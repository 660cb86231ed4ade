"""Sentences and entity mentions from a parsed Doc, skipping boilerplate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.model import Article, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ENTITIES_VERSION", "ENTITY_LABELS", "mentions_in", "sentences_in"]

ENTITIES_VERSION = "1"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "DATE", "EVENT", "LAW"})


def sentences_in(doc: Doc, article: Article) -> tuple[Sentence, ...]:
    """Sentences with visible text (blank runs from masked boilerplate are dropped)."""
    out = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = start + len(stripped)
        if article.in_boilerplate(start, end):
            continue
        out.append(Sentence(article.id, start, end))
    return tuple(out)


def mentions_in(doc: Doc, article: Article) -> tuple[Mention, ...]:
    """spaCy entities of the labels we keep, with offsets into article.text."""
    return tuple(
        Mention(article.id, ent.start_char, ent.end_char, ent.text, ent.label_)
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS
        and ent.text.strip()
        and not article.in_boilerplate(ent.start_char, ent.end_char)
    )
