"""The demo's editorial pages (demo/pages.json) in nl, en, fr and de: an
"About the hub" section below each home page and its pages (academic
diplomacy, STI, Brains on the Move, the scholarships programme, contact,
privacy, the accessibility statement).

Idempotent: each page has a fixed translation key (derived from its name in
the file), so a page that exists in a language is left as it is. Related
events and expertise are found by their catalogue external id, in the page's
language or else in English (the demo catalogue has nl and en only). The one
image is a drawing made by demo_image(), not an outside asset."""

from __future__ import annotations

import json
import uuid
from io import BytesIO
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms.core.models import HomePage
from cms.core.site_setup import LANGS, ensure_site_tree
from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from cms.institutions.models import InstitutionPage, RepresentationPage

from .models import ContentPage

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "pages.json"
KEY_NAMESPACE = uuid.UUID("6f1c2c64-5b0e-4d36-9a51-0c1f3b7e2d10")
CATALOGUE_MODELS = (EventPage, ExpertisePage, InstitutionPage, RepresentationPage)


IMAGE_TITLE = "Flanders and its partners (demo drawing)"
PARTNERS = [(150, 120), (320, 480), (520, 90), (830, 110), (1060, 230), (980, 480),
            (700, 530), (230, 300)]


def demo_image():
    """A drawing made here (no outside asset): lines from Flanders, in the
    middle, to partners around it, in the hub's yellow and black."""
    Image = get_image_model()  # noqa: N806 - a model class
    found = Image.objects.filter(title=IMAGE_TITLE).first()
    if found:
        return found
    canvas = PILImage.new("RGB", (1200, 600), "#ffe615")
    draw = ImageDraw.Draw(canvas)
    centre = (600, 300)

    def dot(point: tuple[int, int], radius: int, colour: str) -> None:
        x, y = point
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)

    for point in PARTNERS:
        draw.line([centre, point], fill="#1d1d1b", width=6)
        dot(point, 22, "#1d1d1b")
    dot(centre, 56, "#1d1d1b")
    dot(centre, 30, "#ffe615")
    data = BytesIO()
    canvas.save(data, "PNG")
    return Image.objects.create(title=IMAGE_TITLE,
                                file=ImageFile(data, name="editorial-partners.png"))


def translation_key(name: str) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"editorial:{name}")


def _catalogue_page(external_id: str, language: str) -> Page | None:
    """The catalogue item in ``language``, else in English, else any."""
    for model in CATALOGUE_MODELS:
        pages = list(model.objects.filter(external_id=external_id)
                     .select_related("locale"))
        if pages:
            by_language = {p.locale.language_code: p for p in pages}
            return by_language.get(language) or by_language.get("en") or pages[0]
    return None


class _Loader:
    def __init__(self, data: dict) -> None:
        self.data = data
        self.locales = {code: Locale.objects.get(language_code=code)
                        for code in LANGS}
        self.created = self.unchanged = 0

    def page(self, name: str, language: str) -> ContentPage | None:
        return ContentPage.objects.filter(
            translation_key=translation_key(name),
            locale=self.locales[language]).first()

    def link_target(self, ref: str, language: str) -> Page | None:
        """``section:<slug>`` (a section below the home page) or
        ``editorial:<name>`` (a page of this file)."""
        kind, _sep, name = ref.partition(":")
        if kind == "editorial":
            return self.page(name, language)
        home = HomePage.objects.filter(locale=self.locales[language], depth=2).first()
        return home.get_children().filter(slug=name).first() if home else None

    def body(self, blocks: list[dict], language: str) -> list[dict]:
        stream = []
        for block in blocks:
            kind = block["type"]
            if kind == "text":
                stream.append(("text", block["value"][language]))
            elif kind == "image":
                stream.append(("image", {
                    "image": {"image": demo_image(), "decorative": False,
                              "alt_text": block["alt"][language]},
                    "caption": block.get("caption", {}).get(language, ""),
                }))
            elif kind == "call_out":
                target = self.link_target(block["link_page"], language)
                stream.append(("call_out", {
                    "heading": block["heading"][language],
                    "text": block["text"][language],
                    "link_page": target, "link_url": "",
                    "link_text": block["link_text"][language] if target else "",
                }))
            elif kind == "widget":
                stream.append(("widget", {
                    "widget": block["widget"],
                    "heading": block.get("heading", {}).get(language, ""),
                    "organisation": None, "country": "", "discipline": "",
                    "query": "",
                    "event_type": block.get("event_type", ""),
                    "limit": block.get("limit", 5),
                    "layout": block.get("layout", "list"),
                }))
            elif kind == "related":
                items = [_catalogue_page(ext_id, language) for ext_id in block["items"]]
                if any(items):
                    stream.append(("related", {
                        "heading": block["heading"][language],
                        "items": [item for item in items if item],
                    }))
        return stream

    def create(self, name: str, spec: dict, language: str, parent: Page) -> None:
        page = ContentPage(
            title=spec["title"][language], slug=spec["slug"][language],
            summary=spec["summary"][language], locale=self.locales[language],
            translation_key=translation_key(name),
            footer_role=spec.get("footer_role", ""),
            show_in_menus=spec.get("show_in_menus", False),
            body=self.body(spec["body"], language),
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1

    def run(self) -> None:
        pages = ensure_site_tree()
        for name, spec in self.data.items():
            for language in LANGS:
                if self.page(name, language):
                    self.unchanged += 1
                    continue
                if spec["parent"]:
                    parent = self.page(spec["parent"], language)
                else:
                    parent = pages["home"].get_translation(self.locales[language])
                self.create(name, spec, language, parent)


def load_editorial_demo() -> str:
    """Create the demo's editorial pages that are missing; returns a summary."""
    loader = _Loader(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    with transaction.atomic():
        loader.run()
    return (f"Editorial pages: {loader.created} created, "
            f"{loader.unchanged} unchanged")
