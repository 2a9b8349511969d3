"""One way into the catalogue: create or update a catalogue page and its
translations, and publish them (issue 12).

The typed services of the content apps (``cms.institutions.upsert``,
``cms.expertise.upsert``, ``cms.events.upsert``, ``cms.scholarships.upsert``)
describe one item each and call :func:`upsert_page`. The JSON import, the
iCalendar importer, the demo data and the write API (cms/api/write) call
those services: one slug logic, one way to add a translation, one way to
publish.

This module is part of the kernel and names no content model. A bad value is
an :class:`UpsertError` carrying the field and a message; the Django
``ValidationError`` of ``full_clean`` passes through unchanged. The caller
owns the transaction (the importers run one per item)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.utils.text import slugify
from wagtail.models import Locale, Page

from cms.core.site_setup import ensure_site_tree

# Tags of cms.core.models.BODY_FEATURES (h2 h3 bold italic ol ul link hr) + p, br.
ALLOWED_TAGS = {
    "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a", "hr", "p", "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitise_html(value: str) -> str:
    """Rich text as the page editor could have written it; the rest is removed."""
    if not value:
        return ""
    return nh3.clean(
        value, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None,
        url_schemes={"http", "https", "mailto", "tel"},
    ).strip()


class UpsertError(ValueError):
    """An item cannot be written: ``field`` names the value, ``message`` says
    why (``str()`` is ``"field: message"``, as the import reports show it)."""

    def __init__(self, field: str, message: str, text: str = "") -> None:
        super().__init__(text or (f"{field}: {message}" if field else message))
        self.field = field
        self.message = message


@dataclass
class UpsertResult:
    page: Page  # in the default language
    outcome: str  # "created", "updated" or "unchanged"
    translations: dict[str, Page] = field(default_factory=dict)
    # language -> why it was left out (its parent has no such translation)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def created(self) -> bool:
        return self.outcome == "created"


def text_in(values: dict[str, str] | None, lang: str, default: str) -> str:
    """The text in ``lang``, else in the default language, else empty."""
    values = values or {}
    return values.get(lang, values.get(default, ""))


def default_language(language: str | None = None) -> str:
    return language or settings.LANGUAGE_CODE


def languages_of(titles: dict[str, str], default: str) -> list[str]:
    """The item's languages, the default first: those it has a title in."""
    known = {code for code, _name in settings.LANGUAGES}
    if default not in titles:
        raise UpsertError("title", f"no title in the default locale '{default}'.")
    unknown = [code for code in titles if code not in known]
    if unknown:
        raise UpsertError("title", f"unknown language(s) {', '.join(unknown)}; use "
                                   f"{', '.join(sorted(known))}.")
    return [default] + sorted(code for code in titles if code != default)


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def section(name: str, language: str) -> Page:
    """A section's index page ("institutions", "scholarships"...) in ``language``."""
    index = ensure_site_tree()[name]
    if index.locale.language_code == language:
        return index
    return index.get_translation(locale(language))


