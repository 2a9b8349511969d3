"""Editorial pages (cms/editorial): the blocks of a ContentPage's body, the
footer's pages per language, the demo pages, search, the read API and
translation with wagtail-localize."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from PIL import Image as PILImage
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)
from wagtail_localize.models import Translation, TranslationSource

from cms.editorial.blocks import CallOutBlock, FigureBlock, HubWidgetBlock
from cms.editorial.demo_content import load_editorial_demo
from cms.editorial.models import ContentPage
from cms.institutions.permissions import DEPARTMENT_EDITORS
from tests.factories import make_event, make_expertise, publish, translate

pytestmark = pytest.mark.django_db
ATTACK = '"><script>alert(1)</script>'


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = BytesIO()
    PILImage.new("RGB", (40, 30), "#ffe615").save(data, "PNG")
    return get_image_model().objects.create(
        title="Yellow square", file=ImageFile(data, name="yellow.png"))


def content_page(parent, title="Academic diplomacy", language="nl", **fields):
    page = ContentPage(title=title, locale=Locale.objects.get(language_code=language),
                       **fields)
    parent.add_child(instance=page)
    return publish(page)


def localize(page, language: str, prefix: str, capture):
    """Translate ``page`` with wagtail-localize: every string prefixed."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    job = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=language))
    po = job.export_po()
    for entry in po:
        entry.msgstr = f"{prefix}{entry.msgid}"
    job.import_po(po)
    with capture(execute=True):  # wagtail-localize publishes on commit
        job.save_target(publish=True)
    return job.get_target_instance()


def home(site_tree, language="nl"):
    return site_tree["home"].get_translation(
        Locale.objects.get(language_code=language))


def widget(**options):
    value = {"widget": "events", "heading": "", "organisation": None, "country": "",
             "discipline": "", "event_type": "", "query": "", "limit": 5,
             "layout": "list"}
    return value | options


def test_each_block_renders(client, site_tree, image, japan, kul):
    event = make_event(japan, "Tokyo seminar")
    lab = make_expertise(kul, "Leuven AI lab")
    page = content_page(home(site_tree), summary="Why Flanders works abroad.", body=[
        ("text", "<h2>What it is</h2><p>Cooperation in research.</p>"),
        ("image", {"image": {"image": image, "alt_text": "A yellow square",
                             "decorative": False}, "caption": "Our colour"}),
        ("call_out", {"heading": "Apply now", "text": "<p>Deadlines soon.</p>",
                      "link_page": site_tree["scholarships"], "link_url": "",
                      "link_text": "See the scholarships"}),
        ("widget", widget(heading="Events in Japan", organisation=japan,
                          country="JP", event_type="education-fair", limit=3)),
        ("related", {"heading": "Related", "items": [event, lab]}),
    ])
    html = client.get(page.url).content.decode()
    assert "<h1>Academic diplomacy</h1>" in html
    assert "Why Flanders works abroad." in html
    assert "<h2>What it is</h2><p>Cooperation in research.</p>" in html
    assert 'alt="A yellow square"' in html and "<figcaption>Our colour</figcaption>" in html
    assert 'class="call-out"' in html and "Apply now" in html
    assert f'href="{site_tree["scholarships"].url}">See the scholarships</a>' in html
    assert '<script src="/embed/v1/widgets.js" defer></script>' in html
    public_id = japan.translation_key
    assert (f'<flanders-events organiser="{public_id}" country="JP" '
            'type="education-fair" limit="3" layout="list" heading-level="3" '
            'lang="nl">') in html
    assert (f'<a href="/nl/events/?organiser={public_id}&amp;country=JP'
            '&amp;type=education-fair">') in html
    assert f'href="{event.url}" lang="nl">Tokyo seminar</a>' in html
    assert f'href="{lab.url}" lang="nl">Leuven AI lab</a>' in html


def test_decorative_image_has_empty_alt_and_missing_alt_is_refused(
        client, site_tree, image):
    page = content_page(home(site_tree), body=[("image", {"image": {
        "image": image, "alt_text": "", "decorative": True}, "caption": ""})])
    html = client.get(page.url).content.decode()
    assert 'alt=""' in html and "<figcaption>" not in html

    block = FigureBlock()
    value = block.to_python({"image": {"image": image.pk, "alt_text": "",
                                       "decorative": False}, "caption": ""})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    image_errors = error.value.block_errors["image"]
    with translation.override("en"):
        assert "alt text" in str(image_errors.block_errors["alt_text"]).lower()


def test_search_and_expertise_widgets(client, site_tree, kul, japan):
    page = content_page(home(site_tree, "en"), language="en", body=[
        ("widget", widget(widget="search", query="hydrogen", organisation=kul)),
        ("widget", widget(widget="expertise", organisation=kul, discipline="1.2",
                          layout="cards", limit=4)),
        ("widget", widget(widget="calendar", organisation=japan)),
    ])
    html = client.get(page.url).content.decode()
    key = kul.translation_key
    assert (f'<flanders-search q="hydrogen" institution="{key}" heading-level="2" '
            'lang="en">') in html
    assert '<a href="/en/search/?q=hydrogen">' in html
    assert (f'<flanders-expertise institution="{key}" discipline="1.2" limit="4" '
            'layout="cards" heading-level="2" lang="en">') in html
    assert f'<a href="/en/expertise/?institution={key}&amp;discipline=1.2">' in html
    assert (f'<flanders-calendar organiser="{japan.translation_key}" '
            'heading-level="2" lang="en">') in html


