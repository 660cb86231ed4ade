"""The spaCy parses of statement contents and cues, made in the per-article stage (issue 12).

Why: the claims step reads each statement's own parse (its predicate, negation, arguments,
the proposition a denial names). Parsing every statement again in the calling process cost
about 40% of a bare spaCy run over the articles, and it did not divide by workers. Now the
extract stage takes each statement's span out of the article's own parse (`Span.as_doc()`:
no parse at all) and the records carry them as spaCy `DocBin` bytes (about 400 bytes a
statement); the resolve stage only decodes them (PolNeAR dev: 0.26 s, where parsing the
statements took 5.3 s).

A content read in its sentence is parsed at least as well as the content alone (a head
outside the span becomes the span's root). Compared both ways before it was kept: every
`make eval` row identical (demo, Khashoggi, PolNeAR dev, unrelated FNC-1); PolNeAR dev two
wrong possible contradictions fewer, the demo's confident relations identical and one
possible more (docs/large-corpora.md). A parse that is missing or does not match its
statement's text (a store written before, a span the masking changed) is made again from
the text alone, in the claims step, never trusted. Trailing whitespace is not compared: a span's doc keeps its
last token's space ("stated ").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storylens.model import ArticleRecords, Statement
from storylens.nlp import load_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["parses_from_doc", "statement_docs"]


def _texts(statements: Sequence[Statement]) -> list[str]:
    """Content then cue of every statement, in statement order (two docs per statement)."""
    out: list[str] = []
    for st in statements:
        out += [st.content, st.cue or ""]
    return out


def parses_from_doc(doc: Doc, statements: Sequence[Statement]) -> bytes:
    """DocBin bytes of every statement's content and cue, cut out of the article's parse."""
    from spacy.tokens import DocBin

    bin_ = DocBin(store_user_data=False)
    for st in statements:
        for text, start, end in (
            (st.content, st.start, st.end),
            (st.cue or "", st.cue_start, st.cue_end),
        ):
            span = (
                doc.char_span(start, end)
                if text and start is not None and end is not None
                else None
            )
            if span is not None and span.text == text:
                bin_.add(span.as_doc())
            else:  # the text alone: what the resolve stage would make of it
                bin_.add(load_nlp()(text))
    return bin_.to_bytes()


def _stored(record: ArticleRecords) -> list[Doc] | None:
    """The record's stored docs, or None when absent, damaged or not its statements'."""
    if not record.statement_parses:
        return None
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(record.statement_parses).get_docs(load_nlp().vocab))
    except Exception:
        return None
    texts = _texts(record.statements)
    if len(docs) != len(texts) or any(
        d.text.rstrip() != t.rstrip() for d, t in zip(docs, texts, strict=True)
    ):
        return None
    return docs


def statement_docs(
    records: Sequence[ArticleRecords], statements: Sequence[Statement]
) -> tuple[list[Doc], list[Doc]]:
    """The content docs and cue docs of `statements` (each of which is in `records`).

    Stored parses are decoded; statements without one are parsed here, in one batch."""
    by_id: dict[str, tuple[Doc, Doc]] = {}
    for r in records:
        docs = _stored(r)
        if docs is not None:
            for k, st in enumerate(r.statements):
                by_id[st.id] = (docs[2 * k], docs[2 * k + 1])
    missing = [st for st in statements if st.id not in by_id]
    if missing:
        parsed = list(load_nlp().pipe(_texts(missing)))
        for k, st in enumerate(missing):
            by_id[st.id] = (parsed[2 * k], parsed[2 * k + 1])
    return [by_id[st.id][0] for st in statements], [by_id[st.id][1] for st in statements]
