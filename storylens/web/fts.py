"""Turn what a person types into a safe FTS5 query.

Why: FTS5 has its own query language (`"`, `NEAR(`, `AND`, `*`, `col:`); a raw user string
either raises a syntax error (a 500) or means something the user did not intend. Every word
becomes a quoted token, so the query is always valid and means "all these words" (implicit
AND). A trailing `*` on a word is kept as a prefix search, the one operator worth offering.
"""

from __future__ import annotations

import re

__all__ = ["MAX_QUERY_TOKENS", "fts_query"]

MAX_QUERY_TOKENS = 16  # longer queries are cut: a search box is not a document
_WORD_RE = re.compile(r"(\w+)(\*?)")


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH string for `text`, or None when it holds no searchable word.

    >>> fts_query('troops NEAR( "leave')
    '"troops" "NEAR" "leave"'
    >>> fts_query("withdr*")
    '"withdr"*'
    """
    parts = []
    for word, star in _WORD_RE.findall(text)[:MAX_QUERY_TOKENS]:
        parts.append(f'"{word}"' + ("*" if star else ""))
    return " ".join(parts) or None
