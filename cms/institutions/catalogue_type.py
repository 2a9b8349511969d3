"""Institutions and representations in the catalogue-type registry
(cms.core.registry): organisations come first in a catalogue file, since
expertise and events refer to them."""

from cms.core.registry import CatalogueType, register

from .filters import InstitutionFilterSet, RepresentationFilterSet
from .models import InstitutionPage, RepresentationPage
from .records import (
    export_institution,
    export_representation,
    import_institution,
    import_representation,
)
from .serializers import institution, representation

INSTITUTIONS = register(CatalogueType(
    name="institutions", model=InstitutionPage, filterset=InstitutionFilterSet,
    title="Institutions", serialise=institution,
    export_record=export_institution, import_record=import_institution, order=10,
    record_schema="institution",
))
REPRESENTATIONS = register(CatalogueType(
    name="representations", model=RepresentationPage,
    filterset=RepresentationFilterSet, title="Representations",
    serialise=representation, export_record=export_representation,
    import_record=import_representation, order=11,
    record_schema="representation",
))
