"""The query parameters every list and detail answer of the read API takes
(views.py reads them, openapi.py documents them)."""

from .filters import LANGUAGES, Param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

COMMON_LIST_PARAMS = [
    Param("lang", "Language of the content; missing translations fall back to "
          "en, then nl (see docs).", {"type": "string", "enum": list(LANGUAGES),
                                     "default": "en"}),
    Param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    Param("page_size", f"Results per page (default {DEFAULT_PAGE_SIZE}, "
          f"maximum {MAX_PAGE_SIZE}).",
          {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
]
DETAIL_PARAMS = COMMON_LIST_PARAMS[:1]
