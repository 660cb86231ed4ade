"""Run spaCy once per article and every extractor over the parsed Doc.

Two rules keep one article from stopping a run:
  - a text longer than spaCy's `nlp.max_length` is parsed in paragraph-aligned chunks joined
    back into one Doc whose text is the article's text exactly (offsets stay exact);
  - any exception while parsing or extracting one article turns that article into a stored,
    not-analysed article whose note says why; the other articles go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from storylens.extract.entities import ENTITIES_VERSION, mentions_in, sentences_in
from storylens.extract.events import EVENTS_VERSION, event_mentions_in
from storylens.extract.statement_parses import parses_from_doc
from storylens.extract.statements import STATEMENTS_VERSION, statements_in
from storylens.extract.timex import TIMEX_VERSION, timexes_in
from storylens.model import Article, ArticleRecords
from storylens.nlp import doc_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "EXTRACTOR_VERSIONS",
    "LONG_TEXT_CHUNK",
    "chunk_bounds",
    "extract_article",
    "extract_many",
    "masked_text",
    "not_analysed",
    "parse_long",
    "records_from_doc",
]

# Stored with what they produced, so a re-run knows which records are stale.
EXTRACTOR_VERSIONS: tuple[tuple[str, str], ...] = (
    ("entities", ENTITIES_VERSION),
    ("statements", STATEMENTS_VERSION),
    ("timex", TIMEX_VERSION),
    ("events", EVENTS_VERSION),
)

# nlp.pipe batch size: 16-64 gave the same throughput on the demo + FNC-1 bodies; 32 keeps
# peak memory low with long articles.
PIPE_BATCH_SIZE = 32
# Chunk size for texts over nlp.max_length (1,000,000 by default): a paragraph-aligned piece
# of at most this many characters. 100,000 keeps the parser's peak memory near that of the
# longest real article we have seen (~200 kB) instead of that of a 10 MB dump.
LONG_TEXT_CHUNK = 100_000
MAX_NOTE_CHARS = 200  # an exception message in a note is cut to one short line


def masked_text(article: Article) -> str:
    """The article text with every boilerplate span blanked out, same length.

    Newlines are kept so spaCy still sees paragraph breaks; every other character in a
    boilerplate span becomes a space. Offsets into the result are offsets into article.text.
    """
    if not article.boilerplate:
        return article.text
    chars = list(article.text)
    for span in article.boilerplate:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def records_from_doc(article: Article, doc: Doc) -> ArticleRecords:
    """All per-article records from one parsed Doc of masked_text(article)."""
    sentences = sentences_in(doc, article)
    mentions = mentions_in(doc, article)
    statements = statements_in(doc, article)
    parses = parses_from_doc(doc, statements) if statements else b""
    timexes = timexes_in(doc, article)
    events = event_mentions_in(doc, article, timexes)
    return ArticleRecords(
        article=article,
        sentences=sentences,
        mentions=mentions,
        statements=statements,
        timexes=timexes,
        event_mentions=events,
        extractor_versions=EXTRACTOR_VERSIONS,
        statement_parses=parses,
    )


def chunk_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """[start, end) pieces covering `text` in order, each at most `limit` characters.

    A piece ends after a blank line if one falls in the second half of the window, else
    after a line break, else after a space, else at the limit (a text with no whitespace).
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = -1
        for sep in ("\n\n", "\n", " "):
            at = text.rfind(sep, lo, hi)
            if at != -1 and at + len(sep) <= hi:
                cut = at + len(sep)
                break
        if cut == -1:
            cut = hi
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def parse_long(text: str, nlp: Language, *, chunk: int = LONG_TEXT_CHUNK) -> Doc:
    """One Doc of a text longer than nlp.max_length, parsed in paragraph-aligned chunks.

    The chunks' Docs are joined without added whitespace, so the Doc's text is `text`
    exactly and every character offset indexes the article's text.
    """
    from spacy.tokens import Doc

    limit = max(2, min(chunk, nlp.max_length))
    pieces = [text[a:b] for a, b in chunk_bounds(text, limit)]
    doc = Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)
    if doc_text(doc) != text:  # never seen; checked because provenance depends on it
        raise ValueError("the chunked parse does not reproduce the text")
    return doc


def not_analysed(article: Article, reason: str) -> ArticleRecords:
    """Records with no content for an article stored but not analysed, saying why."""
    return ArticleRecords(
        article=replace(article, analysed=False, note=reason),
        extractor_versions=EXTRACTOR_VERSIONS,
    )


def _failure(exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    if len(first) > MAX_NOTE_CHARS:
        first = first[: MAX_NOTE_CHARS - 1] + "…"
    return f"extraction failed ({type(exc).__name__}: {first}); stored, not analysed"


def _extract_one(article: Article, nlp: Language) -> ArticleRecords:
    """One article parsed on its own (long texts in chunks); a failure becomes a note."""
    try:
        text = masked_text(article)
        doc = parse_long(text, nlp) if len(text) > nlp.max_length else nlp(text)
        return records_from_doc(article, doc)
    except Exception as exc:  # one article's failure is that article's note, never the run's
        return not_analysed(article, _failure(exc))


def _records(article: Article, doc: Doc) -> ArticleRecords:
    try:
        return records_from_doc(article, doc)
    except Exception as exc:  # see _extract_one
        return not_analysed(article, _failure(exc))


def extract_article(article: Article, nlp: Language) -> ArticleRecords:
    """Extract one article (convenience over extract_many)."""
    return next(extract_many([article], nlp))


def extract_many(articles: Iterable[Article], nlp: Language) -> Iterator[ArticleRecords]:
    """Stream articles through nlp.pipe, in input order.

    Articles not analysed yield records with no content; a text over nlp.max_length is
    parsed alone in chunks; if a batch's parse fails, its remaining articles are parsed one
    by one so that the failure is charged to the one article that caused it.
    """
    pending: list[Article] = []

    def flush() -> Iterator[ArticleRecords]:
        batch = pending[:]
        pending.clear()
        done = 0
        try:
            texts = (masked_text(a) for a in batch)
            for art, doc in zip(batch, nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE), strict=True):
                records = _records(art, doc)
                done += 1
                yield records
        except Exception:  # a parse error inside the batch: isolate it (see docstring)
            for art in batch[done:]:
                yield _extract_one(art, nlp)

    for article in articles:
        if not article.analysed:
            yield from flush()
            yield ArticleRecords(article=article, extractor_versions=EXTRACTOR_VERSIONS)
            continue
        if len(article.text) > nlp.max_length:
            yield from flush()
            yield _extract_one(article, nlp)
            continue
        pending.append(article)
        if len(pending) >= PIPE_BATCH_SIZE:
            yield from flush()
    yield from flush()
