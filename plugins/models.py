from django.db import models


class PluginState(models.Model):
    """Whether an installed plugin is switched on. No row: the plugin's
    ``default_enabled``."""

    app_label = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField()
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "plugin state"

    def __str__(self) -> str:
        return f"{self.app_label}: {'on' if self.enabled else 'off'}"


class ImportRun(models.Model):
    """A run of a registered importer that an administrator asked for in the
    admin (Settings > Importers and exporters). Never run in the web request:
    the task worker runs it (plugins/tasks.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    importer = models.CharField(max_length=100)
    source = models.CharField(max_length=2000)
    organiser = models.CharField(max_length=255)
    dry_run = models.BooleanField(default=False)
    requested_by = models.CharField(max_length=150, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.importer} {self.source} ({self.status})"
