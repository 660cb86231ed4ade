"""Write docs/cli.md from the commands' own --help, so the CLI reference cannot go stale.

python tools/cli_reference.py          rewrite docs/cli.md
python tools/cli_reference.py --check  exit 1 when docs/cli.md differs (run by the tests)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from storylens.cli import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    out = []
    for name in sorted(group.commands):
        path = [*prefix, name]
        out.append(path)
        sub = group.commands[name]
        if isinstance(sub, click.Group):
            out.extend(_commands(sub, path))
    return out


def render() -> str:
    runner = CliRunner()
    parts = [
        "# CLI reference\n\n",
        "Generated from `--help` by `python tools/cli_reference.py`; a test fails when it is stale.\n\n",
        "## storylens\n\n```\n",
        runner.invoke(cli, ["--help"], terminal_width=100, prog_name="storylens").output,
        "```\n",
    ]
    for path in _commands(cli, []):
        text = runner.invoke(
            cli, [*path, "--help"], terminal_width=100, prog_name="storylens"
        ).output
        parts += [f"\n## storylens {' '.join(path)}\n\n```\n", text, "```\n"]
    return "".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run python tools/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
