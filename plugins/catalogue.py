"""The importers and exporters that enabled plugins register
(signals.register_importers / register_exporters), for the hub's own command
(``manage.py catalogue_plugins``) and admin page."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from .extension import Exporter, Importer
from .signals import PluginSignal, register_exporters, register_importers


@dataclass(frozen=True)
class Registered:
    kind: str  # "importer" or "exporter"
    plugin: str  # app label of the plugin that registered it
    item: Importer | Exporter


def _registered(signal: PluginSignal, kind: str, cls: type) -> list[Registered]:
    found, seen = [], set()
    for receiver, items in signal.send_to_enabled(None):
        config = apps.get_containing_app_config(receiver.__module__)
        label = config.label if config is not None else receiver.__module__
        for item in items or []:
            if isinstance(item, cls) and item.name not in seen:
                seen.add(item.name)
                found.append(Registered(kind, label, item))
    return sorted(found, key=lambda r: r.item.name)


def importers() -> list[Registered]:
    return _registered(register_importers, "importer", Importer)


def exporters() -> list[Registered]:
    return _registered(register_exporters, "exporter", Exporter)


def importer(name: str) -> Importer | None:
    return next((r.item for r in importers() if r.item.name == name), None)


def exporter(name: str) -> Exporter | None:
    return next((r.item for r in exporters() if r.item.name == name), None)
