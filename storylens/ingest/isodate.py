"""Publication dates given by the user or a source (flag, sidecar, JSON Lines): ISO 8601 or nothing.

A date that is not ISO 8601 is dropped (with one line for the user), never stored: the
publication date anchors every relative date of the article, and the web pages print it.
Accepted: `2020`, `2020-01`, `2020-01-06`, or a date-time (`2020-01-06T10:30:00Z`,
`2020-01-06 10:30+02:00`), stored at day precision: the contract's `published` is a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["normalise_published"]

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?"
)


def normalise_published(value: str) -> str | None:
    """`value` as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or None when it is not an ISO 8601 date.

    Only ASCII digits count (`str.isdigit` accepts '²'); the year is 1000-9999.
    """
    value = value.strip()
    if not value.isascii():
        return None
    m = _DATE_RE.fullmatch(value)
    if m:
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        try:
            date(year, month, day)
        except ValueError:
            return None
        return value if year >= 1000 else None
    if _DATETIME_RE.fullmatch(value):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.date().isoformat() if parsed.year >= 1000 else None
    return None
