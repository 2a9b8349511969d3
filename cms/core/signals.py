"""The kernel's signal (``generation_seen``, at the end), and the cleaning of
stored text: titles and names are stored without bidirectional control
characters (cms/core/text.py explains why).

One ``pre_save`` receiver cleans every text the hub shows to people, whatever
wrote it: the admin, ``import_catalogue``, the iCalendar importer, the demo
data, plugins. Cleaning when the text is stored (rather than in each of the
dozen places that print it: templates, feeds, the API, iCalendar, oEmbed,
JSON-LD, widgets, admin listings) means no output path can forget it, and
search, sorting and exports see the same text as visitors. Revisions are
cleaned too, so drafts, previews and moderation listings never show the
original.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import Signal, receiver

from .text import has_bidi, strip_bidi

# Apps whose stored text reaches people: visitors, feed readers, embedding
# sites, editors and moderators in the admin.
DISPLAY_APPS = frozenset({
    "core", "institutions", "events", "expertise", "scholarships", "hub_search",
    "themes", "hub_ical_importer", "hub_widgets", "wagtailcore", "wagtailimages",
    "wagtaildocs", "auth",
})
# Keys, not text: imports and the tree match incoming values against them as
# given, and they are never shown as prose.
IDENTIFIER_FIELDS = frozenset({
    "slug", "url_path", "path", "external_id", "uid", "instance", "source",
    "fingerprint", "password", "object_id", "base_content_type",
})
# Bookkeeping rows that mirror an outside source key for key, and the search
# index (built from pages that are already clean).
SKIPPED_MODELS = frozenset({
    "hub_ical_importer.importedevent", "hub_search.searchdocument",
    "hub_search.searchfacetvalue", "hub_search.indexqueueentry",
})


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return strip_bidi(value)
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean_json(item) for key, item in value.items()}
    return value


def _text_fields(model: type[models.Model]) -> list[str]:
    cached = model.__dict__.get("_hub_text_fields")
    if cached is None:
        cached = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField)
                  and f.name not in IDENTIFIER_FIELDS]
        model._hub_text_fields = cached
    return cached


@receiver(pre_save, dispatch_uid="core.strip_bidi_controls")
def strip_bidi_controls(sender, instance, raw: bool = False, **kwargs) -> None:
    """Remove bidirectional controls from the text fields of ``instance``
    (and from a revision's stored content) before it is written."""
    meta = sender._meta
    if raw or meta.app_label not in DISPLAY_APPS or meta.label_lower in SKIPPED_MODELS:
        return
    # Only what this save writes, and never a deferred field (reading one
    # would cost a query).
    written = kwargs.get("update_fields")
    deferred = instance.get_deferred_fields()
    for name in _text_fields(sender):
        if name in deferred or (written is not None and name not in written):
            continue
        value = getattr(instance, name)
        if has_bidi(value):
            setattr(instance, name, strip_bidi(value))
    if (meta.label_lower == "wagtailcore.revision" and "content" not in deferred
            and isinstance(instance.content, dict)):
        instance.content = _clean_json(instance.content)


def clean_keyword_tag(sender, instance, raw: bool = False, **kwargs) -> None:
    """Keywords are taggit tags, which taggit looks up by the name as typed
    before it creates one, so the tag itself cannot be renamed on save (the
    clean name may already exist). The keyword row is pointed at the clean
    tag instead, and the tag with the control characters is dropped when
    nothing else uses it."""
    tag = getattr(instance, "tag", None)
    if raw or tag is None or not has_bidi(tag.name):
        return
    clean, _created = type(tag).objects.get_or_create(name=strip_bidi(tag.name))
    instance.tag = clean
    if not any(rel.related_model.objects.filter(**{rel.field.name: tag}).exists()
               for rel in tag._meta.related_objects):
        tag.delete()


# --- the kernel's own signal ------------------------------------------------------
generation_seen = Signal()
"""Sent by ``cms.core.generation.request_generation()`` when a request reads
the content generation (once per request), with ``sender=None``. Receivers get
``generation`` (int: the value read) and ``changed`` (bool: it differs from
the value this process read before; False on its first read). Services keep
per-process caches fresh with it, without the kernel knowing them: the plugin
registry re-reads the plugin switches on a new generation, the theme registry
drops its themes when it changed. Receivers run on every request: keep them
cheap."""
