"""Sentence embeddings for the resolve stage (claims, stance), batched and de-duplicated.

Why a helper at all: encoding is the slow part of resolve (about 130 sentences/s on 2 CPU
threads), and the same text recurs (a headline paired with many bodies, a quote reported by
three outlets). Each call encodes every distinct text once; callers that make many calls can
pass their own `cache` dict (text hash -> vector) so nothing module-level grows across calls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from storylens.nlp import load_embedder

__all__ = ["EMBED_BATCH_SIZE", "EMBED_DIM", "embed_texts", "text_key"]

EMBED_DIM = 384  # all-MiniLM-L6-v2
# 64 keeps padding waste low for sentence-length inputs; 32-128 ran at the same speed here.
EMBED_BATCH_SIZE = 64


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
    keys = [text_key(t) for t in texts]
    todo: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in store and key not in todo:
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
