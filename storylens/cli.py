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
from storylens.export.tables import TABLES as EXPORT_TABLES
from storylens.report.brief import INFERRED_SOURCES

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
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for scripts instead of a table."
    )(f)


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
@click.option(
    "--max-bytes",
    type=int,
    default=10_000_000,
    show_default=True,
    help="Skip files larger than this.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Extract in N processes (or N Dask workers).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where the per-article stage runs.",
)
@click.option(
    "--scheduler",
    help="Dask scheduler address (tcp://HOST:8786); without it --engine dask starts a LocalCluster.",
)
@click.option("--no-claims", is_flag=True, help="Skip claim clustering (faster on big corpora).")
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write Parquet partitions here as articles stream (for DuckDB/Spark on big runs).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar (default: when stderr is a terminal).",
)
@click.option(
    "--no-wait",
    is_flag=True,
    help="If another storylens process is writing the database, exit 1 at once instead of "
    "waiting for it.",
)
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
    parquet_dir: Path | None,
    progress: bool | None,
    no_wait: bool,
    as_json: bool,
) -> None:
    """Analyse articles (files or folders) into a story database.

    Each input is decoded (any common encoding), its boilerplate marked, its outlet, date,
    title and language found; English articles are analysed, others stored as not analysed.
    Inputs that cannot be read are skipped with one line each. Re-running is incremental:
    unchanged articles are skipped, a killed run completes. One writer at a time: a second
    analyze on the same database waits for the first (or exits 1 with --no-wait).

    Example:

    \b
      storylens analyze examples/iraq-withdrawal --db story.db
      storylens analyze new-articles/ --db story.db --sidecar meta.csv
      storylens analyze big/ --db big.db --engine dask --scheduler tcp://10.0.0.5:8786
      storylens analyze big/ --db big.db --parquet big-parquet/ --no-claims
    """
    from tqdm import tqdm

    from storylens.analyze import analyze as run_analyze
    from storylens.analyze import count_inputs
    from storylens.ingest.sidecar import read_sidecar
    from storylens.ingest.sources import IngestOptions

    if published and not _is_iso_date(published):
        raise click.BadParameter(
            "use ISO 8601: 2020-01-06, 2020-01 or 2020", param_hint="--published"
        )

    def on_problem(message: str) -> None:
        # a value dropped from an input that is still read (bad sidecar row, bad date)
        tqdm.write(f"warning {message}", file=sys.stderr)

    options = IngestOptions(
        outlet=outlet,
        published=published,
        sidecar=read_sidecar(sidecar, on_problem) if sidecar else None,
        max_bytes=max_bytes,
        on_problem=on_problem,
    )
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(
        total=count_inputs(inputs),
        unit="article",
        desc="analysing",
        disable=not show,
        file=sys.stderr,
    )

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
        parquet_dir=parquet_dir,
        on_skip=on_skip,
        on_article=lambda _r: bar.update(1),
        command="analyze " + " ".join(map(str, inputs)),
        wait=not no_wait,
        on_wait=lambda line: tqdm.write(line, file=sys.stderr),
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
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="report.html",
    show_default=True,
)
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "parquet", "graphml", "ftm"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File (json, jsonl, graphml, ftm; '-' for stdout) or folder (csv, parquet). "
    "Default: stdout for json.",
)
@click.option(
    "--table",
    type=click.Choice(list(EXPORT_TABLES)),
    help="csv or parquet: write only this table, as one file (csv: '-' for stdout).",
)
@click.option(
    "--graph",
    type=click.Choice(["actors", "sourcing"]),
    default="actors",
    show_default=True,
    help="graphml: the actor network, or the sourcing graph (outlets and sources; relays, "
    "cites, copies). With --format json and --graph sourcing: the sourcing graph as JSON.",
)
@friendly_errors
def export(db: Path, fmt: str, output: Path | None, table: str | None, graph: str) -> None:
    """Export the story: JSON (contract v1), JSON Lines, CSV, Parquet, GraphML, FtM.

    JSON follows the export contract v1 (DESIGN.md; schema in
    storylens/export/contract_v1.schema.json). csv and parquet write one file per table into
    a folder, or one table with --table. graphml is the actor network for Gephi; ftm is
    FollowTheMoney entities (JSON lines) for Aleph. `-o -` writes to stdout.

    Example:

    \b
      storylens export --db story.db --format json -o story.json
      storylens export --db story.db --format jsonl -o - | jq -c 'select(.table=="statements")'
      storylens export --db story.db --format csv -o story-csv/
      storylens export --db story.db --format csv --table statements -o statements.csv
      storylens export --db story.db --format parquet -o story-parquet/
      storylens export --db story.db --format graphml -o actors.graphml
      storylens export --db story.db --format graphml --graph sourcing -o sourcing.graphml
      storylens export --db story.db --format json --graph sourcing -o sourcing.json
    """
    import shutil
    import tempfile

    from storylens.export import export_story, story_to_contract
    from storylens.export.tables import export_table

    folder_format = fmt in ("csv", "parquet")
    if table and not folder_format:
        raise click.UsageError(f"--table is for csv and parquet; --format {fmt} has every table")
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and fmt == "parquet":
        raise click.UsageError("parquet cannot go to stdout: give a file or folder with -o")
    if to_stdout and folder_format and not table:
        raise click.UsageError(
            "csv writes one file per table: give a folder (-o story-csv/), or pick one table "
            "for stdout (--table statements -o -)"
        )
    if (
        output is not None
        and not to_stdout
        and folder_format
        and not table
        and (output.suffix.lower() in (".csv", ".parquet") or output.is_file())
    ):
        raise click.UsageError(
            f"--format {fmt} writes one file per table into a folder: give a folder "
            f"(-o {output.with_suffix('')}/), or one table (--table statements -o {output})"
        )
    if graph == "sourcing" and fmt not in ("graphml", "json"):
        raise click.UsageError("--graph sourcing is for --format graphml or json")
    story = _open_story(db)
    if graph == "sourcing":
        from storylens.export.sourcing import sourcing_graph, write_sourcing_graphml

        if fmt == "json" and (output is None or to_stdout):
            _emit_json(sourcing_graph(story))
            return
        if output is None:
            raise click.UsageError("--format graphml needs -o/--output ('-' for stdout)")
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "sourcing.graphml" if to_stdout else output
            if fmt == "json":
                from storylens.export.sourcing import write_sourcing_json

                write_sourcing_json(story, target)
            else:
                write_sourcing_graphml(story, target)
            if to_stdout:
                with target.open("rb") as fh:
                    shutil.copyfileobj(fh, sys.stdout.buffer)
                sys.stdout.flush()
                return
        click.echo(f"wrote {output}", err=True)
        return
    if output is None:
        if fmt != "json":
            raise click.UsageError(f"--format {fmt} needs -o/--output ('-' for stdout)")
        _emit_json(story_to_contract(story))
        return
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"export.{fmt}" if to_stdout else output
        if table:
            written = export_table(story, fmt, table, target)
        else:
            written = export_story(story, fmt, target)
        if to_stdout:
            with target.open("rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
            sys.stdout.flush()
            return
    for path in written:
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
    run = data.get("last_run")
    if run:
        assert isinstance(run, dict)
        click.echo(
            f"last run: #{run['id']} {run['status']}, started {run['started_at']}"
            + (f", finished {run['finished_at']}" if run.get("finished_at") else "")
            + f" ({run['articles_added']} added, {run['articles_unchanged']} unchanged, "
            f"{run['inputs_skipped']} skipped): {run['command']}"
        )
    else:
        click.echo("last run: none")


@cli.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default="out/demo.db",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="out/report.html",
    show_default=True,
)
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
               max_bytes=10_000_000, workers=1, engine="local", scheduler=None, no_claims=False, parquet_dir=None,
               progress=progress, as_json=False)  # fmt: skip
    ctx.invoke(report, db=db, output=output, title="storylens demo: will US troops leave Iraq?")
    click.echo(f"open {output} in a browser; explore with: storylens statements --db {db}")


