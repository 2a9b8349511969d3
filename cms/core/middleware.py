"""Request checks that every view would otherwise repeat."""

import json

from django.http import HttpRequest, HttpResponse, QueryDict

NUL = "\x00"


class RejectNulCharactersMiddleware:
    """A NUL character in the query string is never meaningful and PostgreSQL
    refuses it in any text comparison, so a filter carrying one would end in a
    server error deep in a query. The API answers 400 (its contract is strict
    and machine-read); the HTML pages drop the NULs and answer as usual, so a
    visitor with a mangled link still gets a page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = next((name for name, values in request.GET.lists()
                    if NUL in name or any(NUL in v for v in values)), None)
        if bad is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            body = {"error": {
                "code": "invalid_parameter", "param": bad.replace(NUL, ""),
                "message": "Query parameters must not contain NUL characters."}}
            response = HttpResponse(json.dumps(body), status=400,
                                    content_type="application/json")
            response["Access-Control-Allow-Origin"] = "*"
            return response
        cleaned = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            cleaned.setlist(name.replace(NUL, ""), [v.replace(NUL, "") for v in values])
        cleaned._mutable = False
        request.GET = cleaned
        return self.get_response(request)
