"""Export of the catalogue to the ``flanders-hub-catalogue`` JSON format that
:mod:`cms.catalogue.importer` reads: one section per type of the registry that
has an export part (cms.core.registry), written by the type's own records module.

One record per item (all translations of a page share ``translation_key``);
translatable fields are objects keyed by language code."""

from collections import defaultdict

from django.utils import timezone
from wagtail.models import Page

from cms.core.records import external_id as external_id
from cms.core.registry import CatalogueType, catalogue_type, catalogue_types

FORMAT = "flanders-hub-catalogue"
VERSION = 1


def sections() -> list[CatalogueType]:
    """The types with a part in the file, in file order (cms.core.registry)."""
    return [t for t in catalogue_types() if t.export_record is not None]


def _ordered(pages: dict, default: str) -> dict:
    """Language -> page with the default locale first, then alphabetically."""
    return dict(sorted(pages.items(), key=lambda item: (item[0] != default, item[0])))


def record_for(kind: str, pages: dict, default_locale: str) -> dict | None:
    """The record of one item from its live pages keyed by language code;
    None when the item has no page in the default locale."""
    if default_locale not in pages:
        return None
    pages = _ordered(pages, default_locale)
    return catalogue_type(kind).export_record(pages, pages[default_locale])


def record_for_page(kind: str, page: Page, default_locale: str) -> dict | None:
    """The current (live) record of the item ``page`` belongs to."""
    model = catalogue_type(kind).model
    pages = {
        p.locale.language_code: p
        for p in model.objects.live().filter(translation_key=page.translation_key)
        .select_related("locale")
    }
    return record_for(kind, pages, default_locale)


def export_catalogue(default_locale: str = "nl", warn=None) -> dict:
    data: dict = {
        "format": FORMAT, "version": VERSION, "default_locale": default_locale,
        "generated_at": timezone.now().isoformat(),
    }
    for section in sections():
        kind = section.name
        groups: dict = defaultdict(dict)
        qs = section.model.objects.live().select_related("locale").order_by("path")
        for page in qs:
            groups[page.translation_key][page.locale.language_code] = page
        records = []
        for pages in groups.values():
            record = record_for(kind, pages, default_locale)
            if record is None:
                if warn:
                    some = next(iter(pages.values()))
                    warn(f"{kind}: skipped '{some.title}' (no {default_locale} page)")
                continue
            records.append(record)
        data[kind] = records
    return data
