"""Walk the inputs and turn each into an Article or a Skipped with a one-line reason.

Inputs: plain-text files (any common encoding), HTML files (trafilatura: main text, title,
date, site name), JSON Lines (one article per line: text, title, url, published, outlet),
and folders (recursive, sorted, hidden files ignored). Metadata precedence, strongest first:
command-line flags > sidecar file > what the source declares (HTML meta, JSONL fields) >
what the text says. Each value records where it came from.

This is a generator: articles stream one at a time, so memory does not grow with the corpus.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from storylens.errors import IngestError
from storylens.ingest.boilerplate import boilerplate_spans
from storylens.ingest.decode import DEFAULT_MAX_BYTES, decode_bytes
from storylens.ingest.isodate import normalise_published
from storylens.ingest.metadata import find_language, find_outlet, find_published, find_title
from storylens.ingest.sidecar import SidecarRow
from storylens.model import Article, Skipped, article_id_for

__all__ = ["IngestOptions", "expand_inputs", "read_inputs", "shown"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ANALYSED_LANGUAGES = {"en"}
MIN_CHARS_FOR_LANGUAGE = 40  # below this, langid guesses; we assume English and say so


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Overrides and limits for one ingest run (from the CLI or the Python API)."""

    outlet: str | None = None
    published: str | None = None
    sidecar: dict[str, SidecarRow] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    # Told (one line) about a value dropped from an article that is still read, e.g. a JSONL
    # `published` that is not ISO 8601; a whole input that cannot be read is a Skipped instead.
    on_problem: Callable[[str], None] | None = None

    def problem(self, message: str) -> None:
        if self.on_problem is not None:
            self.on_problem(message)