def _match(needle: str | None, *haystack: str | None) -> bool:
    """Case-insensitive substring filter used by --speaker / --outlet."""
    if not needle:
        return True
    n = needle.casefold()
    return any(h and n in h.casefold() for h in haystack)


@cli.command()
@db_option
@click.option(
    "--speaker",
    help="Only statements whose speaker (actor name, alias or words at the attribution) contains this.",
)
@click.option("--outlet", help="Only statements from outlets whose name contains this.")
@click.option(
    "--kind",
    type=click.Choice(["direct", "indirect"]),
    help="Only direct quotes or only reported speech.",
)
@json_option
@friendly_errors
def statements(
    db: Path, speaker: str | None, outlet: str | None, kind: str | None, as_json: bool
) -> None:
    """Who said what: every attributed statement, with speaker, cue, outlet, date and span.

    Direct quotes and reported speech ("according to X", "X told Al-Jazeera Net that ...");
    the speaker is resolved to an actor (names, titles, pronouns), anonymous sources are kept
    as such. Offsets index the article text exactly.

    Example:

    \b
      storylens statements --db story.db --speaker Milley
      storylens statements --db story.db --outlet RT --kind direct --json
    """
    story = _open_story(db)
    actors = {x.id: x for x in story.actors}
    art = {a.id: a for a in story.articles}
    rows = []
    for st in story.statements():
        actor = actors.get(st.speaker_actor or "")
        a = art[st.article]
        names = (actor.name, *actor.aliases) if actor else ()
        if not _match(speaker, st.speaker_text, *names) or not _match(outlet, a.outlet):
            continue
        if kind and st.kind != kind:
            continue
        rows.append({
            "id": st.id, "speaker": actor.name if actor else None, "speaker_actor": st.speaker_actor,
            "speaker_text": st.speaker_text, "cue": st.cue, "kind": st.kind, "content": st.content,
            "outlet": a.outlet, "date": st.date or a.published, "article": st.article, "path": a.path,
            # the statement's date is the article's when no date is said with it
            "date_source": a.published_source if st.date in (None, a.published) else None,
            "start": st.start, "end": st.end, "score": st.score,
            "channel": st.channel, "channel_source": st.channel_source,
        })  # fmt: skip
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        who = r["speaker"] or f"({r['speaker_text'] or 'unattributed'})"
        quote = f"“{r['content']}”" if r["kind"] == "direct" else r["content"]
        via = r["channel"] or "unknown"
        if r["channel"] == "outlet" and r["channel_source"]:
            via = f"via {r['channel_source']}"
        date = r["date"] or "undated"
        if r["date_source"] in INFERRED_SOURCES:  # not printed by the outlet (issue 14)
            date = f"≈{date} ({r['date_source']})"
        # "According to Jonathan Hoffman", not "Jonathan Hoffman According to" (issue 14)
        said = f"according to {who}" if r["cue"].lower() == "according to" else f"{who} {r['cue']}"
        click.echo(
            f"{said} — {r['outlet'] or '?'}, {date} [{via}] [{Path(r['path']).name}:{r['start']}-{r['end']}]"
        )
        click.echo(f"    {quote}")
    click.echo(f"{len(rows)} statements", err=True)


