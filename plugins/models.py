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
