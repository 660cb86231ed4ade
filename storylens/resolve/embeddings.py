"""Sentence embeddings for the resolve stage (claims, stance), batched and de-duplicated.

Why a helper at all: encoding is the slow part of resolve (about 130 sentences/s on 2 CPU
threads), and the same text recurs (a headline paired with many bodies, a quote reported by
three outlets). Each call encodes every distinct text once; callers that make many calls can
pass their own `cache` dict (text hash -> vector) so nothing module-level grows across calls.

Statement vectors are computed in the per-article stage (`attach_statement_vectors`, run by
the engine in the pool process or on the Dask worker) and stored with the records; the
resolve stage lends them to every `embed_texts` call inside `known_vectors(...)`, so a
statement is embedded once in its life, wherever the extraction ran.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

import numpy as np

from storylens.model import ArticleRecords
from storylens.nlp import load_embedder

__all__ = [
    "EMBED_BATCH_SIZE",
    "EMBED_DIM",
    "attach_statement_vectors",
    "embed_texts",
    "known_vectors",
    "statement_vector_cache",
    "text_key",
]

EMBED_DIM = 384  # all-MiniLM-L6-v2
# Small batches pad little: a batch is padded to its longest text, and one article's statements
# (sorted longest first) range from a clause to a paragraph. On PolNeAR dev's 1,338 statements,
# encoded one article at a time as the extract stage does, batches of 8 took 8.5 s against
# 13.5 s for 64 (4: 9.2 s, 16: 10.0 s; one text at a time 13.7 s); on one sorted list of all of
# them, 6.4-6.9 s against 7.4-8.4 s. The vectors agree to cosine 1.00000.
EMBED_BATCH_SIZE = 8


_KNOWN: ContextVar[dict[str, np.ndarray] | None] = ContextVar(
    "storylens_known_vectors", default=None
)


def text_key(text: str) -> str:
    """A short stable key for a text (its SHA-1), used by the caches."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed_texts(
    texts: Sequence[str],
    *,
    cache: dict[str, np.ndarray] | None = None,
    batch_size: int = EMBED_BATCH_SIZE,
    show_progress: bool = False,
) -> np.ndarray:
    """L2-normalised embeddings, one row per input text (float32, shape (len(texts), 384)).

    Distinct texts are encoded once, longest first so batches pad little; `cache` (if given)
    is read and filled, keyed by `text_key`.
    """
    out = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
    if not texts:
        return out
    store: dict[str, np.ndarray] = cache if cache is not None else {}
    known = _KNOWN.get()
    keys = [text_key(t) for t in texts]
    todo: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in store and key not in todo:
            if known is not None and key in known:
                store[key] = known[key]
                continue
            todo[key] = text
    if todo:
        order = sorted(todo, key=lambda k: len(todo[k]), reverse=True)
        vectors = load_embedder().encode(
            [todo[k] for k in order],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        for key, vec in zip(order, vectors, strict=True):
            store[key] = np.asarray(vec, dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = store[key]
    return out


@contextmanager
def known_vectors(vectors: dict[str, np.ndarray]) -> Iterator[None]:
    """Inside the block, embed_texts takes these (text_key -> vector) instead of encoding."""
    token = _KNOWN.set(vectors)
    try:
        yield
    finally:
        _KNOWN.reset(token)


def attach_statement_vectors(records: Sequence[ArticleRecords]) -> list[ArticleRecords]:
    """The records with their statements' content vectors: one encode call per article.

    Per article, not per batch of articles: the encoder's floats depend (in the last bits)
    on which texts share a padded batch, and the k-NN graph for claims turns a last-bit
    difference into other neighbours. One call per article makes a statement's vector a
    function of its article alone, so the database is the same whatever the file order, the
    batch a worker got, or the number of workers (tests/test_determinism.py).
    """
    out = []
    for r in records:
        if r.statements and not r.statement_vectors:
            vectors = embed_texts([s.content for s in r.statements])
            r = replace(r, statement_vectors=vectors.tobytes())
        out.append(r)
    return out


def statement_vector_cache(records: Sequence[ArticleRecords]) -> dict[str, np.ndarray]:
    """text_key(content) -> vector for every statement whose vector was stored."""
    cache: dict[str, np.ndarray] = {}
    for r in records:
        if not r.statement_vectors or not r.statements:
            continue
        matrix = np.frombuffer(r.statement_vectors, dtype=np.float32)
        if matrix.size != len(r.statements) * EMBED_DIM:
            continue  # stored by another model or damaged: recompute rather than trust it
        for st, vec in zip(r.statements, matrix.reshape(-1, EMBED_DIM), strict=True):
            cache.setdefault(text_key(st.content), vec)
    return cache