def test_block_validation_explains_what_is_wrong(site_tree, japan):
    call_out = CallOutBlock()
    with pytest.raises(StructBlockValidationError) as error:
        call_out.clean(call_out.to_python({
            "heading": "Apply", "text": "<p>Soon.</p>", "link_page": site_tree["home"].pk,
            "link_url": "https://example.org/", "link_text": ""}))
    assert set(error.value.block_errors) == {"link_url", "link_text"}

    block = HubWidgetBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(widget(widget="expertise", organisation=japan.pk,
                                           query="ai", event_type="webinar")))
    assert set(error.value.block_errors) == {"organisation", "query", "event_type"}
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(widget(discipline="medicine")))
    assert set(error.value.block_errors) == {"discipline"}
    assert block.clean(block.to_python(widget(organisation=japan.pk, limit=10)))


def test_untrusted_text_is_escaped(client, site_tree, image):
    page = content_page(home(site_tree), title=ATTACK, summary=ATTACK, body=[
        ("image", {"image": {"image": image, "alt_text": ATTACK, "decorative": False},
                   "caption": ATTACK}),
        ("call_out", {"heading": ATTACK, "text": "<p>x</p>", "link_page": None,
                      "link_url": "https://example.org/", "link_text": ATTACK}),
        ("widget", widget(widget="search", heading=ATTACK, query=ATTACK)),
        ("related", {"heading": ATTACK, "items": [site_tree["home"]]}),
    ], slug="attack")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 7
    assert 'q="&quot;&gt;&lt;script&gt;' in html


def test_related_items_follow_the_page_language(client, site_tree, japan):
    event = make_event(japan, "Tokyo seminar")
    translate(japan, "en", "Flanders in Japan")
    event_en = translate(event, "en", "Seminar in Tokyo")
    draft = make_event(japan, "Not yet")
    draft.unpublish()
    page = content_page(home(site_tree, "en"), language="en", body=[
        ("related", {"heading": "Related", "items": [event, draft]})])
    html = client.get(page.url).content.decode()
    assert f'href="{event_en.url}" lang="en">Seminar in Tokyo</a>' in html
    assert "Not yet" not in html


FOOTER = Template("{% load editorial_tags %}{% footer_links as links %}"
                  "{% for link in links %}{{ link.role }}={{ link.title }}@{{ link.url }};"
                  "{% endfor %}")


def footer(language: str) -> str:
    with translation.override(language):
        request = RequestFactory().get(f"/{language}/")
        return FOOTER.render(Context({"request": request}))


def test_footer_links_per_language_with_fallback(site_tree):
    about_nl = content_page(home(site_tree), "Over de hub", slug="over")
    about_en = content_page(home(site_tree, "en"), "About", language="en", slug="about")
    contact_nl = content_page(about_nl, "Contact", footer_role="contact")
    privacy_nl = content_page(about_nl, "Privacy", footer_role="privacy")
    accessibility_nl = content_page(about_nl, "Toegankelijkheid",
                                    footer_role="accessibility")
    contact_en = content_page(about_en, "Contact us", language="en",
                              footer_role="contact")
    privacy_en = content_page(about_en, "Privacy (draft)", language="en",
                              footer_role="privacy")
    privacy_en.unpublish()
    content_page(about_nl, "Plain page")  # no role: not in the footer

    assert footer("nl") == (f"contact=Contact@{contact_nl.url};"
                            f"privacy=Privacy@{privacy_nl.url};"
                            f"accessibility=Toegankelijkheid@{accessibility_nl.url};")
    assert footer("en") == (f"contact=Contact us@{contact_en.url};"
                            f"privacy=Privacy@{privacy_nl.url};"
                            f"accessibility=Toegankelijkheid@{accessibility_nl.url};")
    assert footer("fr").startswith(f"contact=Contact@{contact_nl.url};")

    second = ContentPage(title="Contact 2", slug="contact-2", footer_role="contact",
                         locale=contact_nl.locale)
    with pytest.raises(ValidationError) as error:
        about_nl.add_child(instance=second)  # Wagtail cleans a page on save
    assert "footer_role" in error.value.message_dict
    copy = contact_nl.copy(update_attrs={"slug": "contact-copy"})
    assert copy.footer_role == ""  # a copy does not take the role twice


