"""What the health checks read that no other part keeps."""

from django.db import models


class Heartbeat(models.Model):
    """When a background process last proved it was alive: ``worker`` is
    written by the heartbeat task (so it proves a worker picks up tasks),
    ``scheduler`` by ``manage.py run_scheduler`` itself."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
