"""A real Dask cluster, not a LocalCluster (issue 12): `dask scheduler` and two `dask worker`
processes started here, `storylens analyze --engine dask --scheduler tcp://...` as a user runs
it, and one worker killed mid-run: no article lost, none duplicated, the same export as the
local engine.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import numbered_copies, stored_at_least, wait_until

from storylens.analyze import analyze
from storylens.export.tables import story_to_contract
from storylens.store import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STORYLENS = [sys.executable, "-c", "from storylens.cli import main; main()"]
ARTICLES = 48  # three batches of 16: both workers busy when one is killed


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A scheduler on a free loopback port and two single-threaded workers without nannies
    (so killing a worker's process kills the worker, as a lost machine would)."""
    sched_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
         "--dashboard-address", ":0", "--scheduler-file", str(sched_file)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    procs = [scheduler]
    try:
        wait_until(lambda: sched_file.exists() and sched_file.stat().st_size > 0, 120)
        address = json.loads(sched_file.read_text())["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--host",
                        "127.0.0.1",
                        "--dashboard-address",
                        ":0",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                    cwd=ROOT,
                )
            )
        from distributed import Client

        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=240)
        yield address, procs
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_worker_killed_mid_run_loses_and_duplicates_nothing(
    cluster: tuple[str, list[subprocess.Popen]], tmp_path: Path, demo_dir: Path
) -> None:
    address, procs = cluster
    inputs = numbered_copies(tmp_path / "in", demo_dir, range(ARTICLES), lead="Dispatch")
    db = tmp_path / "cluster.db"
    run = subprocess.Popen(
        [*STORYLENS, "analyze", str(inputs), "--db", str(db), "--engine", "dask",
         "--scheduler", address, "--no-claims", "--no-progress", "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_until(stored_at_least(db, 2, run), 300)
    assert run.poll() is None, "the run ended before a worker could be killed"
    assert procs[1].poll() is None
    os.kill(procs[1].pid, signal.SIGKILL)  # one worker dies with its batch in flight
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err
    summary = json.loads(out)
    assert summary["articles_added"] == ARTICLES
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (
            ARTICLES,
            ARTICLES,
        )
        assert conn.execute("SELECT count(*) FROM extracted").fetchone()[0] == ARTICLES
    local = tmp_path / "local.db"
    analyze([inputs], local, with_claims=False)
    with Store(db, readonly=True) as a, Store(local, readonly=True) as b:
        assert story_to_contract(a.load_story()) == story_to_contract(b.load_story())
