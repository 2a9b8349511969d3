"""The write API's token screens in the admin (cms/api/write/admin.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .write.admin import TokensView, revoke_view
from .write.tokens import may_manage_tokens

urlpatterns = [
    path("", TokensView.as_view(), name="index"),
    path("<int:pk>/revoke/", revoke_view, name="revoke"),
]


@hooks.register("register_admin_urls")
def api_token_urls():
    return [path("api-tokens/", include((urlpatterns, "hub_api_tokens"),
                                        namespace="hub_api_tokens"))]


class TokensMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_manage_tokens(request.user)


@hooks.register("register_settings_menu_item")
def api_tokens_menu_item():
    return TokensMenuItem(_("API tokens"), reverse("hub_api_tokens:index"),
                          icon_name="key", order=900)
