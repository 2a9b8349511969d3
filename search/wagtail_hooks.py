"""Admin: editors maintain synonyms under Settings-like menu item "Synonyms";
a change applies to the next search, with no reindex. Reports > Search terms
shows what visitors search (search/admin_views.py); its "Add synonyms" button
opens the synonym form pre-filled with the query (``?terms=``) and comes back
to the report (``?next=``)."""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .admin_views import SearchTermsReport
from .models import SynonymGroup


class SynonymGroupCreateView(CreateView):
    """The snippet form, pre-filled from the search terms report."""

    def get_initial(self) -> dict:
        initial = super().get_initial()
        terms = self.request.GET.get("terms", "").strip()[:200]
        if terms:
            initial["terms"] = terms + "\n"  # the editor adds the other terms
        return initial

    def next_url(self) -> str:
        url = self.request.GET.get("next", "")
        safe = url.startswith("/") and url_has_allowed_host_and_scheme(
            url, {self.request.get_host()}, self.request.is_secure())
        return url if safe else ""

    def get_add_url(self) -> str:  # the form's action keeps ?next=
        url = super().get_add_url()
        return f"{url}?{urlencode({'next': self.next_url()})}" if self.next_url() else url

    def get_success_url(self) -> str:
        return self.next_url() or super().get_success_url()


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "resubmit"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms"]
    add_view_class = SynonymGroupCreateView


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def search_terms_urls() -> list:
    return [path("reports/search-terms/", SearchTermsReport.as_view(),
                 name="hub_search_terms")]


@hooks.register("register_reports_menu_item")
def search_terms_menu_item() -> MenuItem:
    return MenuItem(_("Search terms"), reverse("hub_search_terms"),
                    name="search-terms", icon_name="search", order=1000)