@cli.group(invoke_without_command=True)
@db_option
@json_option
@click.pass_context
@friendly_errors
def actors(ctx: click.Context, db: Path, as_json: bool) -> None:
    """Actors: one per person or organisation, however each outlet spells them.

    Without a subcommand, lists actors with aliases, role and mentions per outlet.
    Corrections (merge, split, rename) are stored in the database and applied on every run.

    Example:

    \b
      storylens actors --db story.db
      storylens actors --db story.db merge "Mark Milley" "Mike Millie"
      storylens actors --db story.db split "Mark Milley" "Miley"
      storylens actors --db story.db rename a_1234abcd "Gen. Mark A. Milley"
    """
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    from storylens.report.views import actor_rows

    rows = actor_rows(_open_story(db))
    if as_json:
        _emit_json([{k: v for k, v in r.items() if k != "first"} for r in rows])
        return
    for r in rows:
        role = f" — {r['role']}" if r["role"] else ""
        click.echo(f"{r['id']}  {r['name']} [{r['type']}]{role}")
        click.echo(f"    aliases: {', '.join(r['aliases'])}")
        click.echo(
            "    mentions: "
            + ", ".join(f"{o} {n}" for o, n in r["per_outlet"].items())
            + f"; quoted {r['statements']}x"
        )


def _correct(ctx: click.Context, action: str, target: str, value: str) -> None:
    from storylens.analyze import resolve_stored
    from storylens.resolve.actors import Correction
    from storylens.store import Store

    db = ctx.obj["db"]
    with Store(db, readonly=True) as ro:
        actors = ro.load_story().actors
    owner: dict[str, str] = {}  # id or casefolded alias -> actor id
    for x in actors:
        owner[x.id] = x.id
        for alias in (x.name, *x.aliases):
            owner.setdefault(alias.casefold(), x.id)
    names = (target, value) if action == "merge" else (target,)
    for name in names:
        if name not in owner and name.casefold() not in owner:
            raise click.ClickException(
                f"no actor {name!r}: list them with 'storylens actors --db {db}'"
            )
    if action == "merge":
        ids = {owner.get(n, owner.get(n.casefold())) for n in names}
        if len(ids) == 1:
            raise click.ClickException(
                f"{target!r} and {value!r} are already one actor ({ids.pop()}): nothing to merge"
            )
    with Store(db) as store:
        store.add_correction(Correction(action, target, value))  # type: ignore[arg-type]
        story = resolve_stored(store)
    click.echo(f"{action} recorded; {len(story.actors)} actors now (kept on every re-run)")


