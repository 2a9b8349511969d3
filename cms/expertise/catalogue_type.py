"""The expertise type in the catalogue-type registry (cms.core.registry)."""

from cms.core.registry import CatalogueType, register

from .filters import ExpertiseFilterSet
from .listing import expertise_listing_context, home_context, organisation_context
from .models import ExpertiseIndexPage, ExpertisePage
from .records import export_expertise, import_expertise
from .serializers import expertise

EXPERTISE = register(CatalogueType(
    name="expertise", model=ExpertisePage, filterset=ExpertiseFilterSet,
    title="Expertise", serialise=expertise,
    export_record=export_expertise, import_record=import_expertise,
    index_model=ExpertiseIndexPage, listing_context=expertise_listing_context, home_context=home_context,
    organisation_context=organisation_context, order=20,
    record_schema="expertise",
))
