"""Admin report "Search terms" (Reports menu): what visitors searched and what
found nothing, per language and week, from the weekly counts of
search/analytics.py. Every editor and moderator may read it (it names no
visitor and no unpublished page); a zero-result query opens the synonym
group form pre-filled with it, for those who may add synonyms."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .analytics import week_of
from .models import SearchQueryStat

PER_PAGE = 100
DEFAULT_WEEKS = 4
SYNONYM_ADD_URL = "wagtailsnippets_hub_search_synonymgroup:add"


class SearchTermsFilter(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    week = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")),
                                           *settings.LANGUAGES]
        weeks = SearchQueryStat.objects.order_by("-week").values_list(
            "week", flat=True).distinct()
        self.fields["week"].choices = [
            ("", _("Last 4 weeks")), ("13", _("Last 13 weeks")),
            ("all", _("All weeks kept")),
            *[(w.isoformat(), _("Week of %(monday)s") % {
                "monday": date_format(w, "DATE_FORMAT")}) for w in weeks]]

    def rows(self) -> QuerySet[SearchQueryStat]:
        """The weekly rows the chosen language and period select."""
        data = self.cleaned_data if self.is_valid() else {}
        rows = SearchQueryStat.objects.all()
        if data.get("language"):
            rows = rows.filter(language=data["language"])
        week = data.get("week") or str(DEFAULT_WEEKS)
        if week.isdigit():
            this_week = week_of(timezone.localdate())
            rows = rows.filter(week__gte=this_week - timedelta(weeks=int(week) - 1))
        elif week != "all":
            rows = rows.filter(week=week)
        return rows


def _page(rows: QuerySet, number: str | None) -> Page:
    return Paginator(rows, PER_PAGE).get_page(number)


class SearchTermsReport(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/search_terms.html"
    page_title = _("Search terms")
    header_icon = "search"

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = SearchTermsFilter(self.request.GET)
        rows = form.rows().values("language", "query")
        top = rows.annotate(total=Sum("searches"), zero=Sum("zero_results")
                            ).order_by("-total", "language", "query")
        zero = rows.filter(zero_results__gt=0).annotate(
            total=Sum("zero_results"), all_searches=Sum("searches")
        ).order_by("-total", "language", "query")
        zero_page = _page(zero, self.request.GET.get("zp"))
        if self.request.user.has_perm("hub_search.add_synonymgroup"):
            back = self.request.get_full_path()
            for row in zero_page:
                row["synonym_url"] = reverse(SYNONYM_ADD_URL) + "?" + urlencode(
                    {"terms": row["query"], "next": back})
        context.update(
            form=form, top=_page(top, self.request.GET.get("p")), zero=zero_page,
            weeks_kept=settings.HUB_SEARCH_STATS_WEEKS,
            synonyms_url=reverse("wagtailsnippets_hub_search_synonymgroup:list"))
        return context
