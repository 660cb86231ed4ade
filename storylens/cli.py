"""The `storylens` command: thin commands over the library.

Each command parses options, calls one library function, and turns StorylensError into a
one-line message with a next step. Exit codes (documented in --help and the README):
  0  ok (some inputs may have been skipped: each is reported on its own line)
  1  error (bad database, missing model, unreadable sidecar...: the message says what to do)
  2  nothing could be analysed (every input was skipped or not English)
  64 usage error (unknown option, bad value)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from storylens import __version__
from storylens.errors import StorylensError

__all__ = ["cli", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_NOTHING_ANALYSED = 2
EXIT_USAGE = 64

DEMO_DIR = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"

F = TypeVar("F", bound=Callable[..., Any])


def db_option(f: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default="storylens.db",
        show_default=True,
        envvar="STORYLENS_DB",
        help="Story database (SQLite). Env: STORYLENS_DB.",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of a table.")(f)


def friendly_errors(f: F) -> F:
    """Turn library errors into one line with the fix, exit 1."""

    @wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except StorylensError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def _open_story(db: Path):  # -> Story
    from storylens.store import Store

    with Store(db, readonly=True) as store:
        return store.load_story()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="storylens")
def cli() -> None:
    """Turn news articles about one story into a sourced map of that story.

    storylens reads a folder of articles (text, HTML, JSON Lines), finds who the actors are
    (however each outlet spells them), who said what, what happened when, which claims the
    outlets share or contradict, and stores it all in one SQLite file, traced to the exact
    characters of each source.

    Start with `storylens demo`, or:

    \b
      storylens analyze articles/ --db story.db
      storylens report --db story.db -o report.html
      storylens statements --db story.db --speaker Esper

    Exit codes: 0 ok, 1 error, 2 nothing could be analysed, 64 usage error.
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--outlet", help="Outlet of every input (overrides what the text says).")
@click.option("--published", help="Publication date of every input, ISO 8601 (2020-01-06).")
@click.option(
    "--sidecar",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV or JSON with columns path, outlet, published, url, title (matched by file name).",
)
@click.option("--max-bytes", type=int, default=10_000_000, show_default=True, help="Skip files larger than this.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Extract in N processes (or N Dask workers).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where the per-article stage runs.")
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:8786); without it --engine dask starts a LocalCluster.")
@click.option("--no-claims", is_flag=True, help="Skip claim clustering (faster on big corpora).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@json_option
@friendly_errors
def analyze(
    inputs: tuple[Path, ...],
    db: Path,
    outlet: str | None,
    published: str | None,
    sidecar: Path | None,
    max_bytes: int,
    workers: int,
    engine: str,
    scheduler: str | None,
    no_claims: bool,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Analyse articles (files or folders) into a story database.

    Each input is decoded (any common encoding), its boilerplate marked, its outlet, date,
    title and language found; English articles are analysed, others stored as not analysed.
    Inputs that cannot be read are skipped with one line each. Re-running is incremental:
    unchanged articles are skipped, a killed run completes.

    Example:

    \b
      storylens analyze examples/iraq-withdrawal --db story.db
      storylens analyze new-articles/ --db story.db --sidecar meta.csv
      storylens analyze big/ --db big.db --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from tqdm import tqdm

    from storylens.analyze import analyze as run_analyze
    from storylens.analyze import count_inputs
    from storylens.ingest.sidecar import read_sidecar
    from storylens.ingest.sources import IngestOptions

    if published:
        if not _is_iso_date(published):
            raise click.BadParameter("use ISO 8601: 2020-01-06, 2020-01 or 2020", param_hint="--published")
    options = IngestOptions(
        outlet=outlet,
        published=published,
        sidecar=read_sidecar(sidecar) if sidecar else None,
        max_bytes=max_bytes,
    )
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=count_inputs(inputs), unit="article", desc="analysing", disable=not show, file=sys.stderr)

    def on_skip(item: Any) -> None:
        bar.update(1)
        tqdm.write(f"skipped {item.path}: {item.reason}", file=sys.stderr)

    result = run_analyze(
        inputs,
        db,
        options=options,
        engine=engine,  # type: ignore[arg-type]
        workers=workers,
        scheduler=scheduler,
        with_claims=not no_claims,
        on_skip=on_skip,
        on_article=lambda _r: bar.update(1),
        command="analyze " + " ".join(map(str, inputs)),
    )
    bar.close()
    summary = result.summary()
    for path, reason in result.not_analysed:
        click.echo(f"not analysed {path}: {reason}", err=True)
    if as_json:
        _emit_json(summary)
    else:
        _print_summary(summary)
    if not result.analysed_any:
        click.echo("nothing could be analysed: check the skipped inputs above", err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)


def _is_iso_date(value: str) -> bool:
    """2020-01-06, 2020-01 or 2020: the precisions the contract allows."""
    import re
    from datetime import date

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    parts = [*map(int, value.split("-")), 1, 1][:3]
    try:
        date(*parts)
    except ValueError:
        return False
    return True


def _print_summary(s: dict[str, Any]) -> None:
    click.echo(
        f"{s['database']}: {s['articles']} articles from {len(s['outlets'])} outlets "
        f"({s['articles_added']} added, {s['articles_unchanged']} unchanged, "
        f"{s['duplicates']} duplicates, {len(s['skipped'])} skipped)"
    )
    click.echo(
        f"  {s['actors']} actors, {s['statements']} statements, {s['timexes']} time expressions, "
        f"{s['events']} events, {s['claims']} claims, {s['contradictions']} contradictions"
    )
    if s["outlets"]:
        click.echo("  outlets: " + ", ".join(s["outlets"]))


@cli.command()
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="report.html", show_default=True)
@click.option("--title", default="storylens report", show_default=True)
@friendly_errors
def report(db: Path, output: Path, title: str) -> None:
    """Write the self-contained HTML report (opens offline, no network).

    Sections: overview (outlets, dates), actors, who said what, timeline chart, claims
    matrix, contradictions, and every article with entities highlighted and boilerplate
    greyed; every item links to its exact source span.

    Example:

    \b
      storylens report --db story.db -o report.html
    """
    from storylens.report import write_report

    path = write_report(_open_story(db), output, title=title)
    click.echo(f"wrote {path}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet", "graphml", "ftm"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (json, jsonl, graphml, ftm) or folder (csv, parquet). Default: stdout for json.")
@friendly_errors
def export(db: Path, fmt: str, output: Path | None) -> None:
    """Export the story: JSON (contract v1), JSON Lines, CSV, Parquet, GraphML, FtM.

    JSON follows the export contract v1 (DESIGN.md; schema in
    storylens/export/contract_v1.schema.json). csv and parquet write one file per table into
    a folder. graphml is the actor network for Gephi; ftm is FollowTheMoney entities (JSON
    lines) for Aleph.

    Example:

    \b
      storylens export --db story.db --format json -o story.json
      storylens export --db story.db --format parquet -o story-parquet/
      storylens export --db story.db --format graphml -o actors.graphml
    """
    from storylens.export import export_story, story_to_contract

    story = _open_story(db)
    if output is None:
        if fmt != "json":
            raise click.UsageError(f"--format {fmt} needs -o/--output")
        _emit_json(story_to_contract(story))
        return
    for path in export_story(story, fmt, output):
        click.echo(f"wrote {path}", err=True)


@cli.command()
@db_option
@json_option
@friendly_errors
def info(db: Path, as_json: bool) -> None:
    """What a story database holds: counts per table, outlets, the last run.

    Example:

    \b
      storylens info --db story.db
      storylens info --db story.db --json | jq .counts
    """
    from storylens.store import Store

    with Store(db, readonly=True) as store:
        data = store.info()
    if as_json:
        _emit_json(data)
        return
    click.echo(f"{data['database']} (schema v{data['schema_version']})")
    for table, n in data["counts"].items():  # type: ignore[union-attr]
        click.echo(f"  {table:<12} {n}")
    click.echo("outlets:")
    for o in data["outlets"]:  # type: ignore[union-attr]
        click.echo(f"  {o['outlet']:<28} {o['articles']}")


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default="out/demo.db", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="out/report.html", show_default=True)
@click.option("--progress/--no-progress", default=None)
@friendly_errors
def demo(db: Path, output: Path, progress: bool | None) -> None:
    """Analyse the bundled demo story (US troops in Iraq, 5 outlets), write the report.

    Example:

    \b
      storylens demo && xdg-open out/report.html
    """
    ctx = click.get_current_context()
    ctx.invoke(analyze, inputs=(DEMO_DIR,), db=db, outlet=None, published=None, sidecar=None,
               max_bytes=10_000_000, workers=1, engine="local", scheduler=None, no_claims=False,
               progress=progress, as_json=False)  # fmt: skip
    ctx.invoke(report, db=db, output=output, title="storylens demo: will US troops leave Iraq?")
    click.echo(f"open {output} in a browser; explore with: storylens statements --db {db}")


def main() -> None:
    """Entry point: map click's exits onto our exit codes (usage errors are 64, not 2)."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()
