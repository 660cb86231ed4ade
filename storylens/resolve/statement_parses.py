"""The spaCy parses of statement contents and cues, made in the per-article stage (issue 12).

Why: the claims step reads each statement's own parse (its predicate, negation, arguments,
the proposition a denial names), not the article's, because a content read out of its
sentence is what is compared across outlets. Parsing every statement again in the calling
process cost about 40% of a bare spaCy run over the articles, and it did not divide by
workers. So the extract stage parses them where it runs (pool process or Dask worker) and
the records carry the parses as spaCy `DocBin` bytes (about 400 bytes a statement); the
resolve stage only decodes them (PolNeAR dev: 0.26 s to decode what took 5.3 s to parse).

Each text is parsed on its own as before, so the docs are the ones the resolve stage used to
make; any parse that is missing or does not match its statement's text (a store written by
an older version, a --no-claims run) is made again there, never trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storylens.model import ArticleRecords, Statement
from storylens.nlp import load_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["attach_statement_parses", "statement_docs"]


def _texts(statements: Sequence[Statement]) -> list[str]:
    """Content then cue of every statement, in statement order (two docs per statement)."""
    out: list[str] = []
    for st in statements:
        out += [st.content, st.cue or ""]
    return out


def attach_statement_parses(records: Sequence[ArticleRecords]) -> list[ArticleRecords]:
    """The records with their statements' parses (contents and cues), where not yet made."""
    from spacy.tokens import DocBin

    nlp = load_nlp()
    out = []
    for r in records:
        if r.statements and not r.statement_parses:
            bin_ = DocBin(store_user_data=False)
            for doc in nlp.pipe(_texts(r.statements)):
                bin_.add(doc)
            r = replace(r, statement_parses=bin_.to_bytes())
        out.append(r)
    return out


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
    if len(docs) != len(texts) or any(d.text != t for d, t in zip(docs, texts, strict=True)):
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
