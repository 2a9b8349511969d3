from django.db import models


class ContentGeneration(models.Model):
    """One row: when public content last changed, in milliseconds.

    It lives in the database, not in a per-process cache, so that every server
    process sees a publish at once, and the bump commits together with the
    content it announces (no answer is cached under the new generation from
    data that is not committed yet)."""

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "content generation"
