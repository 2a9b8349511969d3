"""An endpoint's filter: the read API's query string of a catalogue type,
checked strictly when the endpoint is saved and applied to each change."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db.models import QuerySet
from django.http import QueryDict

from cms.api.filters import restrictions_excluded
from cms.core.filters import InvalidParameter
from cms.core.registry import CatalogueType

logger = logging.getLogger(__name__)
#: Parameters of a listing that select no items (language, paging, order).
NOT_FILTERS = ("lang", "page", "page_size", "sort")


def parse(query: str) -> QueryDict:
    """The filter's parameters; without ``when`` an event filter covers every
    date (a change to a past event still concerns its subscribers)."""
    params = QueryDict(query.strip().lstrip("?"), mutable=True)
    if "when" not in params:
        params["when"] = "all"
    return params


def problems(query: str, kind: CatalogueType) -> list[InvalidParameter]:
    """What is wrong with ``query`` as a filter of ``kind``."""
    params = QueryDict(query.strip().lstrip("?"))
    known = set(kind.filterset.base_filters) - set(NOT_FILTERS)
    found = [InvalidParameter("unknown_parameter",
                              f"{name} is not a filter of {kind.name}.", name)
             for name in params if name not in known]
    if any(len(values) > 1 for _name, values in params.lists()):
        found.append(InvalidParameter("repeated_parameter",
                                      "Give each filter once.", None))
    if found:
        return found
    filterset = kind.filterset(parse(query), queryset=kind.model.objects.none())
    return filterset.invalid()


def visible() -> Callable[[QuerySet], QuerySet]:
    """Leaves out pages under view restrictions (read once per change)."""
    return restrictions_excluded()


def matches(query: str, kind: CatalogueType, page,
            public: Callable[[QuerySet], QuerySet]) -> bool:
    """Whether the page, as its row stands (the last published state for an
    unpublished page), is one the filter selects."""
    pages = public(kind.model.objects.filter(pk=page.pk))
    if not query.strip():
        return pages.exists()
    try:
        return kind.filterset(parse(query), queryset=pages).strict().exists()
    except InvalidParameter as error:  # e.g. the organisation it named is gone
        logger.warning("Webhook filter %r no longer valid: %s", query, error.message)
        return False
