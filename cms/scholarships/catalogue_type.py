"""The scholarships type in the catalogue-type registry (cms.core.registry)."""

from cms.core.registry import CatalogueType, register

from .filters import ScholarshipFilterSet
from .models import ScholarshipPage
from .records import export_scholarship, import_scholarship
from .serializers import scholarship

SCHOLARSHIPS = register(CatalogueType(
    name="scholarships", model=ScholarshipPage, filterset=ScholarshipFilterSet,
    title="Scholarships", serialise=scholarship,
    export_record=export_scholarship, import_record=import_scholarship, order=40,
    record_schema="scholarship",
))
