"""Creates the hub's page tree (home page and section index pages in every
language) and the Wagtail site. Idempotent: used by the demo data and tests."""

from django.apps import apps
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.core.absolute import sync_site_record
from cms.core.models import HomePage

SECTIONS = [
    # (model path, slug, nl title, en title, fr title, de title)
    ("events.EventIndexPage", "events", "Evenementen", "Events", "Événements", "Veranstaltungen"),
    ("expertise.ExpertiseIndexPage", "expertise", "Expertise", "Expertise", "Expertise", "Expertise"),
    ("institutions.OrganisationIndexPage", "institutions", "Instellingen", "Institutions", "Institutions", "Einrichtungen"),
    ("institutions.OrganisationIndexPage", "representations", "Vertegenwoordigingen", "Representations", "Représentations", "Vertretungen"),
    ("scholarships.ScholarshipIndexPage", "scholarships", "Beurzen", "Scholarships", "Bourses", "Stipendien"),
]
HOME_TITLES = {
    "nl": "Vlaamse academische hub", "en": "Flanders Academic Hub",
    "fr": "Hub académique de Flandre", "de": "Akademischer Hub Flandern",
}
LANGS = ["nl", "en", "fr", "de"]


def _translate(page: Page, locale: Locale, title: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    copy.title = title
    copy.save_revision().publish()
    return copy.specific


@transaction.atomic
def ensure_site_tree() -> dict[str, Page]:
    """Returns the nl home page and section pages keyed by slug."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGS}
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales["nl"], depth=2).first()
    if home is None:
        # Wagtail's own "Welcome" placeholder (a plain Page) takes the slug.
        Page.objects.filter(depth=2, content_type__model="page",
                            content_type__app_label="wagtailcore").delete()
        home = HomePage(title=HOME_TITLES["nl"], slug="home", locale=locales["nl"])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home,
                            is_default_site=True, site_name="Flanders Academic Hub")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    sync_site_record()  # hostname and port from HUB_BASE_URL, when set
    pages = {"home": home}
    for model_path, slug, *titles in SECTIONS:
        model = apps.get_model(model_path)
        section = model.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = model(title=titles[0], slug=slug, locale=locales["nl"])
            home.add_child(instance=section)
            section.save_revision().publish()
        pages[slug] = section
    for code, locale in locales.items():
        if code == "nl":
            continue
        index = LANGS.index(code)
        _translate(home, locale, HOME_TITLES[code])
        for _model_path, slug, *titles in SECTIONS:
            _translate(pages[slug], locale, titles[index])
    return pages
