"""Actor corrections from the CLI are stored and survive a re-analysis."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from storylens.analyze import analyze
from storylens.cli import cli


def _actors(db: Path) -> list[dict]:
    res = CliRunner().invoke(cli, ["actors", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def _owner(actors: list[dict], alias: str) -> dict:
    return next(a for a in actors if alias in a["aliases"])


def test_merge_rename_split_survive_reanalysis(
    tmp_path: Path, demo_db: Path, demo_dir: Path
) -> None:
    db = tmp_path / "s.db"
    shutil.copy(demo_db, db)
    runner = CliRunner()
    before = _actors(db)
    hoffman, hood = _owner(before, "Jonathan Hoffman"), _owner(before, "Joey Hood")
    assert hoffman["id"] != hood["id"]

    res = runner.invoke(cli, ["actors", "--db", str(db), "merge", "Jonathan Hoffman", "Joey Hood"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        cli, ["actors", "--db", str(db), "rename", "Jonathan Hoffman", "Pentagon spokesmen"]
    )
    assert res.exit_code == 0, res.output
    merged = _owner(_actors(db), "Joey Hood")
    assert "Jonathan Hoffman" in merged["aliases"] and merged["name"] == "Pentagon spokesmen"

    analyze([demo_dir], db, with_claims=False)  # re-analysis applies the stored corrections
    again = _owner(_actors(db), "Joey Hood")
    assert "Jonathan Hoffman" in again["aliases"] and again["name"] == "Pentagon spokesmen"

    res = runner.invoke(
        cli, ["actors", "--db", str(db), "split", "Pentagon spokesmen", "Joey Hood"]
    )
    assert res.exit_code == 0, res.output
    after = _actors(db)
    assert _owner(after, "Joey Hood")["id"] != _owner(after, "Jonathan Hoffman")["id"]


def test_correcting_an_unknown_actor_says_how_to_list_them(tmp_path: Path, demo_db: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(demo_db, db)
    res = CliRunner().invoke(cli, ["actors", "--db", str(db), "merge", "Nobody Atall", "Joey Hood"])
    assert res.exit_code == 1
    assert "storylens actors --db" in res.output


def test_merging_an_actor_with_itself_is_refused(tmp_path: Path, demo_db: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(demo_db, db)
    actors = _actors(db)
    milley = next(a for a in actors if "Milley" in a["name"])
    alias = next(x for x in milley["aliases"] if x != milley["name"])
    res = CliRunner().invoke(cli, ["actors", "--db", str(db), "merge", milley["id"], alias])
    assert res.exit_code == 1
    assert "already one actor" in res.output
    assert _actors(db) == actors
