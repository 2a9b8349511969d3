"""The editors' translation workflow (wagtail-localize): a page is submitted for
translation, its strings exported as PO, translated, imported and published."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from tests.factories import make_event, make_representation

pytestmark = pytest.mark.django_db


def translate(instance, language: str, prefix: str, capture):
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=language)
    )
    po = translation.export_po()
    for entry in po:
        entry.msgstr = f"{prefix}{entry.msgid}"
    translation.import_po(po)
    with capture(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    return translation.get_target_instance()


def test_event_translation_keeps_synchronised_fields(
    site_tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    rep = make_representation(title="Vlaanderen in Japan", slug="japan")
    event = make_event(rep, title="Studiebeurs", audience=["students"],
                       languages=["en", "ja"], summary="Kom langs.")
    rep_en = translate(rep, "en", "", capture)
    event_en = translate(event, "en", "EN ", capture)

    assert event_en.locale.language_code == "en"
    assert event_en.title == "EN Studiebeurs"
    assert event_en.summary == "EN Kom langs."
    assert event_en.translation_key == event.translation_key
    assert event_en.start == event.start and event_en.time_zone == "Asia/Tokyo"
    assert event_en.audience == ["students"] and event_en.languages == ["en", "ja"]
    assert event_en.venue_country.code == "JP"
    assert event_en.get_parent().pk == rep_en.pk
    assert event_en.live
    assert event_en.url.startswith("/en/")
