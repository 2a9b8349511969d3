"""Password rules beyond Django's own (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Shorter user names are not looked for: "al" would forbid half the words.
MIN_NAME_LENGTH = 3


class UsernameNotInPasswordValidator:
    """Refuses a password that contains the user name, in any case
    ("Alice2024!" for alice). Django's UserAttributeSimilarityValidator only
    catches passwords *similar* to the whole name, not a name plus digits."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (user.get_username() if user is not None else "") or ""
        if len(username) < MIN_NAME_LENGTH:
            return
        if username.casefold() in password.casefold():
            raise ValidationError(
                _("The password must not contain your user name."),
                code="password_contains_username",
            )

    def get_help_text(self) -> str:
        return _("Your password must not contain your user name.")
