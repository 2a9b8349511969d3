"""One page of a public listing (events, expertise), remembered per query.

A listing request filters, counts and pages its catalogue type, then renders a
card per item. The full-page cache skips most of that for anonymous visitors,
but the listing must stay fast without it (a visitor with an editor's cookie,
a deployment that turns it off). So the outcome of the query — the count, the
page number, the items' keys and the chosen filters — is kept under the
content generation, the language and the query string, for
``LISTING_SECONDS``: a publish starts a new generation (the next request sees
it), and time moves an event out of "upcoming" within that minute, as it
moves out of a cached page within the page cache's five. The cards come from
their own fragment cache (:func:`cms.core.page_cache.remember_html`), so a
request that finds both loads no catalogue item at all.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.loader import get_template

from cms.core.page_cache import remember, remember_html

LISTING_SECONDS = 60


class _Counted:
    """What a Paginator needs to page a result it does not hold: its size."""

    def __init__(self, total: int) -> None:
        self.total = total

    def count(self) -> int:
        return self.total


@dataclass
class Listing:
    """The page (a Django ``Page`` whose items are the keys), the filters as
    chosen and the notices about ignored values."""

    page: Page
    chosen: dict[str, Any]
    notices: list[str]

    @property
    def keys(self) -> list[tuple]:
        return list(self.page.object_list)


def remembered_listing(
    request: HttpRequest, name: str, per_page: int,
    filtered: Callable[[], tuple[QuerySet, dict[str, Any], list[str]]],
    item_key: Callable[[Model], tuple], *parts: Hashable,
) -> Listing:
    """The requested page of ``filtered()`` (queryset, chosen, notices), each
    item as ``item_key(item)`` (its pk first, then whatever else its card
    depends on). ``parts`` are further keys (the locale)."""
    def compute() -> tuple:
        queryset, chosen, notices = filtered()
        page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
        return (page.paginator.count, page.number,
                [item_key(item) for item in page], chosen, [str(n) for n in notices])

    query = sorted(request.GET.lists())
    total, number, keys, chosen, notices = remember(
        request, f"{name}-listing", compute, query, *parts, seconds=LISTING_SECONDS)
    return Listing(Page(keys, number, Paginator(_Counted(total), per_page)),
                   chosen, notices)


def cards(request: HttpRequest | None, name: str, template_name: str, variable: str,
          keys: Sequence[tuple], load: Callable[[int], Model | None]) -> list:
    """The card of each item keyed (pk, ...) as HTML, rendered once per
    content generation, language and host (the key holds whatever else the
    card depends on); ``load(pk)`` gives the item of a card to render."""
    template = get_template(template_name)
    host = request.get_host() if request is not None else ""

    def render(pk: int) -> str:
        item = load(pk)
        return template.render({variable: item, "request": request}) if item else ""

    return remember_html(request, name, [((*key, host), key[0]) for key in keys],
                         render)


def loader(queryset: QuerySet, keys: Sequence[tuple]) -> Callable[[int], Model | None]:
    """``load(pk)`` for the items of a remembered page: the first call loads
    them all in one query (only a card missing from its cache needs it)."""
    found: dict[int, Model] | None = None

    def load(pk: int) -> Model | None:
        nonlocal found
        if found is None:
            found = queryset.in_bulk([key[0] for key in keys])
        return found.get(pk)

    return load
