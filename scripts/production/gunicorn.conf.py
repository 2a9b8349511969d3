"""gunicorn for the hub (scripts/production/): supervisord starts it as the hub
user through hub-exec.sh, which has loaded hub.env and secrets.env.

The master forks the workers and restarts any that dies; HUP makes it start
new workers on the code `current` points at and retire the old ones
gracefully (hub.sh upgrade)."""

import importlib.util
import os
from pathlib import Path

# The release through the `current` symlink, not its resolved path: workers
# started after a HUP import the release the symlink points at by then.
chdir = os.environ["HUB_RELEASE"]
wsgi_app = "cms.wsgi:application"
bind = [f"127.0.0.1:{os.environ['HUB_GUNICORN_PORT']}"]  # nginx only
proc_name = f"{os.environ.get('HUB_INSTANCE', 'flanders-hub')}-gunicorn"
# gunicorn 27's control socket defaults to one path in the user's home for
# every instance; the hub does not use it (supervisorctl and signals do).
control_socket_disable = True

# One worker per core unless WEB_CONCURRENCY says otherwise; a few threads per
# worker so that a request waiting on PostgreSQL, Redis or Elasticsearch does
# not hold the whole process.
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 25
keepalive = 5
max_requests = 5000  # recycle workers now and then (memory), staggered
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm"  # the heartbeat file: never on a slow disk

# nginx sets X-Forwarded-Proto; believe it only from nginx.
forwarded_allow_ips = os.environ.get("HUB_TRUSTED_PROXIES") or "127.0.0.1"

# Logs go to stdout/stderr, which supervisord writes to <log dir>/gunicorn.log.
accesslog = "-"
errorlog = "-"
access_log_format = ('%(h)s "%(r)s" %(s)s %(B)s %(M)sms '
                     'request_id=%({x-request-id}i)s')


def _hub_hooks():
    """The hub's server hooks (cms/operations/gunicorn_hooks.py), loaded from
    their file: importing the `cms` package here would keep its modules in
    the master, and workers forked after a HUP would not see new code."""
    path = Path(chdir) / "cms" / "operations" / "gunicorn_hooks.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("_hub_gunicorn_hooks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_hooks = _hub_hooks()
if _hooks is not None:
    # prometheus_client's multiprocess files: a worker that exits leaves the
    # scrape; files of processes that are gone are removed at start.
    on_starting = _hooks.on_starting
    child_exit = _hooks.child_exit
    # A worker killed between a response's head and body cut it off.
    post_worker_init = _hooks.post_worker_init
