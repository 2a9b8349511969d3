"""Admin: editors maintain synonyms under Settings-like menu item "Synonyms";
a change applies to the next search, with no reindex."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "resubmit"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms"]


register_snippet(SynonymGroupViewSet)
