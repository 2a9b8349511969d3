from django.http import HttpRequest, JsonResponse

# The widget's texts; {n} is the number of days.
STRINGS = {
    "nl": {"days": "Nog {n} dagen", "tomorrow": "Morgen", "today": "Vandaag",
           "none": "Geen komende evenementen.", "next": "Volgend evenement"},
    "en": {"days": "In {n} days", "tomorrow": "Tomorrow", "today": "Today",
           "none": "No upcoming events.", "next": "Next event"},
    "fr": {"days": "Dans {n} jours", "tomorrow": "Demain", "today": "Aujourd’hui",
           "none": "Aucun événement à venir.", "next": "Prochain événement"},
    "de": {"days": "In {n} Tagen", "tomorrow": "Morgen", "today": "Heute",
           "none": "Keine kommenden Veranstaltungen.", "next": "Nächste Veranstaltung"},
}


def strings(request: HttpRequest) -> JsonResponse:
    """/plugins/hub_countdown/v1/strings.json, read by the widget from any
    site (CORS). The hub answers 404 here while the plugin is disabled."""
    response = JsonResponse(STRINGS, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
