"""Sidecar files: per-article metadata the user knows better than the text (CSV or JSON).

Columns/keys: path, outlet, published, url, title. A row matches an input by its file name,
so a sidecar written for one folder keeps working when the folder moves.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from storylens.errors import IngestError

__all__ = ["SidecarRow", "read_sidecar"]


@dataclass(frozen=True, slots=True)
class SidecarRow:
    path: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


def read_sidecar(path: Path) -> dict[str, SidecarRow]:
    """File name -> SidecarRow. Raises IngestError with a fix when the file is malformed."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise IngestError(f"cannot read sidecar {path}: {exc.strerror or exc}") from exc
    rows: list[dict[str, object]]
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise IngestError(
                f"sidecar {path} is not valid JSON: {exc.msg} (line {exc.lineno})"
            ) from exc
        rows = data if isinstance(data, list) else [{"path": k, **v} for k, v in data.items()]
    else:
        rows = list(csv.DictReader(raw.splitlines()))
    out: dict[str, SidecarRow] = {}
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not row.get("path"):
            raise IngestError(
                f"sidecar {path}: row {i} has no 'path' (columns: path, outlet, published, url, title)"
            )

        def val(key: str, row: dict[str, object] = row) -> str | None:
            v = row.get(key)
            return str(v).strip() if v not in (None, "") else None

        name = Path(str(row["path"])).name
        out[name] = SidecarRow(name, val("outlet"), val("published"), val("url"), val("title"))
    return out
