"""The installed plugins and which of them are switched on.

Installed = a Django app whose AppConfig carries HubPluginMeta (built-in ones
listed in the settings, third-party ones found through entry points, see
discovery.py). Read once per process: the set of apps does not change while
it runs (tests that swap INSTALLED_APPS drop it through ``setting_changed``).

Enabled = PluginState in the database, else the plugin's default. Cached per
process and kept until the content generation changes: switching a plugin
saves a PluginState, which starts a new generation in the same transaction
(cms/core/generation.py), and every worker reads the generation at the start
of each page and API request, and hears of it through the kernel's
``generation_seen`` signal (:func:`note_generation`). A process that
reads no generation (a task worker, a request for /embed/ only) reloads the
states after ``STATE_RECHECK_SECONDS``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import MappingProxyType

from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver

from .metadata import PluginMeta, PluginMetaError, read_meta

STATE_RECHECK_SECONDS = 5.0
_installed: dict[str, Mapping[str, PluginMeta]] = {}
_state: dict[str, object] = {"states": None, "checked": 0.0, "generation": None}


def installed_plugins() -> Mapping[str, PluginMeta]:
    """app label -> metadata of every installed plugin (read-only, cached)."""
    found = _installed.get("plugins")
    if found is None:
        plugins = {}
        for config in apps.get_app_configs():
            if not hasattr(type(config), "HubPluginMeta"):
                continue
            try:
                plugins[config.label] = read_meta(type(config), config.label,
                                                  config.name)
            except PluginMetaError:
                continue  # reported by the system check
        found = _installed["plugins"] = MappingProxyType(plugins)
    return found


@receiver(setting_changed, dispatch_uid="hub_plugins_installed_apps")
def _apps_changed(setting: str = "", **kwargs) -> None:
    if setting == "INSTALLED_APPS":
        _installed.clear()


def problems() -> list:
    """Plugins left out at start-up (settings.HUB_PLUGIN_PROBLEMS)."""
    return list(getattr(settings, "HUB_PLUGIN_PROBLEMS", []))


def _plugin_state() -> type[Model]:
    # Looked up, not imported: a plugin's apps.py may import the extension
    # points (and so this module) while the settings load, before models can.
    return apps.get_model("hub_plugins", "PluginState")


def _states() -> dict[str, bool]:
    now = time.monotonic()
    states = _state["states"]
    if states is None or now - _state["checked"] >= STATE_RECHECK_SECONDS:
        try:
            states = dict(_plugin_state().objects.values_list("app_label",
                                                              "enabled"))
        except Exception:  # noqa: BLE001 - table missing before migrate
            states = {}
        _state.update(states=states, checked=now)
    return states  # type: ignore[return-value]


def note_generation(value: int) -> None:
    """Called with the content generation a request read: a new one may mean
    a plugin was switched in another process, so the states are read again;
    the same one means they are still true (keeps them fresh for free)."""
    if value != _state["generation"]:
        _state.update(generation=value, states=None)
    else:
        _state["checked"] = time.monotonic()


def generation_seen_receiver(generation: int, **kwargs) -> None:
    """Receives cms.core.signals.generation_seen (connected in apps.py)."""
    note_generation(generation)


def forget_states() -> None:
    _state["states"] = None


def is_enabled(app_label: str) -> bool:
    meta = installed_plugins().get(app_label)
    if meta is None:
        return False
    return _states().get(app_label, meta.default_enabled)


def set_enabled(app_label: str, enabled: bool) -> None:
    if app_label not in installed_plugins():
        raise KeyError(app_label)
    # Saving starts a new content generation (cms/core/generation.py): every other
    # process reads the states again with its next page or API request.
    _plugin_state().objects.update_or_create(app_label=app_label,
                                             defaults={"enabled": enabled})
    forget_states()
