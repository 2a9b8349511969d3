"""Named locks for long-running commands, taken without waiting.

An import that found another one running should say so at once, not queue up
behind it (cron would stack up waiting processes). On PostgreSQL the lock is a
session-level advisory lock: it locks no table or row, so editors never wait on
it, and the server drops it when the holding process dies, so a killed import
leaves nothing to clean up. Other databases (SQLite, one machine by nature) use
an ``flock`` on a file in the temporary directory, which the kernel drops the
same way.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


class Busy(Exception):
    """Another process holds the lock; the message says who and what to do."""


def _key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big",
                          signed=True)


def _holder(key: int) -> str:
    """Who holds an advisory lock, for the message (best effort)."""
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.pid, a.backend_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted "
            "AND l.classid::bigint = %s AND l.objid::bigint = %s LIMIT 1",
            [unsigned >> 32, unsigned & 0xFFFFFFFF])
        row = cursor.fetchone()
    if row is None:
        return ""
    return f" (database session {row[0]}, connected at {row[1]:%Y-%m-%d %H:%M:%S %Z})"


@contextmanager
def _postgres_lock(name: str, busy_message: str) -> Iterator[None]:
    key = _key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        taken = cursor.fetchone()[0]
    if not taken:
        raise Busy(busy_message.format(holder=_holder(key)))
    try:
        yield
    finally:
        if connection.connection is not None:  # a closed session has let go
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def _file_lock(name: str, busy_message: str) -> Iterator[None]:
    database = str(connection.settings_dict.get("NAME", ""))
    digest = hashlib.sha256(f"{database}\0{name}".encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"flanders-hub-{digest}.lock"
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(busy_message.format(holder="")) from None
        yield
    finally:
        os.close(handle)  # closing drops the flock


@contextmanager
def exclusive(name: str, busy_message: str) -> Iterator[None]:
    """Hold the lock ``name`` for the block, or raise Busy at once.

    ``busy_message`` may contain ``{holder}``, replaced by who holds the lock
    when the database can tell."""
    if connection.vendor == "postgresql":
        with _postgres_lock(name, busy_message):
            yield
    else:
        with _file_lock(name, busy_message):
            yield
