"""Two-factor authentication in the admin: its URLs, and a panel in the
user's account settings (cms/accounts/views.py); the dashboard panel of the
editor's organisation (cms/accounts/dashboard.py)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel

from . import twofactor, views
from .dashboard import organisation_panels
from .forms import NoFieldsForm

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
]


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [path("two-factor/", include((urlpatterns, "hub_accounts"),
                                        namespace="hub_accounts"))]


class TwoFactorPanel(BaseSettingsPanel):
    name = "two_factor"
    title = _("Two-factor authentication")
    order = 700
    template_name = "accounts/account_panel.html"
    form_class = NoFieldsForm

    def get_form(self) -> NoFieldsForm:
        return NoFieldsForm(prefix=self.name)  # never bound: nothing to save

    def get_context_data(self) -> dict:
        return {"enrolled": twofactor.has_device(self.user),
                "required": twofactor.is_required(self.user),
                "moderator": twofactor.is_moderator(self.user)}


@hooks.register("register_account_settings_panel")
def two_factor_panel(request, user, profile):
    return TwoFactorPanel(request, user, profile)


@hooks.register("construct_homepage_panels")
def organisation_dashboard_panels(request, panels):
    panels.extend(organisation_panels(request.user))
