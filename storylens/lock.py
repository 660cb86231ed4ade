"""One writer per story database: an advisory file lock beside the database.

Why a lock and not only SQLite transactions: an `analyze` run reads what is stored, works for
minutes (extraction, embeddings) and then writes the cross-article resolution. Two runs on one
database would each write a resolution computed from what they read, and the later one would
delete what the other stored in between (issue 18: a second run's article lost its statements).
SQLite's own locks cover one transaction, not a whole run, so every writer (analyze, actor
corrections from the CLI or the web UI) takes this lock for the whole of its work.

The lock is `flock` on `<db>.lock` (POSIX; Linux and macOS): the kernel drops it when the
holder exits, so a killed run never leaves a stale lock behind, and "the lock is free" is
exactly "no writer is alive" (used to show a killed run as interrupted). The holder writes its
pid into the file so a waiting run can say whom it waits for. Re-entrant within one process:
a writer that calls another writer (analyze -> resolve) does not block on itself.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from storylens.errors import StoreError

__all__ = ["DatabaseBusy", "lock_path", "writer_alive", "writer_lock"]

POLL_SECONDS = 0.5  # how often a waiting writer retries: short next to any real run

_held: dict[Path, int] = {}  # lock path -> depth, for re-entry within this process
_guard = threading.Lock()


class DatabaseBusy(StoreError):
    """Another process is writing this database and the caller chose not to wait."""


def lock_path(db: str | Path) -> Path:
    """The lock file of a database: `story.db` -> `story.db.lock`."""
    p = Path(db).resolve()
    return p.with_name(p.name + ".lock")


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another storylens process"
    return f"storylens process {pid}" if pid.isdigit() else "another storylens process"


@contextmanager
def writer_lock(
    db: str | Path,
    *,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> Iterator[None]:
    """Hold the database's writer lock for the block.

    wait=False raises DatabaseBusy at once when another process holds it; otherwise wait
    (telling `on_wait` once, with a line for the user) until it is free or `timeout` passes.
    """
    path = lock_path(db)
    with _guard:
        if _held.get(path):
            _held[path] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        told = False
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                who = _holder(path)
                if not wait or (deadline is not None and time.monotonic() >= deadline):
                    raise DatabaseBusy(
                        f"{db} is being written by {who}: wait for it to finish, or re-run "
                        "without --no-wait to queue behind it"
                    ) from None
                if not told and on_wait:
                    on_wait(f"{db} is being written by {who}; waiting for it to finish…")
                    told = True
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        with _guard:
            _held[path] = 1
        try:
            yield
        finally:
            with _guard:
                _held.pop(path, None)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def writer_alive(db: str | Path) -> bool:
    """True when some process (this one included) holds the database's writer lock now."""
    path = lock_path(db)
    with _guard:
        if _held.get(path):
            return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # no lock file: nobody ever wrote, or it was removed; no writer
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
