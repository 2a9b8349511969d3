"""The few words the output needs, in the hub's four languages.

They follow the widget's `lang` (the language of the hub content shown), not
the host page's active language, so they live here rather than in gettext
catalogues. The wording matches the hub's own translations."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "fallback_events": "Events are available on the Flanders Academic Hub",
        "fallback_expertise":
            "Research expertise is available on the Flanders Academic Hub",
        "more": "All {count} results on the Flanders Academic Hub",
        "empty_events": "No events to show.",
        "empty_expertise": "No expertise to show.",
        "online": "Online",
        "repeats": "Repeats",
        "all_day": "all day",
        "cancelled": "Cancelled",
        "postponed": "Postponed",
        "rescheduled": "Rescheduled",
        "moved-online": "Moved online",
        "research-group": "Research group",
        "lab": "Lab",
        "facility": "Facility",
        "expert-profile": "Expert profile",
    },
    "nl": {
        "fallback_events": "De evenementen staan op de Vlaamse academische hub",
        "fallback_expertise":
            "De onderzoeksexpertise staat op de Vlaamse academische hub",
        "more": "Alle {count} resultaten op de Vlaamse academische hub",
        "empty_events": "Geen evenementen.",
        "empty_expertise": "Geen expertise.",
        "online": "Online",
        "repeats": "Herhaalt zich",
        "all_day": "hele dag",
        "cancelled": "Geannuleerd",
        "postponed": "Uitgesteld",
        "rescheduled": "Verplaatst",
        "moved-online": "Online verplaatst",
        "research-group": "Onderzoeksgroep",
        "lab": "Lab",
        "facility": "Infrastructuur",
        "expert-profile": "Expertprofiel",
    },
    "fr": {
        "fallback_events":
            "Les événements sont disponibles sur le Hub académique de Flandre",
        "fallback_expertise":
            "L’expertise de recherche est disponible sur le Hub académique de "
            "Flandre",
        "more": "Les {count} résultats sur le Hub académique de Flandre",
        "empty_events": "Aucun événement.",
        "empty_expertise": "Aucune expertise.",
        "online": "En ligne",
        "repeats": "Récurrent",
        "all_day": "toute la journée",
        "cancelled": "Annulé",
        "postponed": "Reporté",
        "rescheduled": "Reprogrammé",
        "moved-online": "Passé en ligne",
        "research-group": "Groupe de recherche",
        "lab": "Laboratoire",
        "facility": "Infrastructure",
        "expert-profile": "Profil d’expert",
    },
    "de": {
        "fallback_events": "Die Veranstaltungen finden Sie im Akademischen Hub Flandern",
        "fallback_expertise":
            "Die Forschungsexpertise finden Sie im Akademischen Hub Flandern",
        "more": "Alle {count} Ergebnisse im Akademischen Hub Flandern",
        "empty_events": "Keine Veranstaltungen.",
        "empty_expertise": "Keine Expertise.",
        "online": "Online",
        "repeats": "Wiederkehrend",
        "all_day": "ganztägig",
        "cancelled": "Abgesagt",
        "postponed": "Verschoben",
        "rescheduled": "Neu terminiert",
        "moved-online": "Online verlegt",
        "research-group": "Forschungsgruppe",
        "lab": "Labor",
        "facility": "Forschungsinfrastruktur",
        "expert-profile": "Expertenprofil",
    },
}

#: Django date format strings (month names come from Django's translations).
DATE_FORMATS: dict[str, dict[str, str]] = {
    "en": {"datetime": "j F Y, H:i", "date": "j F Y", "time": "H:i"},
    "nl": {"datetime": "j F Y, H:i", "date": "j F Y", "time": "H:i"},
    "fr": {"datetime": "j F Y, H:i", "date": "j F Y", "time": "H:i"},
    "de": {"datetime": "j. F Y, H:i", "date": "j. F Y", "time": "H:i"},
}


def text(lang: str, key: str, **values: object) -> str:
    template = TEXTS.get(lang, TEXTS["en"]).get(key) or TEXTS["en"].get(key, "")
    return template.format(**values) if values else template
