"""Request checks that every view would otherwise repeat."""

import json

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"


class RejectNulCharactersMiddleware:
    """A NUL character in the query string is never meaningful and PostgreSQL
    refuses it in any text comparison, so a filter carrying one would end in a
    server error deep in a query. Answer 400 before any view runs (JSON for the
    API, text elsewhere)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = next((name for name, values in request.GET.lists()
                    if NUL in name or any(NUL in v for v in values)), None)
        if bad is None:
            return self.get_response(request)
        message = "Query parameters must not contain NUL characters."
        if request.path.startswith("/api/"):
            body = {"error": {"code": "invalid_parameter", "message": message,
                              "param": bad.replace(NUL, "")}}
            response = HttpResponse(json.dumps(body), status=400,
                                    content_type="application/json")
            response["Access-Control-Allow-Origin"] = "*"
            return response
        return HttpResponseBadRequest(message, content_type="text/plain")