@actors.command()
@click.argument("target")
@click.argument("other")
@click.pass_context
@friendly_errors
def merge(ctx: click.Context, target: str, other: str) -> None:
    """Merge actor OTHER into TARGET (by id or any alias).

    Example:

    \b
      storylens actors --db story.db merge "Mark Milley" "Mike Millie"
    """
    _correct(ctx, "merge", target, other)


@actors.command()
@click.argument("target")
@click.argument("alias")
@click.pass_context
@friendly_errors
def split(ctx: click.Context, target: str, alias: str) -> None:
    """Split the mentions spelled ALIAS out of TARGET into their own actor.

    Example:

    \b
      storylens actors --db story.db split "Mark Milley" "Miley"
    """
    _correct(ctx, "split", target, alias)


@actors.command()
@click.argument("target")
@click.argument("name")
@click.pass_context
@friendly_errors
def rename(ctx: click.Context, target: str, name: str) -> None:
    """Give TARGET a new canonical NAME.

    Example:

    \b
      storylens actors --db story.db rename "Mike Millie" "Mark Milley"
    """
    _correct(ctx, "rename", target, name)


@cli.command()
@db_option
@json_option
@friendly_errors
def timeline(db: Path, as_json: bool) -> None:
    """What happened when: events merged across outlets, with their dates and sources.

    Dates are normalised against each article's publication date (stated, or inferred and
    marked so); precision (day, month, year) is kept.

    Example:

    \b
      storylens timeline --db story.db
      storylens timeline --db story.db --json | jq '.[] | select(.outlet_count > 1)'
    """
    from storylens.report.brief import relabel_timeline
    from storylens.report.views import timeline_rows

    rows = timeline_rows(_open_story(db))
    relabel_timeline(rows)  # short "actor action object" labels (issue 14)
    for r in rows:
        for m in r["mentions"]:
            m.pop("trigger", None)
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        click.echo(f"{r['date'] or 'undated':<10} {r['precision'] or '':<5} {r['label']}")
        # a source whose article date is inferred is marked: its relative dates rest on it
        sources = [
            f"{m['outlet'] or 'unknown outlet'}"
            + (f" (≈ date {m['date_source']})" if m["date_source"] in INFERRED_SOURCES else "")
            for m in r["mentions"]
        ]
        click.echo(f"{'':17}reported by: {', '.join(sources)}")


@cli.command()
@db_option
@click.option(
    "--contradictions", is_flag=True, help="Only pairs of statements that contradict each other."
)
@click.option(
    "--min-sources",
    type=click.IntRange(min=0),
    default=0,
    help="Only claims with at least this many independent sources (relays and copies collapsed).",
)
@click.option(
    "--possible",
    is_flag=True,
    help="With --contradictions: also the possible ones, scored below the calibrated "
    "threshold (marked '?').",
)
@json_option
@friendly_errors
def claims(db: Path, contradictions: bool, min_sources: int, possible: bool, as_json: bool) -> None:
    """Claims the outlets share, and statements that contradict each other.

    A claim is a cluster of statements saying the same thing across outlets; a relation
    (agree / contradict) carries a score and the reason in words. Claims come most
    independently confirmed first: an outlet relaying another outlet, or copying its text,
    adds no independent source.

    Example:

    \b
      storylens claims --db story.db
      storylens claims --db story.db --min-sources 2
      storylens claims --db story.db --contradictions --json
      storylens claims --db story.db --contradictions --possible

    --contradictions lists the pairs scored at or above the calibrated threshold (precision
    >= 0.8 on the dev data); --possible adds the rest, marked '?'.
    """
    from storylens.report.views import claim_matrix, contradiction_rows

    story = _open_story(db)
    if contradictions:
        from storylens.resolve.claims import CONTRADICT_THRESHOLD

        rows = contradiction_rows(story)
        for r in rows:
            r["possible"] = r["score"] < CONTRADICT_THRESHOLD
        # precision first: below the threshold a contradiction is shown only when asked for
        rows = [r for r in rows if possible or not r["possible"]]
        if as_json:
            _emit_json(rows)
            return
        for r in rows:
            mark = "?" if r["possible"] else "✗"
            click.echo(f"{mark} {r['why']} (score {r['score']:.2f})")
            for side in (r["a"], r["b"]):
                click.echo(
                    f"    {side['speaker']} ({side['outlet'] or '?'}, {side['date'] or 'undated'}): {side['content']}"
                )
        return
    matrix = claim_matrix(story)
    matrix["rows"] = [r for r in matrix["rows"] if (r["independent"] or 0) >= min_sources]
    if as_json:
        _emit_json(matrix)
        return
    for r in matrix["rows"]:
        carried = [o for o, n in zip(matrix["outlets"], r["cells"], strict=True) if n]
        click.echo(f"{r['id']}  {r['text']}")
        sources = "?" if r["independent"] is None else r["independent"]
        click.echo(f"    carried by: {', '.join(carried)}; independent sources: {sources}")


