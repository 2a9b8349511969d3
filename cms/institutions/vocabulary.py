"""The discipline vocabulary (OECD fields of science) as the services read it:
the API's disciplines endpoints, search facet labels, feeds."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Discipline


def disciplines(parent_code: str = "") -> QuerySet:
    """Every discipline by code, or only the children of ``parent_code``."""
    found = Discipline.objects.select_related("parent").order_by("code")
    return found.filter(parent__code=parent_code) if parent_code else found


def discipline(code: str) -> Discipline | None:
    return Discipline.objects.filter(code=code).select_related("parent").first()


def disciplines_of(codes) -> QuerySet:
    return Discipline.objects.filter(code__in=list(codes))
