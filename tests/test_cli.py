"""The CLI: exit codes, --json, one line per skipped input, help that teaches."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point (exit-code mapping lives in main())."""
    return subprocess.run(
        [sys.executable, "-c", "from storylens.cli import main; main()", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_analyze_json_summary_and_skip_lines(tmp_path: Path, demo_dir: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes((demo_dir / "003_dca2c3b37c385f39.txt").read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    proc = run("analyze", str(inputs), "--db", str(tmp_path / "s.db"), "--json", "--no-claims")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["articles_added"] == 1
    assert {Path(s["path"]).name for s in summary["skipped"]} == {"empty.txt", "blob.bin"}
    skip_lines = [x for x in proc.stderr.splitlines() if x.startswith("skipped ")]
    assert len(skip_lines) == 2
    assert any("empty.txt: empty file" in x for x in skip_lines)


def test_nothing_analysed_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = run("analyze", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "s.db"))
    assert proc.returncode == 2
    assert "nothing could be analysed" in proc.stderr


def test_usage_error_exits_64_and_errors_exit_1(tmp_path: Path) -> None:
    assert run("analyze", "--bogus").returncode == 64
    proc = run("info", "--db", str(tmp_path / "missing.db"))
    assert proc.returncode == 1
    assert "run 'storylens analyze' first" in proc.stderr


def test_info_and_export_on_demo(demo_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["info", "--db", str(demo_db), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["counts"]["articles"] == 5
    out = tmp_path / "story.json"
    res = runner.invoke(cli, ["export", "--db", str(demo_db), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["version"] == 1
    res = runner.invoke(cli, ["report", "--db", str(demo_db), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0 and (tmp_path / "r.html").stat().st_size > 10_000


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example_and_a_readme_entry(name: str) -> None:
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output, f"storylens {name} --help lacks an Example: block"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"storylens {name}" in readme, f"README.md has no entry for storylens {name}"


def test_cli_reference_is_generated_from_help() -> None:
    proc = subprocess.run(
        [sys.executable, "tools/cli_reference.py", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_export_to_stdout_and_single_table_files(demo_db: Path, tmp_path: Path) -> None:
    """`-o -` is stdout (never a file named "-"); csv needs a folder or --table (issue 14)."""
    proc = subprocess.run(
        [sys.executable, "-c", "from storylens.cli import main; main()", "export", "--db",
         str(demo_db), "--format", "jsonl", "-o", "-"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert lines[0] == {"table": "meta", "version": 1}
    assert any(x["table"] == "statements" for x in lines)
    assert not (tmp_path / "-").exists()

    out = CliRunner().invoke(
        cli, ["export", "--db", str(demo_db), "--format", "csv", "--table", "statements", "-o", "-"]
    )
    assert out.exit_code == 0, out.output
    header = out.output.splitlines()[0]
    assert header.startswith("id,article,") and "speaker_text" in header

    single = tmp_path / "statements.csv"
    res = CliRunner().invoke(
        cli, ["export", "--db", str(demo_db), "--format", "csv", "-o", str(single)]
    )
    assert res.exit_code == 2 and "--table statements" in res.output  # click usage error
    assert not single.exists()
    res = CliRunner().invoke(
        cli,
        ["export", "--db", str(demo_db), "--format", "csv", "--table", "statements",
         "-o", str(single)],
    )  # fmt: skip
    assert res.exit_code == 0 and single.is_file()
    assert single.read_text(encoding="utf-8").count("\n") > 10


def test_info_text_shows_the_last_run(demo_db: Path) -> None:
    res = CliRunner().invoke(cli, ["info", "--db", str(demo_db)])
    assert res.exit_code == 0
    last = [x for x in res.output.splitlines() if x.startswith("last run:")]
    assert len(last) == 1 and " ok, started " in last[0] and "5 added" in last[0]
