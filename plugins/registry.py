"""The installed plugins and which of them are switched on.

Installed = a Django app whose AppConfig carries HubPluginMeta (built-in ones
listed in the settings, third-party ones found through entry points, see
discovery.py). Enabled = PluginState in the database, else the plugin's
default; the answer is cached per process for a few seconds and dropped at
once when this process changes it.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings

from .metadata import PluginMeta, PluginMetaError, read_meta

STATE_TTL_SECONDS = 5.0
_state_cache: dict[str, object] = {"until": 0.0, "states": {}}


_installed: dict[str, tuple] = {}


def installed_plugins() -> dict[str, PluginMeta]:
    """app label -> metadata of every installed plugin. Read once per set of
    installed apps: the API asks for every item it serialises."""
    configs = tuple(apps.get_app_configs())
    cached = _installed.get("last")
    if cached is not None and cached[0] == configs:
        return dict(cached[1])
    found = {}
    for config in configs:
        if not hasattr(type(config), "HubPluginMeta"):
            continue
        try:
            found[config.label] = read_meta(type(config), config.label, config.name)
        except PluginMetaError:
            continue  # reported by the system check
    _installed["last"] = (configs, found)
    return dict(found)


def problems() -> list:
    """Plugins left out at start-up (settings.HUB_PLUGIN_PROBLEMS)."""
    return list(getattr(settings, "HUB_PLUGIN_PROBLEMS", []))


def _states() -> dict[str, bool]:
    now = time.monotonic()
    if now >= _state_cache["until"]:
        from .models import PluginState

        try:
            states = dict(PluginState.objects.values_list("app_label", "enabled"))
        except Exception:  # noqa: BLE001 - table missing before migrate
            states = {}
        _state_cache.update(until=now + STATE_TTL_SECONDS, states=states)
    return _state_cache["states"]  # type: ignore[return-value]


def forget_states() -> None:
    _state_cache["until"] = 0.0


def is_enabled(app_label: str) -> bool:
    meta = installed_plugins().get(app_label)
    if meta is None:
        return False
    return _states().get(app_label, meta.default_enabled)


def set_enabled(app_label: str, enabled: bool) -> None:
    from .models import PluginState

    if app_label not in installed_plugins():
        raise KeyError(app_label)
    PluginState.objects.update_or_create(app_label=app_label,
                                         defaults={"enabled": enabled})
    forget_states()


def enabled_plugins() -> dict[str, PluginMeta]:
    return {label: meta for label, meta in installed_plugins().items()
            if is_enabled(label)}
