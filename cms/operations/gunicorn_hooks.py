"""Server hooks for gunicorn's config file (scripts/production/gunicorn.conf.py):

    from cms.operations.gunicorn_hooks import child_exit, on_starting  # noqa: F401

or ``gunicorn -c python:cms.operations.gunicorn_hooks`` when nothing else is
configured in a file. They keep prometheus_client's multiprocess files
(PROMETHEUS_MULTIPROC_DIR) right: a worker that exits (or is killed and
replaced) is marked dead, so its live gauges leave the scrape; and files of
processes that no longer exist are removed when gunicorn starts, while the
files of a running task worker that shares the directory are kept.

``post_worker_init`` makes each worker send a response's head and body in one
write (see ``send_head_with_body``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gunicorn import util as gunicorn_util
from gunicorn.http import wsgi as gunicorn_wsgi

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


def _head(response) -> bytes:
    lines = response.default_headers()
    lines.extend(f"{name}: {value}\r\n" for name, value in response.headers)
    return ("".join(lines) + "\r\n").encode("latin-1")


def send_head_with_body(response_class=gunicorn_wsgi.Response) -> None:
    """Send the status line, headers and a whole body in one write.

    gunicorn writes the head and the body with two calls, and another thread
    of the worker may run between them. A worker killed in that gap leaves
    nginx with headers and no body: nginx cannot retry a request it has begun
    to answer, so the visitor gets a cut-off response. When the first chunk
    is the whole body (a Content-Length response, which is every Django
    response that is not streamed), one ``sendall`` leaves nothing to cut:
    data in the kernel's buffer still goes out when the process dies.
    Anything else (streamed, chunked, files, HEAD) takes gunicorn's path.
    """
    if getattr(response_class, "_hub_head_with_body", False):
        return
    original_write = response_class.write

    def write(self, data):
        if (self.headers_sent or self.chunked or self._omits_body
                or not isinstance(data, bytes) or not data
                or self.response_length is None
                or len(data) > self.response_length):
            return original_write(self, data)
        gunicorn_util.write(self.sock, _head(self) + data)
        self.headers_sent = True
        self.sent += len(data)

    response_class.write = write
    response_class._hub_head_with_body = True


def post_worker_init(worker) -> None:
    """Called by gunicorn in each worker once it is ready to serve."""
    send_head_with_body()