def unique_slug(parent: Page, slug: str, *, exclude_pk: int | None = None) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... when a sibling has it already.
    An empty slug is returned as it is: Wagtail then derives one from the
    title (it keeps letters ``slugify`` drops, e.g. 日本語)."""
    base, number = slug or "item", 1
    siblings = Page.objects.child_of(parent)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    while siblings.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def save_page(page: Page, *, publish: bool) -> None:
    """A new revision of ``page`` as it stands, published when ``publish``.
    Otherwise it is a draft revision: a live version stays what it was."""
    page.full_clean()
    if publish:
        page.save()
        page.save_revision().publish()
    else:
        page.save_revision()


def create_page(parent: Page, page: Page, *, slug: str, publish: bool) -> Page:
    """Adds ``page`` below ``parent`` with a unique slug (``add_child``
    validates it) and publishes it, or leaves it a draft."""
    parent = Page.objects.get(pk=parent.pk)  # fresh tree data
    page.slug = unique_slug(parent, slugify(slug)[:255] if slug else "")
    if not publish:
        page.live, page.has_unpublished_changes = False, True
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def update_page(page: Page, values: dict, *, publish: bool) -> None:
    """Sets ``values`` (field name -> value) on ``page`` and saves a revision."""
    for name, value in values.items():
        setattr(page, name, value)
    save_page(page, publish=publish)


def _translation(page: Page, parent: Page, lang: str) -> Page | None:
    """The page's translation in ``lang``, made when missing below the parent's
    translation in that language; None when the parent has none. Copying the
    parents instead would make French or German copies of organisations,
    titled and written in Dutch."""
    target_locale = locale(lang)
    existing = page.get_translation_or_none(target_locale)
    if existing is not None:
        return existing.specific
    if parent.get_translation_or_none(target_locale) is None:
        return None
    return page.copy_for_translation(target_locale, copy_parents=False,
                                     alias=False).specific


def upsert_page(model: type[Page], *, parent: Page, titles: dict[str, str],
                apply: Callable[[Page, str], None], external_id: str = "",
                slugs: dict[str, str] | None = None, language: str | None = None,
                page: Page | None = None, publish: bool = True,
                validate: Callable[[Page], None] | None = None,
                snapshot: Callable[[Page], object] | None = None,
                user=None) -> UpsertResult:
    """Creates or updates the item below ``parent`` in every language it has a
    title in. The page is ``page``, else the one with ``external_id`` in the
    default language, else a new one. A language the parent has no translation
    in is left out (``UpsertResult.skipped``). ``apply(page, lang)`` sets the
    values of one translation; ``validate(page)`` checks what ``full_clean`` does not
    (inline children); ``snapshot(page)`` tells "updated" from "unchanged".
    ``user`` (the write API's token user) owns the revisions, which are then
    logged in the page's history, and must be allowed to publish."""
    default = default_language(language)
    langs = languages_of(titles, default)
    slugs = slugs or {}
    if page is None and external_id:
        page = (model.objects.filter(external_id=external_id,
                                     locale=locale(default))
                .order_by("-live", "path").first())
    before = snapshot(page) if page is not None and snapshot else None
    created = page is None
    parent = Page.objects.get(pk=parent.pk).specific  # fresh tree data
    pages, skipped = {}, {}
    for lang in langs:
        if lang == default:
            target = page or model(locale=locale(lang))
        else:
            target = _translation(page, parent, lang)
            if target is None:
                skipped[lang] = (
                    f"not imported in '{lang}': '{parent.title}' has no '{lang}' "
                    f"translation (add one, then import again)")
                continue
        if external_id:
            target.external_id = external_id
        target.title = titles[lang]
        apply(target, lang)
        slug_given = slugs.get(lang)
        if target.pk is None:
            target.slug = unique_slug(parent, slugify(slug_given or target.title)[:255])
            if validate:
                validate(target)
            if not publish:
                target.live, target.has_unpublished_changes = False, True
            parent.add_child(instance=target)
            page = target
        else:
            if slug_given and slug_given != target.slug:
                target.slug = unique_slug(target.get_parent(), slugify(slug_given),
                                          exclude_pk=target.pk)
            if lang == default and target.get_parent().pk != parent.pk:
                target.move(parent, pos="last-child")
                target = model.objects.get(pk=target.pk)
                target.title = titles[lang]
                apply(target, lang)
            target.full_clean()
            if validate:
                validate(target)
            if publish:
                target.save()
        revision = target.save_revision(user=user, log_action=user is not None)
        if publish:
            revision.publish(user=user)
        pages[lang] = target
    page = model.objects.get(pk=page.pk)
    if created:
        outcome = "created"
    elif snapshot is None:
        outcome = "updated"
    else:
        outcome = "unchanged" if snapshot(page) == before else "updated"
    return UpsertResult(page=page, outcome=outcome, translations=pages,
                        skipped=skipped)
