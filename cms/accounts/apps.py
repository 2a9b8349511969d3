from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in protection for the admin: throttling and lockout (django-axes),
    password rules and TOTP two-factor authentication (django-otp).
    See docs/security.md#accounts."""

    name = "cms.accounts"
    label = "hub_accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import throttle  # noqa: F401 - signal receivers
