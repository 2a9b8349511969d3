"""Server hooks for gunicorn's config file (scripts/production/gunicorn.conf.py):

    from cms.operations.gunicorn_hooks import child_exit, on_starting  # noqa: F401

or ``gunicorn -c python:cms.operations.gunicorn_hooks`` when nothing else is
configured in a file. They keep prometheus_client's multiprocess files
(PROMETHEUS_MULTIPROC_DIR) right: a worker that exits (or is killed and
replaced) is marked dead, so its live gauges leave the scrape; and files of
processes that no longer exist are removed when gunicorn starts, while the
files of a running task worker that shares the directory are kept.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PID_IN_NAME = re.compile(r"_(\d+)\.db$")


def _directory() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(value) if value else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to another user
    return True


def on_starting(server) -> None:
    """Create the directory; drop the files of processes that are gone."""
    directory = _directory()
    if directory is None:
        return
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.glob("*.db"):
        match = PID_IN_NAME.search(path.name)
        if match and not _alive(int(match.group(1))):
            path.unlink(missing_ok=True)


def child_exit(server, worker) -> None:
    """Called by gunicorn's arbiter for every worker that exits."""
    if _directory() is None:
        return
    # gunicorn's master loads this file before Django; it needs
    # prometheus_client only in multiprocess mode, once a worker has exited.
    from prometheus_client import multiprocess  # noqa: PLC0415 -- gunicorn hook

    multiprocess.mark_process_dead(worker.pid)
