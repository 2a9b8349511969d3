"""A token's user never gets a password: not even a superuser editing it in
the admin can turn it into an account that signs in."""

from __future__ import annotations

from ..models import ApiToken


def keep_token_users_passwordless(sender, instance, **kwargs) -> None:
    if (instance.pk and instance.has_usable_password()
            and ApiToken.objects.filter(user_id=instance.pk).exists()):
        instance.set_unusable_password()
