"""Per-article extraction: Article -> ArticleRecords, a pure function of one article.

The cascade, in order:
  1. mask boilerplate (replace it by spaces of the same length, so offsets stay exact and
     nothing inside boilerplate is extracted),
  2. spaCy (sentences, entity mentions),
  3. statements (who said what), 4. time expressions, 5. event mentions.
"""

from storylens.extract.pipeline import (
    EXTRACTOR_VERSIONS,
    extract_article,
    extract_many,
    masked_text,
    records_from_doc,
)

__all__ = [
    "EXTRACTOR_VERSIONS",
    "extract_article",
    "extract_many",
    "masked_text",
    "records_from_doc",
]
