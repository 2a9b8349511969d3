"""The custom-theme editor in the admin (a snippet with drafts, revisions,
locking and live preview), scoped to the user's organisations; its listing
also shows the built-in themes (admin_views.py)."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import ThemeIndexView
from .forms import ColourInput, CustomThemeForm
from .models import CustomTheme
from .permissions import ThemePermissionPolicy, in_scope, scoped
from .tokens import COLOUR_TOKENS

register_permission_policy(CustomTheme, ThemePermissionPolicy(CustomTheme))


def _guarded(view):
    """Refuses views of one theme (edit, history, revisions, preview, lock,
    unpublish, delete, usage) outside the user's organisations."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            theme = CustomTheme.objects.filter(pk=unquote(str(pk))).first()
            if theme is not None and not in_scope(request.user, theme):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class CustomThemeViewSet(SnippetViewSet):
    model = CustomTheme
    icon = "pick"
    menu_label = _("Themes")
    menu_name = "themes"
    menu_order = 250
    add_to_admin_menu = True
    # the custom themes, then the built-in ones and the gallery link
    index_view_class = ThemeIndexView
    index_template_name = "themes/admin/index.html"
    list_display = ["label", "name", "organisation", "scheme", UpdatedAtColumn()]
    list_filter = ["scheme", "live"]
    edit_handler = ObjectList([
        MultiFieldPanel([
            FieldPanel("label"), FieldPanel("name"),
            FieldPanel("organisation", widget=forms.Select),
            FieldPanel("description"), FieldPanel("scheme"),
        ], heading=_("Theme")),
        MultiFieldPanel(
            [FieldPanel(token.replace("-", "_"), widget=ColourInput)
             for token in COLOUR_TOKENS],
            heading=_("Colours"),
            help_text=_("Text colours must reach WCAG 2.1 AA contrast (4.5:1) on "
                        "the backgrounds they are used on, the focus outline 3:1.")),
        MultiFieldPanel([
            FieldPanel("font_body"), FieldPanel("font_heading"),
            FieldPanel("font_size_base"), FieldPanel("radius"), FieldPanel("density"),
        ], heading=_("Type and shape")),
        FieldPanel("custom_css", widget=forms.Textarea(
            attrs={"rows": 8, "spellcheck": "false", "style": "font-family:monospace"})),
    ], base_form_class=CustomThemeForm)

    def get_queryset(self, request):
        return scoped(CustomTheme.objects.all(), request.user)

    def get_urlpatterns(self):
        return [URLPattern(p.pattern, _guarded(p.callback), p.default_args, p.name)
                if isinstance(p, URLPattern) else p
                for p in super().get_urlpatterns()]


register_snippet(CustomThemeViewSet)
