"""Extension points. Plugins connect receivers to these signals (in their
AppConfig.ready()); the hub sends them and uses what the receivers return.

A receiver that lives in a plugin is called only while that plugin is enabled;
receivers of the hub itself (cms.*, search) are always called. A receiver
that raises is logged and skipped: one broken plugin does not break a page.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.dispatch import Signal

from .registry import installed_plugins, is_enabled

logger = logging.getLogger(__name__)


class PluginSignal(Signal):
    def send_to_enabled(self, sender, **named) -> list[tuple[object, object]]:
        """Like send_robust, but only to receivers of enabled plugins (and of
        the hub itself); returns [(receiver, response)] without exceptions."""
        plugins = installed_plugins()
        answers = []
        for receiver, response in self.send_robust(sender, **named):
            config = apps.get_containing_app_config(receiver.__module__)
            if config is not None and config.label in plugins and not is_enabled(
                    config.label):
                continue
            if isinstance(response, Exception):
                logger.error("Plugin receiver %s.%s failed: %r", receiver.__module__,
                             getattr(receiver, "__qualname__", receiver), response)
                continue
            answers.append((receiver, response))
        return answers

    def collect(self, sender=None, **named) -> list:
        """Flattened lists returned by the enabled receivers."""
        items = []
        for _receiver, response in self.send_to_enabled(sender, **named):
            items.extend(response or [])
        return items


register_widget_types = PluginSignal()
"""Widget types for /embed/v1/widgets.js and the widget builder.
Sender: None. Receivers return a list of ``plugins.extension.WidgetType``."""

register_importers = PluginSignal()
"""Sources the catalogue can be filled from: listed and run by ``manage.py
catalogue_plugins`` and the admin's Settings > Importers and exporters (a run
from the admin is queued for the task worker). Sender: None. Receivers return
a list of ``plugins.extension.Importer``."""

register_exporters = PluginSignal()
"""Formats the catalogue can be downloaded in (``/export/<name>/events``,
``manage.py catalogue_plugins export``, listed in the admin). Sender: None.
Receivers return a list of ``plugins.extension.Exporter``."""

register_themes = PluginSignal()
"""Extra theme folders (each holding a theme.json). Sender: None. Receivers
return a list of ``pathlib.Path``."""

api_item_fields = PluginSignal()
"""Extra fields for items of the read API, sent once per page of results (and
per batch of an export), not per item. Sender: the resource name ("events",
"expertise", ...); keyword arguments ``pages`` (the list of specific pages)
and ``language``. Receivers return a dict ``{page.pk: {field: value}}`` (pages
without extra fields may be left out); each page's dict appears under
``extra.<app label>`` in its item, so plugins cannot overwrite the hub's own
fields."""

register_periodic_tasks = PluginSignal()
"""Background work to run on a clock. ``manage.py run_scheduler`` (one per
deployment) asks every enabled receiver about once a minute and enqueues each
task when its interval has passed; the task worker runs it. Sender: None.
Receivers return a list of ``(task, interval_seconds)``: a django-tasks
``@task()`` that takes no arguments, and how often it should run (at least
1 s; the first run is right after the scheduler starts). Keep tasks short
and idempotent: a slow run delays the tasks queued behind it."""
