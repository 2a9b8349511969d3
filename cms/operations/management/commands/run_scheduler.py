"""manage.py run_scheduler: the clock of background work (see
cms/operations/scheduler.py). Long-running; SIGTERM or Ctrl-C stop it after
the current tick, with exit status 0."""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand

from cms.operations.scheduler import Scheduler, periodic_jobs


class Command(BaseCommand):
    help = ("Enqueue periodic tasks (heartbeat, due iCalendar feeds, the search "
            "queue's flush, plugins' jobs) for the task worker. Run one per "
            "deployment, next to `manage.py db_worker`.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true",
                            help="Enqueue every job once and exit (for cron or a test).")
        parser.add_argument("--tick", type=float, default=1.0,
                            help="Seconds between looks at the clock (default 1).")

    def handle(self, *args, once: bool, tick: float, **options) -> None:
        scheduler = Scheduler()
        if once:
            jobs = periodic_jobs()
            for job in jobs:
                job.task.enqueue()
                self.stdout.write(f"enqueued {job.name}")
            scheduler.beat()
            return
        for name in ("SIGTERM", "SIGINT"):
            signal.signal(getattr(signal, name), scheduler.stop)
        scheduler.run_forever(tick=max(0.05, tick))
