from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your "
                    "recovery codes."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
            "autocapitalize": "off"}),
    )


class NoFieldsForm(forms.Form):
    """The account settings panel shows a status and links, no fields."""

    def __init__(self, *args, instance=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
