"""The form "E-mail me new events like these" for the events listing and
the search page. It holds no per-visitor value (no CSRF token), so the page
around it can come from the full-page cache."""

from __future__ import annotations

from django import template

from .. import filters
from ..models import Frequency

register = template.Library()


@register.inclusion_tag("subscriptions/_form.html")
def listing_subscription_form(chosen: dict) -> dict:
    """For a listing: ``chosen`` is the listing's cleaned filter values (no
    form on the archive of past events: nothing new comes there)."""
    return {"fields": filters.from_listing(chosen), "frequencies": Frequency.choices,
            "show": chosen.get("when") != "past"}


@register.inclusion_tag("subscriptions/_form.html")
def search_subscription_form(params) -> dict:
    """For the search page: its events facets, if the events filter can say
    them (else no form)."""
    fields = filters.from_search(params)
    return {"fields": fields or [], "frequencies": Frequency.choices,
            "show": fields is not None,
            # the events filter has no words: say so rather than surprise
            "words_left_out": bool(params.get("q", "").strip())}