def test_demo_pages_in_four_languages(client, site_tree, japan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo's drawing
    seminar = make_event(japan, "Dag van de academische diplomatie",
                         external_id="demo:events:department-diplomacy-day")
    assert load_editorial_demo() == "Editorial pages: 32 created, 0 unchanged"
    assert load_editorial_demo() == "Editorial pages: 0 created, 32 unchanged"
    for language in ("nl", "en", "fr", "de"):
        pages = ContentPage.objects.live().filter(locale__language_code=language)
        assert pages.count() == 8
        about = pages.get(depth=3)
        assert about.show_in_menus and about.get_parent().specific_class.__name__ \
            == "HomePage"
        assert set(pages.exclude(footer_role="").values_list(
            "footer_role", flat=True)) == {"contact", "privacy", "accessibility"}
        for page in pages:
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert f'<html lang="{language}">' in response.content.decode()
        assert f"@{pages.get(footer_role='privacy').url};" in footer(language)
    diplomacy = ContentPage.objects.get(locale__language_code="de",
                                        slug="akademische-diplomatie")
    html = client.get(diplomacy.url).content.decode()
    assert "Akademische Diplomatie" in html
    assert f'href="{seminar.url}"' in html  # no German (or English) translation yet
    assert 'type="science-diplomacy-seminar"' in html
    assert 'alt="Zeichnung: Linien verbinden Flandern' in html
    assert get_image_model().objects.count() == 1  # one drawing, for every language


def test_content_pages_are_searchable_and_in_the_read_api(client, site_tree):
    page = content_page(home(site_tree, "en"), "Brains on the Move", language="en",
                        summary="Researcher mobility.", body=[
                            ("text", "<p>Find a host laboratory for your fellowship.</p>")])
    assert list(ContentPage.objects.live().search("laboratory fellowship")) == [page]
    assert list(ContentPage.objects.live().search("mobility")) == [page]

    answer = client.get("/api/v2/pages/", {"type": "editorial.ContentPage",
                                           "fields": "summary,body"})
    assert answer.status_code == 200
    item = answer.json()["items"][0]
    assert item["summary"] == "Researcher mobility."
    assert item["body"][0]["type"] == "text"


def test_translation_with_wagtail_localize(site_tree, japan, image,
                                           django_capture_on_commit_callbacks):
    event = make_event(japan, "Tokyo seminar")
    page = content_page(home(site_tree), "Diplomatie", summary="Samenwerking.", body=[
        ("text", "<p>Onderzoek en onderwijs.</p>"),
        ("image", {"image": {"image": image, "alt_text": "Een geel vierkant",
                             "decorative": False}, "caption": "Onze kleur"}),
        ("call_out", {"heading": "Kom langs", "text": "<p>Welkom.</p>",
                      "link_page": None, "link_url": "", "link_text": ""}),
        ("widget", widget(organisation=japan, heading="Evenementen")),
        ("related", {"heading": "Zie ook", "items": [event]}),
    ], footer_role="contact", show_in_menus=True)
    french = localize(page, "fr", "FR ", django_capture_on_commit_callbacks)
    assert french.title == "FR Diplomatie" and french.summary == "FR Samenwerking."
    assert french.footer_role == "contact" and french.show_in_menus
    body = {block.block_type: block.value for block in french.body}
    assert str(body["text"]) == "<p>FR Onderzoek en onderwijs.</p>"
    assert body["call_out"]["heading"] == "FR Kom langs"
    assert body["image"]["image"].pk == image.pk
    assert body["image"]["image"].contextual_alt_text == "FR Een geel vierkant"
    assert body["image"]["caption"] == "FR Onze kleur"
    assert body["widget"]["heading"] == "FR Evenementen"
    assert body["widget"]["organisation"].pk == japan.pk
    assert [p.pk for p in body["related"]["items"]] == [event.pk]
    assert french.url.startswith("/fr/")


def test_admin_form_explains_a_widget_that_does_not_fit(client, site_tree, japan):
    editor = get_user_model().objects.create_user(username="dept", password="x")
    editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITORS))
    client.force_login(editor)
    url = f"/admin/pages/add/editorial/contentpage/{site_tree['home'].pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data = {key: data.getlist(key)[-1] for key in data}
    block = widget(widget="expertise", organisation=japan.pk, query="ai")
    data |= {"title": "Over ons", "slug": "over-ons", "summary": "Wie we zijn.",
             **nested_form_data({"body": streamfield([("widget", block)])})}
    answer = client.post(url, data)
    assert answer.status_code == 200  # the form again, with the errors
    assert not ContentPage.objects.filter(slug="over-ons").exists()
    html = answer.content.decode()  # the admin's language: en, or nl once merged
    assert ("Expertise belongs to institutions: choose an institution." in html
            or "Expertise hoort bij instellingen: kies een instelling." in html)
    assert ("The chosen widget does not use this option" in html
            or "De gekozen widget gebruikt deze optie niet" in html)

    block = widget(widget="events", organisation=japan.pk, limit=3)
    data.update(nested_form_data({"body": streamfield([("widget", block)])}))
    assert client.post(url, data).status_code == 302
    page = ContentPage.objects.get(slug="over-ons")
    assert page.body[0].value["organisation"].pk == japan.pk