@cli.command()
@click.argument("claim", required=False)
@db_option
@click.option(
    "--claims",
    "claims_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Batch mode: FNC-1 stances CSV (Headline, Body ID).",
)
@click.option(
    "--articles",
    "bodies_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Batch mode: FNC-1 bodies CSV (Body ID, articleBody).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Batch mode: output CSV (Headline, Body ID, Stance).",
)
@json_option
@friendly_errors
def stance(
    claim: str | None,
    db: Path,
    claims_csv: Path | None,
    bodies_csv: Path | None,
    output: Path | None,
    as_json: bool,
) -> None:
    """How each article leans toward a claim: agree, disagree, discuss or unrelated.

    The model was trained on the FNC-1 training data (see storylens/resolve/models/).
    With a CLAIM, scores every article in the database and shows the evidence sentences.
    Batch mode reads and writes the FNC-1 CSV layout, so the model can be scored on any
    labelled set.

    Example:

    \b
      storylens stance "US troops will leave Iraq" --db story.db
      storylens stance --claims stances.csv --articles bodies.csv -o predicted.csv
    """
    from storylens.resolve.stance import fnc_batch, stance_of_articles

    if claims_csv or bodies_csv or output:
        if not (claims_csv and bodies_csv and output):
            raise click.UsageError("batch mode needs --claims, --articles and -o together")
        n = fnc_batch(claims_csv, bodies_csv, output)
        click.echo(f"wrote {n} stances to {output}")
        return
    if not claim:
        raise click.UsageError("give a CLAIM, or --claims/--articles/-o for batch mode")
    story = _open_story(db)
    results = stance_of_articles(claim, [a for a in story.articles if a.analysed])
    rows = [
        {
            "article": a.id, "path": a.path, "outlet": a.outlet, "published": a.published,
            "stance": r.label, "score": r.score,
            "evidence": [{"start": s, "end": e, "text": a.text[s:e]} for s, e in r.evidence],
        }
        for a, r in results
    ]  # fmt: skip
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        click.echo(
            f"{r['stance']:<10} {r['score']:.2f}  {r['outlet'] or '?'} ({Path(r['path']).name})"
        )
        for ev in r["evidence"][:2]:
            click.echo(f"    “{ev['text'].strip()}”")


@cli.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; anything but loopback exposes the story to your network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--allow-edits",
    is_flag=True,
    help="Allow actor merge/split/rename from the pages (opens the database for writing).",
)
@friendly_errors
def serve(db: Path, host: str, port: int, allow_edits: bool) -> None:
    """Browse a story in a local web UI (read-only unless --allow-edits).

    Pages: overview with the timeline chart, actors, one actor's statements, who-said-what
    search, timeline, claims and contradictions, the article reader (every item opens at its
    exact span), and a stance box. Every page answers ?format=json with the same data.

    Example:

    \b
      storylens serve --db story.db
      storylens serve --db story.db --port 9000 --allow-edits
    """
    import uvicorn

    from storylens.web import create_app
    from storylens.web.app import listen_socket, served_hosts

    app = create_app(db, allow_edits=allow_edits, hosts=served_hosts(host))
    sock = listen_socket(host, port)  # a port in use: one line and exit 1, not uvicorn's 3
    click.echo(f"serving {db} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    config = uvicorn.Config(app, log_level="warning", server_header=False)
    uvicorn.Server(config).run(sockets=[sock])


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