def shown(path: str | Path) -> str:
    """The path as text that can be stored and printed.

    A file name that is not valid UTF-8 reaches Python with surrogate escapes, which SQLite
    cannot store (a traceback mid-run); its odd bytes are shown as \\xNN instead.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _unicode_problem(value: str) -> bool:
    """True when the string holds a lone surrogate (JSON allows the escape "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Files named, and files under folders named (recursive, sorted, no hidden files).

    What cannot be walked is a Skipped with one line, never silence and never a traceback:
    a broken symbolic link, a symbolic link loop, a folder that cannot be read, something
    that is not a regular file (a FIFO would block the run). Symbolic links to files are
    read; symbolic links to folders inside a folder are not followed (a link back to an
    ancestor would loop), and say so: name such a folder on the command line to include it.
    """
    for p in paths:
        path = Path(p)
        problem = _link_problem(path)
        if problem:
            yield Skipped(shown(path), problem)
        elif path.is_dir():
            # Listed once, up front: a file that vanishes later is reported, not silently lost.
            files: list[Path] = []
            skipped: list[Skipped] = []
            _walk(path, files, skipped)
            yield from skipped
            yield from sorted(files)
        elif path.exists():
            yield path
        else:
            yield Skipped(shown(path), "no such file or folder: check the path")


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be read (loop, broken), or None for anything else."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except FileNotFoundError:
        return "broken symbolic link (its target does not exist)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot follow symbolic link: {exc.strerror or exc}"
    return None


# Files a folder of articles carries about itself: a README describing the sources (the open
# Khashoggi story's lists every outlet and URL, and was read as a seventh article whose
# "statements" contradicted the real ones), a licence, a changelog. Skipped when a folder is
# walked; read when named on the command line.
FOLDER_NOTES = ("readme", "license", "licence", "changelog", "copying", "notice")


def _folder_notes(name: str) -> bool:
    return name.lower().split(".", 1)[0] in FOLDER_NOTES


def _walk(folder: Path, files: list[Path], skipped: list[Skipped]) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Skipped(str(folder), f"cannot read folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        problem = _link_problem(path)
        if problem:
            skipped.append(Skipped(shown(path), problem))
            continue
        try:
            is_link, is_dir, is_file = entry.is_symlink(), entry.is_dir(), entry.is_file()
        except OSError as exc:
            skipped.append(Skipped(shown(path), f"cannot read: {exc.strerror or exc}"))
            continue
        if is_dir and is_link:
            skipped.append(
                Skipped(shown(path), "symbolic link to a folder: not followed (name it to read it)")
            )
        elif is_dir:
            _walk(path, files, skipped)
        elif is_file and _folder_notes(entry.name):
            skipped.append(
                Skipped(
                    shown(path),
                    "a folder's notes (README, LICENSE, ...), not an article: name the file to read it",
                )
            )
        elif is_file:
            files.append(path)
        else:
            skipped.append(Skipped(shown(path), "not a regular file (a device, FIFO or socket)"))


def read_inputs(
    paths: Iterable[str | Path], options: IngestOptions | None = None
) -> Iterator[Article | Skipped]:
    """Every article in the inputs, or a Skipped saying why not."""
    options = options or IngestOptions()
    for item in expand_inputs(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield from _read_file(item, options)
        except Exception as exc:  # one unreadable input is a skip, never the end of the run
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            yield Skipped(shown(item), f"could not be read ({type(exc).__name__}: {first})")


def _read_file(path: Path, options: IngestOptions) -> Iterator[Article | Skipped]:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise IngestError("not a regular file (a device, FIFO or socket)")
        size = st.st_size
        if size > options.max_bytes:
            raise IngestError(
                f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit; "
                "split it into articles or raise --max-bytes"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        yield Skipped(shown(path), "file vanished before it could be read")
        return
    except IngestError as exc:
        yield Skipped(shown(path), str(exc))
        return
    except OSError as exc:
        yield Skipped(shown(path), f"cannot read file: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, data, options)
            return
        text, encoding = decode_bytes(data, max_bytes=options.max_bytes)
        if suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(
            ("<!doctype html", "<html")
        ):
            yield _finish(_from_html(path, text, encoding), options)
        else:
            yield _finish(_from_text(shown(path), text, encoding), options)
    except IngestError as exc:
        yield Skipped(shown(path), str(exc))


def _from_text(path: str, text: str, encoding: str | None) -> Article:
    boilerplate = boilerplate_spans(text)
    outlet = find_outlet(text)
    published = find_published(text)
    title = find_title(text, boilerplate)
    return Article(
        id=article_id_for(text),
        path=path,
        text=text,
        outlet=outlet.value if outlet else None,
        outlet_source="text" if outlet else "none",
        outlet_evidence=outlet.evidence if outlet else None,
        published=published.value if published else None,
        published_source="text" if published else "none",
        published_evidence=published.evidence if published else None,
        title=title.value if title else None,
        title_source="text" if title else "none",
        encoding=encoding,
        boilerplate=boilerplate,
    )


def _from_html(path: Path, html: str, encoding: str) -> Article:
    """Main text and metadata by trafilatura; comments are left out (favor_precision)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, favor_precision=True, include_comments=False, with_metadata=True
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise IngestError("HTML page with no main text (trafilatura found none): is it an article?")
    article = _from_text(shown(path), text, encoding)
    updates: dict[str, object] = {}
    if getattr(doc, "title", None):
        updates |= {"title": doc.title, "title_source": "html-meta"}
    if getattr(doc, "date", None) and normalise_published(str(doc.date)):
        updates |= {
            "published": normalise_published(str(doc.date)),
            "published_source": "html-meta",
            "published_evidence": None,
        }
    if getattr(doc, "sitename", None):
        updates |= {"outlet": doc.sitename, "outlet_source": "html-meta", "outlet_evidence": None}
    if getattr(doc, "url", None):
        updates["url"] = doc.url
    return replace(article, **updates)


def _read_jsonl(path: Path, data: bytes, options: IngestOptions) -> Iterator[Article | Skipped]:
    text, _encoding = decode_bytes(data, max_bytes=options.max_bytes)
    # split on "\n" only: str.splitlines also splits on U+2028 etc., valid inside JSON strings
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{shown(path)}#L{lineno}"
        try:
            yield _jsonl_article(where, lineno, line, options)
        except Exception as exc:  # one bad line is a skip, the file's other lines go on
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            yield Skipped(where, f"line {lineno} could not be read ({type(exc).__name__}: {first})")


def _jsonl_article(where: str, lineno: int, line: str, options: IngestOptions) -> Article | Skipped:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(where, f"invalid JSON on line {lineno}: {exc.msg}")
    except RecursionError:
        return Skipped(where, f"line {lineno} is nested too deeply to be an article")
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
        return Skipped(where, f"line {lineno} has no 'text' field with article text")
    if _unicode_problem(row["text"]):
        return Skipped(
            where, f"line {lineno}: the text holds a lone surrogate escape (\\ud800-\\udfff)"
        )
    article = _from_text(where, row["text"], "utf-8")
    updates: dict[str, object] = {}
    for field in ("title", "outlet", "published"):
        value = row.get(field)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or _unicode_problem(value):
            options.problem(f"{where}: {field} is not a string of valid Unicode: ignored")
            continue
        value = value.strip()
        if field == "published" and value:
            iso = normalise_published(value)
            if iso is None:
                options.problem(
                    f"{where}: published {value[:40]!r} is not an ISO 8601 date "
                    "(2020-01-06, 2020-01, 2020): ignored"
                )
            value = iso or ""
        if value:
            updates[field] = value
            updates[f"{field}_source"] = "jsonl"
            if field != "title":
                updates[f"{field}_evidence"] = None
    if isinstance(row.get("url"), str) and row["url"].strip() and not _unicode_problem(row["url"]):
        updates["url"] = row["url"].strip()
    return _finish(replace(article, **updates), options)


def _finish(article: Article, options: IngestOptions) -> Article:
    """Apply sidecar and flag overrides, then decide the language."""
    updates: dict[str, object] = {}
    row = options.sidecar.get(Path(article.path.split("#L")[0]).name) if options.sidecar else None
    if row is not None:
        for field in ("outlet", "published", "title"):
            value = getattr(row, field)
            if value:
                updates[field] = value
                updates[f"{field}_source"] = "sidecar"
                if field != "title":
                    updates[f"{field}_evidence"] = None
        if row.url:
            updates["url"] = row.url
    if options.outlet:
        updates |= {"outlet": options.outlet, "outlet_source": "flag", "outlet_evidence": None}
    if options.published:
        updates |= {
            "published": options.published,
            "published_source": "flag",
            "published_evidence": None,
        }
    visible = article.text.strip()
    if len(visible) < MIN_CHARS_FOR_LANGUAGE:
        updates |= {"language": "en", "note": "too short to detect the language; assumed English"}
    else:
        language = find_language(article.text)
        updates["language"] = language
        if language not in ANALYSED_LANGUAGES:
            updates |= {
                "analysed": False,
                "note": f"language '{language}': stored but not analysed (storylens analyses English)",
            }
    return replace(article, **updates)
