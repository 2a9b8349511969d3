"""RSS 2.0 / Atom feeds of newly published expertise, newest first, with the
listing's filters (institution, discipline incl. sub-disciplines, kind, ...)."""

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.models import Locale

from cms.api.filters import InvalidParameter, localised, parse_language
from cms.core.absolute import absolute_url, current_url, page_url
from cms.feeds.common import (
    FeedRequest,
    Selection,
    feed_view,
    removal_stamp,
    text_as_html,
    with_query,
)
from cms.institutions.models import Discipline, InstitutionPage

from .listing import filter_expertise
from .models import ExpertiseIndexPage, ExpertiseKind, ExpertisePage

EXPERTISE_FILTERS = ("institution", "discipline", "kind", "country", "keyword")
NEWS_LIMIT = 50


def select_expertise(params: QueryDict) -> Selection:
    """Published entries matching the query, newest first, one per entry in
    `lang` or the API's fallback language when it has no translation."""
    language = parse_language(params)
    for name in params:
        if name not in (*EXPERTISE_FILTERS, "lang"):
            raise InvalidParameter("unknown_parameter", f"Unknown parameter “{name}”.", name)
    matching, chosen = Q(pk__in=[]), {}
    for locale in Locale.objects.all():  # slugs are per language: match in each
        entries, found = filter_expertise(params, locale)
        matching |= Q(pk__in=entries.values("pk"))
        chosen.update(found)
    for name in EXPERTISE_FILTERS:
        if params.get(name) and name not in chosen:
            raise InvalidParameter(
                "unknown_value", f"“{params[name]}” is not a valid value for {name}.", name)
    entries = localised(ExpertisePage.objects.filter(matching), language)
    entries = entries.live().public().order_by("-first_published_at", "-pk")
    return Selection(language, entries, chosen, _labels(chosen, language))


def _labels(chosen: dict[str, str], language: str) -> list[str]:
    with translation.override(language):
        return _translated_labels(chosen, language)


def _translated_labels(chosen: dict[str, str], language: str) -> list[str]:
    labels = []
    if slug := chosen.get("institution"):
        institutions = InstitutionPage.objects.filter(slug=slug)
        institution = (institutions.filter(locale__language_code=language).first()
                       or institutions.first())
        labels.append(institution.title if institution else slug)
    if code := chosen.get("discipline"):
        labels.append(Discipline.objects.get(code=code).label_for(language))
    if value := chosen.get("kind"):
        labels.append(str(ExpertiseKind(value).label))
    if code := chosen.get("country"):
        labels.append(str(countries.name(code)) or code)
    if value := chosen.get("keyword"):
        labels.append(value)
    return labels


def last_removal() -> datetime | None:
    return removal_stamp("expertise", "expertisepage")


class ExpertiseRSSFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, selection: Selection) -> FeedRequest:
        return FeedRequest(request, selection)

    def title(self, obj: FeedRequest) -> str:
        title = _("%(site)s: new expertise") % {"site": settings.WAGTAIL_SITE_NAME}
        return " · ".join([title, *obj.selection.labels])

    def description(self, obj: FeedRequest) -> str:
        return _("Newly published research groups, labs, facilities and experts in Flanders.")

    def link(self, obj: FeedRequest) -> str:
        index = ExpertiseIndexPage.objects.live().filter(
            locale__language_code=obj.selection.language).first()
        url = (page_url(index, obj.request) if index else "") or absolute_url(
            "/", obj.request)
        return with_query(url, obj.selection.filters)

    def feed_url(self, obj: FeedRequest) -> str:
        return current_url(obj.request)

    def items(self, obj: FeedRequest) -> list[ExpertisePage]:
        entries = obj.selection.rows()
        for entry in entries:  # item_link gets no request: resolve URLs here
            entry.feed_link = page_url(entry, obj.request)
        return entries

    def item_title(self, entry: ExpertisePage) -> str:
        return entry.title  # escaped by the XML writer, never marked safe

    def item_description(self, entry: ExpertisePage) -> str:
        return text_as_html(entry.summary)

    def item_link(self, entry: ExpertisePage) -> str:
        return entry.feed_link

    def item_guid(self, entry: ExpertisePage) -> str:
        return f"urn:uuid:{entry.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: ExpertisePage) -> datetime | None:
        return entry.first_published_at

    def item_updateddate(self, entry: ExpertisePage) -> datetime | None:
        return entry.last_published_at

    def item_categories(self, entry: ExpertisePage) -> list[str]:
        return [str(entry.get_kind_display())]


class ExpertiseAtomFeed(ExpertiseRSSFeed):
    feed_type = Atom1Feed
    subtitle = ExpertiseRSSFeed.description


expertise_rss = feed_view(
    "expertise.rss", select_expertise, ExpertiseRSSFeed(), last_removal, NEWS_LIMIT)
expertise_atom = feed_view(
    "expertise.atom", select_expertise, ExpertiseAtomFeed(), last_removal, NEWS_LIMIT)
