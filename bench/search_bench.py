#!/usr/bin/env python
"""Search benchmark: Elasticsearch against the database backend (PostgreSQL).

Generates a synthetic catalogue (expertise entries and events with Dutch,
English, French and German research vocabulary; deterministic for a seed) as
search documents of the shape that search.documents.build_document() returns,
without creating Wagtail pages. It then measures, in one run:

- indexing throughput: a full Elasticsearch rebuild
  (search.indexing.rebuild_elasticsearch) and database loading
  (search.db.store.save_documents), in documents per second;
- p50/p95/p99 latency of a fixed mix of queries through the real search
  services: free text, free text + 2 facets, autocomplete, event date range +
  country.

    .venv/bin/python bench/search_bench.py --expertise 100000 --events 20000

Needs PostgreSQL (scripts/postgres.sh start) and Elasticsearch
(scripts/elasticsearch.sh start). Uses its own database (hub_bench, created and
migrated here) and its own index prefix (hubbench, deleted at the end unless
--keep). See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://hub@127.0.0.1:54329/hub_bench"
DEFAULT_ES_URL = "http://127.0.0.1:19200"
LANGUAGES = ("nl", "en", "fr", "de")
# Share of documents per language, and of queries per language.
DOC_LANGUAGE_WEIGHTS = (40, 40, 12, 8)
QUERY_LANGUAGE_WEIGHTS = (40, 45, 10, 5)
TARGETS_MS = {"faceted": 50.0, "autocomplete": 20.0}
TARGET_REBUILD = (120_000, 120.0)  # documents, seconds
NOW = datetime.now(UTC).replace(microsecond=0)

# --- vocabulary -------------------------------------------------------------
# OECD sub-field code, then the topic in nl, en, fr, de.
TOPICS = [
    ("1.1", "cryptografie", "cryptography", "cryptographie", "Kryptographie"),
    ("1.1", "stochastische modellen", "stochastic models", "modèles stochastiques",
     "stochastische Modelle"),
    ("1.2", "kunstmatige intelligentie", "artificial intelligence",
     "intelligence artificielle", "künstliche Intelligenz"),
    ("1.2", "machinaal leren", "machine learning", "apprentissage automatique",
     "maschinelles Lernen"),
    ("1.2", "cyberbeveiliging", "cybersecurity", "cybersécurité", "Cybersicherheit"),
    ("1.2", "taaltechnologie", "natural language processing",
     "traitement automatique des langues", "Sprachtechnologie"),
    ("1.3", "kwantumcomputing", "quantum computing", "informatique quantique",
     "Quantencomputing"),
    ("1.3", "fotonica", "photonics", "photonique", "Photonik"),
    ("1.3", "astrofysica", "astrophysics", "astrophysique", "Astrophysik"),
    ("1.4", "katalyse", "catalysis", "catalyse", "Katalyse"),
    ("1.4", "polymeerchemie", "polymer chemistry", "chimie des polymères",
     "Polymerchemie"),
    ("1.5", "klimaatadaptatie", "climate adaptation", "adaptation au climat",
     "Klimaanpassung"),
    ("1.5", "oceanografie", "oceanography", "océanographie", "Ozeanographie"),
    ("1.5", "waterbeheer", "water management", "gestion de l'eau",
     "Wasserwirtschaft"),
    ("1.6", "microbiologie", "microbiology", "microbiologie", "Mikrobiologie"),
    ("1.6", "plantengenetica", "plant genetics", "génétique végétale",
     "Pflanzengenetik"),
    ("1.6", "biodiversiteit", "biodiversity", "biodiversité", "Biodiversität"),
    ("2.1", "duurzaam bouwen", "sustainable construction", "construction durable",
     "nachhaltiges Bauen"),
    ("2.2", "halfgeleiders", "semiconductors", "semi-conducteurs", "Halbleiter"),
    ("2.2", "draadloze communicatie", "wireless communication",
     "communication sans fil", "drahtlose Kommunikation"),
    ("2.3", "robotica", "robotics", "robotique", "Robotik"),
    ("2.3", "additieve productie", "additive manufacturing", "fabrication additive",
     "additive Fertigung"),
    ("2.4", "procestechnologie", "process engineering", "génie des procédés",
     "Verfahrenstechnik"),
    ("2.5", "batterijmaterialen", "battery materials", "matériaux pour batteries",
     "Batteriematerialien"),
    ("2.6", "medische beeldvorming", "medical imaging", "imagerie médicale",
     "medizinische Bildgebung"),
    ("2.7", "waterstoftechnologie", "hydrogen technology",
     "technologie de l'hydrogène", "Wasserstofftechnologie"),
    ("2.7", "circulaire economie", "circular economy", "économie circulaire",
     "Kreislaufwirtschaft"),
    ("2.9", "bioraffinage", "biorefining", "bioraffinage", "Bioraffinerie"),
    ("2.10", "nanomaterialen", "nanomaterials", "nanomatériaux", "Nanomaterialien"),
    ("3.1", "immunologie", "immunology", "immunologie", "Immunologie"),
    ("3.1", "neurowetenschappen", "neuroscience", "neurosciences",
     "Neurowissenschaften"),
    ("3.2", "oncologie", "oncology", "oncologie", "Onkologie"),
    ("3.2", "cardiologie", "cardiology", "cardiologie", "Kardiologie"),
    ("3.3", "tropische geneeskunde", "tropical medicine", "médecine tropicale",
     "Tropenmedizin"),
    ("3.3", "volksgezondheid", "public health", "santé publique",
     "öffentliche Gesundheit"),
    ("3.4", "vaccinontwikkeling", "vaccine development", "développement de vaccins",
     "Impfstoffentwicklung"),
    ("4.1", "precisielandbouw", "precision agriculture", "agriculture de précision",
     "Präzisionslandwirtschaft"),
    ("4.1", "visserijbeheer", "fisheries management", "gestion des pêches",
     "Fischereimanagement"),
    ("4.2", "dierenwelzijn", "animal welfare", "bien-être animal", "Tierwohl"),
    ("4.3", "diergeneeskundige epidemiologie", "veterinary epidemiology",
     "épidémiologie vétérinaire", "veterinärmedizinische Epidemiologie"),
    ("4.4", "voedselzekerheid", "food security", "sécurité alimentaire",
     "Ernährungssicherheit"),
    ("5.1", "ontwikkelingspsychologie", "developmental psychology",
     "psychologie du développement", "Entwicklungspsychologie"),
    ("5.2", "innovatiebeleid", "innovation policy", "politique d'innovation",
     "Innovationspolitik"),
    ("5.2", "ondernemerschap", "entrepreneurship", "entrepreneuriat",
     "Unternehmertum"),
    ("5.2", "logistiek", "logistics", "logistique", "Logistik"),
    ("5.3", "hoger onderwijs", "higher education", "enseignement supérieur",
     "Hochschulbildung"),
    ("5.4", "migratiestudies", "migration studies", "études migratoires",
     "Migrationsforschung"),
    ("5.5", "internationaal recht", "international law", "droit international",
     "Völkerrecht"),
    ("5.5", "mensenrechten", "human rights", "droits de l'homme", "Menschenrechte"),
    ("5.6", "Europese integratie", "European integration", "intégration européenne",
     "europäische Integration"),
    ("5.6", "wetenschapsdiplomatie", "science diplomacy", "diplomatie scientifique",
     "Wissenschaftsdiplomatie"),
    ("5.7", "stedelijke ontwikkeling", "urban development",
     "développement urbain", "Stadtentwicklung"),
    ("5.8", "digitale media", "digital media", "médias numériques", "digitale Medien"),
    ("6.1", "archeologie", "archaeology", "archéologie", "Archäologie"),
    ("6.1", "koloniale geschiedenis", "colonial history", "histoire coloniale",
     "Kolonialgeschichte"),
    ("6.2", "meertaligheid", "multilingualism", "multilinguisme",
     "Mehrsprachigkeit"),
    ("6.2", "vertaalwetenschap", "translation studies", "traductologie",
     "Übersetzungswissenschaft"),
    ("6.3", "bio-ethiek", "bioethics", "bioéthique", "Bioethik"),
    ("6.4", "erfgoedconservatie", "heritage conservation",
     "conservation du patrimoine", "Denkmalpflege"),
    ("6.4", "muziekwetenschap", "musicology", "musicologie", "Musikwissenschaft"),
]
METHODS = [
    ("grootschalige simulaties", "large-scale simulations",
     "simulations à grande échelle", "großskalige Simulationen"),
    ("veldexperimenten", "field experiments", "expériences de terrain",
     "Feldexperimente"),
    ("longitudinale cohortstudies", "longitudinal cohort studies",
     "études de cohorte longitudinales", "Längsschnitt-Kohortenstudien"),
    ("spectroscopie", "spectroscopy", "spectroscopie", "Spektroskopie"),
    ("kwalitatieve interviews", "qualitative interviews", "entretiens qualitatifs",
     "qualitative Interviews"),
    ("archiefonderzoek", "archival research", "recherche en archives",
     "Archivforschung"),
    ("teledetectie", "remote sensing", "télédétection", "Fernerkundung"),
    ("genoomsequencing", "genome sequencing", "séquençage du génome",
     "Genomsequenzierung"),
    ("econometrische modellen", "econometric models", "modèles économétriques",
     "ökonometrische Modelle"),
    ("klinische studies", "clinical trials", "essais cliniques", "klinische Studien"),
    ("elektronenmicroscopie", "electron microscopy", "microscopie électronique",
     "Elektronenmikroskopie"),
    ("deep learning", "deep learning", "apprentissage profond", "Deep Learning"),
    ("participatief actieonderzoek", "participatory action research",
     "recherche-action participative", "partizipative Aktionsforschung"),
    ("levenscyclusanalyse", "life cycle assessment", "analyse du cycle de vie",
     "Ökobilanzierung"),
]
SENTENCES = {
    "nl": [
        "Ons team onderzoekt {topic} met behulp van {method}.",
        "We werken samen met partners in {city} ({country}) rond {topic2}.",
        "De groep combineert {method} en {method2} voor vragen over {topic}.",
        "Sinds {year} coördineert het labo projecten over {topic}, gefinancierd "
        "door FWO en Horizon Europe.",
        "Onderzoekers van {org} bieden doctoraats- en postdocplaatsen aan in {topic}.",
        "Bedrijven en overheden in {country} doen een beroep op onze expertise in "
        "{topic2}.",
        "Studenten uit {city} lopen stage in onze infrastructuur voor {method}.",
    ],
    "en": [
        "Our team studies {topic} using {method}.",
        "We collaborate with partners in {city} ({country}) on {topic2}.",
        "The group combines {method} and {method2} to answer questions in {topic}.",
        "Since {year} the lab has coordinated projects on {topic} funded by FWO "
        "and Horizon Europe.",
        "Researchers at {org} offer doctoral and postdoctoral positions in {topic}.",
        "Companies and governments in {country} rely on our expertise in {topic2}.",
        "Students from {city} join our {method} facilities for internships.",
    ],
    "fr": [
        "Notre équipe étudie {topic} à l'aide de {method}.",
        "Nous collaborons avec des partenaires à {city} ({country}) sur {topic2}.",
        "Le groupe combine {method} et {method2} pour répondre aux questions de "
        "{topic}.",
        "Depuis {year}, le laboratoire coordonne des projets en {topic} financés "
        "par le FWO et Horizon Europe.",
        "Les chercheurs de {org} proposent des postes doctoraux et postdoctoraux "
        "en {topic}.",
        "Des entreprises et administrations en {country} font appel à notre "
        "expertise en {topic2}.",
    ],
    "de": [
        "Unser Team erforscht {topic} mit {method}.",
        "Wir arbeiten mit Partnern in {city} ({country}) an {topic2}.",
        "Die Gruppe verbindet {method} und {method2} für Fragen der {topic}.",
        "Seit {year} koordiniert das Labor Projekte zu {topic}, gefördert von FWO "
        "und Horizon Europe.",
        "Forschende der {org} bieten Promotions- und Postdoc-Stellen in {topic} an.",
        "Unternehmen und Behörden in {country} nutzen unsere Expertise in {topic2}.",
    ],
}
EXPERTISE_TITLES = {
    "research-group": {"nl": "Onderzoeksgroep {topic}", "en": "{Topic} research group",
                       "fr": "Groupe de recherche en {topic}",
                       "de": "Forschungsgruppe {topic}"},
    "lab": {"nl": "Labo voor {topic}", "en": "Laboratory for {topic}",
            "fr": "Laboratoire de {topic}", "de": "Labor für {topic}"},
    "facility": {"nl": "Kernfaciliteit {topic}", "en": "{Topic} core facility",
                 "fr": "Plateforme {topic}", "de": "Core Facility {topic}"},
    "expert-profile": {"nl": "{person}, expert {topic}", "en": "{person}, {topic} expert",
                       "fr": "{person}, experte en {topic}",
                       "de": "{person}, Expertin für {topic}"},
}
AND = {"nl": "en", "en": "and", "fr": "et", "de": "und"}
EVENT_TYPES = {
    "ministerial-mission": ("Ministeriële missie", "Ministerial mission",
                            "Mission ministérielle", "Ministerreise"),
    "education-fair": ("Onderwijsbeurs", "Education fair", "Salon de l'éducation",
                       "Bildungsmesse"),
    "info-session": ("Infosessie", "Information session", "Séance d'information",
                     "Informationsveranstaltung"),
    "scholarship-session": ("Infosessie beurzen", "Scholarship session",
                            "Séance sur les bourses", "Stipendien-Infoabend"),
    "science-diplomacy-seminar": ("Seminarie wetenschapsdiplomatie",
                                  "Science-diplomacy seminar",
                                  "Séminaire de diplomatie scientifique",
                                  "Seminar Wissenschaftsdiplomatie"),
    "alumni-event": ("Alumni-evenement", "Alumni event", "Rencontre des anciens",
                     "Alumni-Treffen"),
    "webinar": ("Webinar", "Webinar", "Webinaire", "Webinar"),
    "conference": ("Conferentie", "Conference", "Conférence", "Konferenz"),
    "networking": ("Netwerkreceptie", "Networking reception",
                   "Réception de réseautage", "Netzwerkempfang"),
    "other": ("Bijeenkomst", "Meeting", "Rencontre", "Treffen"),
}
EVENT_SENTENCES = {
    "nl": ["Het programma behandelt {topic} en {topic2}.",
           "Sprekers van {org} stellen hun onderzoek voor.",
           "Inschrijven kan tot een week voor het evenement in {city}.",
           "De sessie richt zich tot studenten, onderzoekers en bedrijven uit "
           "{country} en Vlaanderen."],
    "en": ["The programme covers {topic} and {topic2}.",
           "Speakers from {org} present their research.",
           "Registration closes one week before the event in {city}.",
           "The session is aimed at students, researchers and companies from "
           "{country} and Flanders."],
    "fr": ["Le programme aborde {topic} et {topic2}.",
           "Des intervenants de {org} présentent leurs recherches.",
           "Les inscriptions sont ouvertes jusqu'à une semaine avant l'événement à "
           "{city}.",
           "La séance s'adresse aux étudiants, chercheurs et entreprises de "
           "{country} et de Flandre."],
    "de": ["Das Programm behandelt {topic} und {topic2}.",
           "Vortragende der {org} stellen ihre Forschung vor.",
           "Die Anmeldung ist bis eine Woche vor der Veranstaltung in {city} möglich.",
           "Die Sitzung richtet sich an Studierende, Forschende und Unternehmen aus "
           "{country} und Flandern."],
}
INSTITUTIONS = [
    "KU Leuven", "Universiteit Gent", "Universiteit Antwerpen",
    "Vrije Universiteit Brussel", "Universiteit Hasselt", "imec", "VIB", "VITO",
    "Flanders Make", "Instituut voor Tropische Geneeskunde", "Vlerick Business School",
    "Hogeschool Gent", "Thomas More", "Artevelde Hogeschool", "Howest",
    "AP Hogeschool Antwerpen", "Erasmushogeschool Brussel", "UC Leuven-Limburg",
    "Hogeschool PXL", "Odisee", "VIVES", "Karel de Grote Hogeschool",
    "Koninklijk Conservatorium Brussel", "LUCA School of Arts",
    "Instituut voor Natuur- en Bosonderzoek", "ILVO", "Vlaams Instituut voor de Zee",
    "Koninklijk Museum voor Midden-Afrika", "Antwerp Management School",
    "Flanders Marine Institute", "Sioen Research Centre", "Ghent Institute for "
    "International Studies", "Leuven Institute for Space Science",
    "Flanders Representation in Japan", "Flanders Representation in India",
    "Vlaamse Vertegenwoordiging in Frankrijk", "Flanders Investment & Trade Shanghai",
    "Vlaamse Vertegenwoordiging in Duitsland", "Flanders House New York",
    "Flanders Representation in South Africa",
]
FIRST_NAMES = ["An", "Pieter", "Sofie", "Koen", "Lotte", "Jan", "Els", "Wouter",
               "Hanne", "Bart", "Fatima", "Mohamed", "Marie", "Thomas", "Julie",
               "Lucas", "Inès", "Jonas", "Yasmine", "Arne", "Zoë", "Björn"]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems",
              "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert",
              "Vermeulen", "Van den Broeck", "El Amrani", "Nguyen", "Schmidt",
              "Müller", "Lefèvre", "Dewaele", "Çelik", "Nowak"]
# country, city, latitude, longitude, time zone
CITIES = [
    ("JP", "Tokyo", 35.6762, 139.6503, "Asia/Tokyo"),
    ("JP", "Osaka", 34.6937, 135.5023, "Asia/Tokyo"),
    ("JP", "Kyoto", 35.0116, 135.7681, "Asia/Tokyo"),
    ("CN", "Beijing", 39.9042, 116.4074, "Asia/Shanghai"),
    ("CN", "Shanghai", 31.2304, 121.4737, "Asia/Shanghai"),
    ("KR", "Seoul", 37.5665, 126.9780, "Asia/Seoul"),
    ("IN", "New Delhi", 28.6139, 77.2090, "Asia/Kolkata"),
    ("IN", "Bengaluru", 12.9716, 77.5946, "Asia/Kolkata"),
    ("SG", "Singapore", 1.3521, 103.8198, "Asia/Singapore"),
    ("VN", "Hà Nội", 21.0278, 105.8342, "Asia/Ho_Chi_Minh"),
    ("TH", "Bangkok", 13.7563, 100.5018, "Asia/Bangkok"),
    ("AU", "Sydney", -33.8688, 151.2093, "Australia/Sydney"),
    ("US", "New York", 40.7128, -74.0060, "America/New_York"),
    ("US", "Boston", 42.3601, -71.0589, "America/New_York"),
    ("US", "San Francisco", 37.7749, -122.4194, "America/Los_Angeles"),
    ("CA", "Montréal", 45.5019, -73.5674, "America/Toronto"),
    ("BR", "São Paulo", -23.5558, -46.6396, "America/Sao_Paulo"),
    ("MX", "Ciudad de México", 19.4326, -99.1332, "America/Mexico_City"),
    ("CL", "Santiago", -33.4489, -70.6693, "America/Santiago"),
    ("ZA", "Cape Town", -33.9249, 18.4241, "Africa/Johannesburg"),
    ("KE", "Nairobi", -1.2921, 36.8219, "Africa/Nairobi"),
    ("CD", "Kinshasa", -4.4419, 15.2663, "Africa/Kinshasa"),
    ("MA", "Rabat", 34.0209, -6.8416, "Africa/Casablanca"),
    ("IL", "Tel Aviv", 32.0853, 34.7818, "Asia/Jerusalem"),
    ("AE", "Dubai", 25.2048, 55.2708, "Asia/Dubai"),
    ("TR", "İstanbul", 41.0082, 28.9784, "Europe/Istanbul"),
    ("GB", "London", 51.5074, -0.1278, "Europe/London"),
    ("FR", "Paris", 48.8566, 2.3522, "Europe/Paris"),
    ("DE", "Berlin", 52.5200, 13.4050, "Europe/Berlin"),
    ("DE", "München", 48.1351, 11.5820, "Europe/Berlin"),
    ("NL", "Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam"),
    ("CH", "Zürich", 47.3769, 8.5417, "Europe/Zurich"),
    ("PL", "Kraków", 50.0647, 19.9450, "Europe/Warsaw"),
    ("SE", "Stockholm", 59.3293, 18.0686, "Europe/Stockholm"),
    ("ES", "Barcelona", 41.3874, 2.1686, "Europe/Madrid"),
    ("BE", "Brussel", 50.8503, 4.3517, "Europe/Brussels"),
    ("BE", "Leuven", 50.8798, 4.7005, "Europe/Brussels"),
    ("BE", "Gent", 51.0543, 3.7174, "Europe/Brussels"),
]
COUNTRIES = sorted({c[0] for c in CITIES})
EXPERTISE_KINDS = ["research-group", "lab", "facility", "expert-profile"]
AUDIENCES = ["students", "researchers", "policy-makers", "alumni", "industry",
             "general-public"]
STATUSES = ["scheduled"] * 16 + ["cancelled", "postponed", "rescheduled",
                                 "moved-online"]
SYNONYMS = [
    "AI, artificial intelligence, kunstmatige intelligentie, intelligence "
    "artificielle, künstliche Intelligenz",
    "ML, machine learning, machinaal leren",
    "quantum computing, kwantumcomputing, informatique quantique",
    "climate adaptation, klimaatadaptatie, adaptation au climat",
]


# --- folding ----------------------------------------------------------------
class Folder:
    """search.normalize.fold, memoised per character: the generated text comes
    from a small alphabet, and fold() costs microseconds per character."""

    def __init__(self) -> None:
        from search.normalize import fold_char

        self._fold_char = fold_char
        self._table: dict[int, str] = {}

    def __call__(self, text: str) -> str:
        for char in set(text):
            if ord(char) not in self._table:
                self._table[ord(char)] = self._fold_char(char)
        return " ".join(text.translate(self._table).split())


# --- catalogue generation ---------------------------------------------------
@dataclass
class Vocabulary:
    """Everything a document is made of, resolved once (labels in the four
    languages, institution ids)."""

    fold: Folder
    disciplines: dict[str, dict[str, str]]  # code -> language -> label
    parents: dict[str, str]  # sub-field code -> field code
    countries: dict[str, dict[str, str]]  # language -> code -> name
    institutions: list[tuple[str, str]] = field(default_factory=list)  # id, name


def load_vocabulary(seed: int) -> Vocabulary:
    from django.utils import translation
    from django_countries import countries

    from cms.institutions.models import Discipline

    rows = list(Discipline.objects.select_related("parent"))
    if not rows:
        raise SystemExit("No disciplines in the database: is it migrated?")
    labels = {d.code: {lang: d.label_for(lang) for lang in LANGUAGES} for d in rows}
    parents = {d.code: d.parent.code for d in rows if d.parent_id}
    missing = {t[0] for t in TOPICS} - set(parents)
    if missing:
        raise SystemExit(f"Unknown discipline codes in TOPICS: {sorted(missing)}")
    names: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            names[lang] = {code: str(countries.name(code)) for code in COUNTRIES}
    rng = random.Random(seed)
    institutions = [(str(uuid.UUID(int=rng.getrandbits(128), version=4)), name)
                    for name in INSTITUTIONS]
    return Vocabulary(Folder(), labels, parents, names, institutions)


class Generator:
    """Deterministic documents for a seed: the same seed, the same catalogue."""

    def __init__(self, vocab: Vocabulary, seed: int) -> None:
        self.v = vocab
        self.rng = random.Random(seed)

    def language(self) -> str:
        return self.rng.choices(LANGUAGES, DOC_LANGUAGE_WEIGHTS)[0]

    def topics(self, n: int) -> list[tuple]:
        return self.rng.sample(TOPICS, n)

    def sentence(self, templates: list[str], lang: str, topics: list[tuple],
                 org: str, city: tuple) -> str:
        i = LANGUAGES.index(lang) + 1
        methods = self.rng.sample(METHODS, 2)
        return self.rng.choice(templates).format(
            topic=topics[0][i], topic2=self.rng.choice(topics)[i],
            method=methods[0][i - 1], method2=methods[1][i - 1],
            city=city[1], country=self.v.countries[lang][city[0]], org=org,
            year=self.rng.randint(1995, 2025))

    def body(self, templates: dict, lang: str, topics: list[tuple], org: str,
             cities: list[tuple], sentences: int) -> tuple[str, str]:
        """(summary, body) in one language."""
        parts = [self.sentence(templates[lang], lang, topics, org,
                               self.rng.choice(cities)) for _ in range(sentences)]
        return " ".join(parts[:2]), " ".join(parts)

    def keywords(self, lang: str, topics: list[tuple]) -> list[str]:
        i = LANGUAGES.index(lang)
        words = [t[i + 1] for t in topics]
        words += [m[i] for m in self.rng.sample(METHODS, self.rng.randint(1, 3))]
        return words

    def disciplines(self, topics: list[tuple]) -> dict[str, list[str]]:
        codes = {t[0] for t in topics}
        return {"discipline": sorted(codes),
                "field": sorted({self.v.parents[c] for c in codes})}

    def translations(self, lang: str) -> list[str]:
        """The document's own language, and one translation for a third of
        them (as sibling pages contribute their texts)."""
        if self.rng.random() < 0.35:
            return [lang, "en" if lang != "en" else "nl"]
        return [lang]

    def expertise(self, page_id: int) -> dict:
        lang = self.language()
        kind = self.rng.choices(EXPERTISE_KINDS, (35, 25, 10, 30))[0]
        topics = self.topics(self.rng.randint(2, 4))
        orgs = self.rng.sample(self.v.institutions, self.rng.choice((1, 1, 1, 2)))
        cities = self.rng.sample(CITIES, self.rng.randint(1, 3))
        person = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        sentences = self.rng.randint(6, 14)
        texts = {}
        for text_lang in self.translations(lang):
            i = LANGUAGES.index(text_lang) + 1
            topic = topics[0][i]
            title = EXPERTISE_TITLES[kind][text_lang].format(
                topic=topic, Topic=topic[:1].upper() + topic[1:], person=person)
            if kind != "expert-profile" and self.rng.random() < 0.4:
                title += f" {AND[text_lang]} {topics[1][i]}"
            summary, body = self.body(SENTENCES, text_lang, topics, orgs[0][1],
                                      cities, sentences)
            texts[text_lang] = {"title": title, "summary": summary, "body": body,
                                "keywords": self.keywords(text_lang, topics)}
        facets = {
            "kind": [kind],
            "institution": sorted(o[0] for o in orgs),
            "country": sorted({c[0] for c in cities}),
            "language": sorted({lang, *self.rng.sample(LANGUAGES, 1)}),
            **self.disciplines(topics),
        }
        return self.finish(page_id, "expertise", lang, texts, facets,
                           [o[1] for o in orgs], self.published(), {})

    def event(self, page_id: int) -> dict:
        lang = self.language()
        event_type = self.rng.choice(list(EVENT_TYPES))
        topics = self.topics(2)
        orgs = self.rng.sample(self.v.institutions, self.rng.randint(1, 3))
        city = self.rng.choice(CITIES)
        online = event_type == "webinar" or self.rng.random() < 0.05
        texts = {}
        for text_lang in self.translations(lang):
            i = LANGUAGES.index(text_lang)
            label, topic = EVENT_TYPES[event_type][i], topics[0][i + 1]
            title = self.rng.choice([
                f"{label}: {topic}", f"{label} {city[1]} {NOW.year}",
                f"{label} Vlaanderen–{self.v.countries[text_lang][city[0]]}: {topic}",
            ])
            summary, body = self.body(EVENT_SENTENCES, text_lang, topics,
                                      orgs[0][1], [city], self.rng.randint(3, 8))
            texts[text_lang] = {"title": title, "summary": summary, "body": body,
                                "keywords": self.keywords(text_lang, topics)}
        status = self.rng.choice(STATUSES)
        facets = {
            "event_type": [event_type], "organiser": [orgs[0][0]],
            "institution": sorted(o[0] for o in orgs),
            "country": [] if online else [city[0]],
            "audience": sorted(self.rng.sample(AUDIENCES, self.rng.randint(1, 3))),
            "language": sorted({lang, "en"}), "status": [status],
            **self.disciplines(topics),
        }
        fields = self.event_fields(city, online, status)
        return self.finish(page_id, "event", lang, texts, facets,
                           [o[1] for o in orgs], fields["sort_date"], fields)

    def event_fields(self, city: tuple, online: bool, status: str) -> dict:
        from search.documents import OPEN_END

        start = NOW + timedelta(minutes=15 * self.rng.randint(-4 * 24 * 540,
                                                              4 * 24 * 365))
        all_day = self.rng.random() < 0.2
        end = start + (timedelta(days=self.rng.randint(0, 3)) if all_day
                       else timedelta(hours=self.rng.randint(1, 8)))
        recurring = self.rng.random() < 0.05
        next_start, last_end = start, end
        if recurring:
            last_end = OPEN_END if self.rng.random() < 0.5 else end + timedelta(
                days=self.rng.randint(30, 400))
            if start < NOW:
                next_start = NOW + timedelta(days=self.rng.randint(1, 30))
        location = None if online else {
            "lat": round(city[2] + self.rng.uniform(-0.05, 0.05), 6),
            "lon": round(city[3] + self.rng.uniform(-0.05, 0.05), 6)}
        country = "" if online else self.v.countries["en"][city[0]]
        return {
            "start": start.isoformat(), "end": end.isoformat(),
            "next_start": next_start.isoformat(), "last_end": last_end.isoformat(),
            "time_zone": city[4], "all_day": all_day, "recurring": recurring,
            "status": status, "place": "" if online else f"{city[1]}, {country}",
            "location": location, "sort_date": next_start.isoformat(),
        }

    def published(self) -> str:
        return (NOW - timedelta(minutes=self.rng.randint(0, 5 * 365 * 24 * 60))
                ).isoformat()

    def finish(self, page_id: int, doc_type: str, lang: str, texts: dict,
               facets: dict, organisations: list[str], sort_date: str,
               event: dict) -> dict:
        """The common fields, in the order and shape of build_document()."""
        from search.documents import fingerprint

        fold = self.v.fold
        facets = {k: v for k, v in facets.items() if v}
        codes = sorted(facets.get("discipline", []) + facets.get("field", []))
        labels = {code: self.v.disciplines[code] for code in codes}
        own_labels = [labels[c][lang] for c in codes]
        public_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        own = texts[lang]
        doc = {
            "page_id": page_id, "doc_type": doc_type, "language": lang,
            "public_id": public_id,
            "url": f"/{lang}/{doc_type}/{page_id}-{public_id[:8]}/",
            "title": own["title"], "summary": own["summary"],
            "organisations": organisations, "disciplines": own_labels,
            "texts": texts, "facets": facets,
            "suggest": suggestions(fold, doc_type, own, organisations, own_labels),
            "sort_date": sort_date, **event,
        }
        extra = " ".join(organisations + [label for code in codes
                                          for label in labels[code].values()])
        doc["title_folded"] = fold(" ".join(t["title"] for t in texts.values()))
        doc["text_folded"] = fold(" ".join(
            " ".join([t["summary"], t["body"], *t["keywords"]])
            for t in texts.values()) + " " + extra)
        doc["fingerprint"] = fingerprint(doc)
        return doc


def suggestions(fold: Folder, doc_type: str, own: dict, organisations: list[str],
                disciplines: list[str]) -> list[dict]:
    """Autocomplete entries, as search.documents._suggestions makes them."""
    entries = [{"text": own["title"], "kind": doc_type, "weight": 10}]
    entries += [{"text": k, "kind": "keyword", "weight": 6} for k in own["keywords"]]
    entries += [{"text": o, "kind": "organisation", "weight": 8}
                for o in organisations]
    entries += [{"text": d, "kind": "discipline", "weight": 7} for d in disciplines]
    seen: set[str] = set()
    unique = []
    for entry in entries:
        key = fold(entry["text"])
        if key and key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def generate(vocab: Vocabulary, expertise: int, events: int, seed: int) -> list[dict]:
    from tqdm import tqdm

    gen = Generator(vocab, seed)
    docs = []
    for page_id in tqdm(range(1, expertise + events + 1), desc="generate",
                        unit="doc", mininterval=1, disable=None):
        docs.append(gen.expertise(page_id) if page_id <= expertise
                    else gen.event(page_id))
    return docs


def check_folding(docs: list[dict], sample: int = 200) -> None:
    """The memoised folding must equal search.normalize.fold."""
    from search.normalize import fold

    for doc in docs[:sample]:
        assert doc["text_folded"] == fold(doc["text_folded"]), doc["page_id"]
        texts = " ".join(t["title"] for t in doc["texts"].values())
        assert doc["title_folded"] == fold(texts), doc["page_id"]


# --- environment ------------------------------------------------------------
def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             [name]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ["DATABASE_URL"] = args.database_url
    ensure_database(args.database_url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    log("migrating the benchmark database")
    call_command("migrate", verbosity=0, interactive=False)
    settings.HUB_ELASTICSEARCH = {
        **settings.HUB_ELASTICSEARCH, "hosts": [args.es_url],
        "index_prefix": args.prefix, "refresh": False, "hunspell": not args.no_hunspell,
        # Generous while indexing; set to the production default for queries.
        "timeout": 60.0, "retry_after": 30.0,
    }
    seed_synonyms()


def seed_synonyms() -> None:
    """A few synonym groups, as editors keep them (every query reads them)."""
    from search.models import SynonymGroup

    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.bulk_create([SynonymGroup(terms=t) for t in SYNONYMS])


def machine() -> dict:
    from django.db import connection

    from search.es.connection import get_client

    info = {"cpu": cpu_model(), "cores": os.cpu_count(),
            "ram_gb": round(mem_total_kb() / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "revision": revision()}
    node = next(iter(get_client().nodes.info(node_id="_local")["nodes"].values()))
    info["elasticsearch"] = node["version"]
    info["es_heap_mb"] = node["jvm"]["mem"]["heap_max_in_bytes"] // 2**20
    info["es_jvm"] = node["jvm"]["version"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        info["pg_shared_buffers"] = cursor.fetchone()[0]
    return info


def revision() -> str:
    """The commit measured, marked when the work tree has changes."""
    import subprocess

    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--", "search", "bench")
    return git("rev-parse", "--short", "HEAD") + ("+changes" if dirty else "")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def mem_total_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


# --- shared services --------------------------------------------------------
# Other sessions share the PostgreSQL and Elasticsearch of this machine, and
# scripts/test.sh stops both when it ends: a phase interrupted that way is
# started again once the services are back.
class ServiceDown(RuntimeError):
    pass


def service_errors() -> tuple[type[BaseException], ...]:
    from django.db import InterfaceError, OperationalError
    from elastic_transport import ConnectionError as ESConnectionError

    from search.es.indices import IndexingError

    return (ServiceDown, ESConnectionError, IndexingError, OperationalError,
            InterfaceError)


def ensure_services(args: argparse.Namespace) -> None:
    """Start PostgreSQL and Elasticsearch (on the ports of the benchmark's
    URLs) when they are not running; wait while another session starts them."""
    import subprocess

    env = {**os.environ, "PGPORT": str(urlsplit(args.database_url).port or 5432),
           "ES_PORT": str(urlsplit(args.es_url).port or 9200)}
    scripts = ROOT / "scripts"
    subprocess.run([str(scripts / "postgres.sh"), "start"], env=env,
                   capture_output=True)
    for _ in range(12):
        status = [str(scripts / "elasticsearch.sh"), "status"]
        if subprocess.run(status, env=env, capture_output=True).returncode == 0:
            return
        subprocess.run([str(scripts / "elasticsearch.sh"), "start"], env=env,
                       capture_output=True)
        time.sleep(10)
    raise ServiceDown(f"Elasticsearch does not start on {args.es_url}")


def retrying(args: argparse.Namespace, label: str, phase: Callable[[], object],
             attempts: int = 3):
    """Run a phase; when a service went away, wait for it and run it again."""
    from django.db import connections

    from search.es.backend import breaker

    for attempt in range(1, attempts + 1):
        try:
            return phase()
        except service_errors() as error:
            if attempt == attempts:
                raise
            log(f"{label}: service unavailable ({type(error).__name__}: "
                f"{str(error)[:200]}); restarting the phase")
            time.sleep(10)
            ensure_services(args)
            connections.close_all()
            breaker.reset()
    return None


def log(message: str) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"[{datetime.now(UTC):%H:%M:%S} load {load}] {message}", flush=True)


# --- indexing ---------------------------------------------------------------
def clear_database() -> None:
    from django.db import connection

    from search.models import IndexQueueEntry, SearchDocument, SearchFacetValue

    tables = [m._meta.db_table for m in (SearchFacetValue, SearchDocument,
                                         IndexQueueEntry)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def load_database(docs: list[dict], chunk: int) -> float:
    """Seconds to write every document with save_documents() in chunks."""
    from django.db import connection
    from tqdm import tqdm

    from search.db.store import save_documents

    clear_database()
    started = time.perf_counter()
    with tqdm(total=len(docs), desc="database", unit="doc", mininterval=1,
              disable=None) as bar:
        for start in range(0, len(docs), chunk):
            bar.update(save_documents(docs[start:start + chunk]))
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would
        cursor.execute("ANALYZE hub_search_searchdocument, hub_search_searchfacetvalue")
    return elapsed


def rebuild_elasticsearch(docs: list[dict]) -> float:
    """Seconds for a full rebuild (new indices, bulk, refresh, alias swap)."""
    from tqdm import tqdm

    from search.es.documents import document_classes
    from search.es.indices import count
    from search.indexing import rebuild_elasticsearch as rebuild

    started = time.perf_counter()
    with tqdm(total=len(docs), desc="elasticsearch", unit="doc",
              mininterval=1, disable=None) as bar:
        rebuild(docs=docs, progress=bar.update)
    elapsed = time.perf_counter() - started
    indexed = sum(count(cls) for cls in document_classes().values())
    if indexed != len(docs):
        raise SystemExit(f"Elasticsearch holds {indexed} documents, not {len(docs)}")
    return elapsed


# --- queries ----------------------------------------------------------------
@dataclass(frozen=True)
class QueryType:
    key: str
    title: str
    make: Callable[[random.Random], Callable[[object], object]]


def query_language(rng: random.Random) -> str:
    return rng.choices(LANGUAGES, QUERY_LANGUAGE_WEIGHTS)[0]


def topic_words(rng: random.Random, lang: str) -> str:
    """One or two topics' words, sometimes with a city: what visitors type."""
    i = LANGUAGES.index(lang) + 1
    topic = rng.choice(TOPICS)[i]
    roll = rng.random()
    if roll < 0.25:
        return topic.split()[-1]
    if roll < 0.45:
        return f"{topic} {rng.choice(CITIES)[1]}"
    if roll < 0.6:
        return f"{topic} {rng.choice(METHODS)[i - 1].split()[-1]}"
    return topic


def free_text(rng: random.Random) -> Callable:
    from search.service import SearchRequest

    params = {"query": topic_words(rng, lang := query_language(rng)),
              "language": lang}
    # A new request per call, as a visitor's: nothing is memoised across calls.
    return lambda service: service.search(SearchRequest(**params))


def faceted(rng: random.Random) -> Callable:
    from search.service import SearchRequest

    lang = query_language(rng)
    params = {
        "query": topic_words(rng, lang), "language": lang, "doc_type": "expertise",
        "filters": {"field": [str(rng.randint(1, 6))],
                    "country": [rng.choice(COUNTRIES)]}}
    return lambda service: service.search(SearchRequest(**params))


def autocomplete(rng: random.Random) -> Callable:
    lang = query_language(rng)
    source = rng.choice([rng.choice(TOPICS)[LANGUAGES.index(lang) + 1],
                         rng.choice(INSTITUTIONS)])
    words = source.split()
    last = rng.choice(words)
    prefix = last[:rng.randint(3, max(3, min(6, len(last))))]
    if len(words) > 1 and rng.random() < 0.3:
        prefix = f"{words[0]} {words[1][:3]}"
    return lambda service: service.suggest(prefix, lang)


def events(rng: random.Random) -> Callable:
    from search.service import SearchRequest

    params = {
        "language": query_language(rng), "doc_type": "event",
        "when": rng.choice(["next-3-months", "this-month", "upcoming"]),
        "filters": {"country": [rng.choice(COUNTRIES)]}}
    return lambda service: service.search(SearchRequest(**params))


QUERY_TYPES = [
    QueryType("free_text", "free text", free_text),
    QueryType("faceted", "free text + 2 facets", faceted),
    QueryType("autocomplete", "autocomplete prefix", autocomplete),
    QueryType("events", "events: when + country", events),
]


def query_mix(seed: int, count: int) -> dict[str, list[Callable]]:
    """The same queries, in the same order, for every backend."""
    mix = {}
    for offset, qtype in enumerate(QUERY_TYPES):
        rng = random.Random(seed * 1000 + offset)
        mix[qtype.key] = [qtype.make(rng) for _ in range(count)]
    return mix


def timed(service, query: Callable) -> tuple[float, int]:
    """Milliseconds of one service call (end to end), and its result count."""
    started = time.perf_counter()
    response = query(service)
    elapsed = (time.perf_counter() - started) * 1000
    if response.fallback:
        raise ServiceDown(f"{service.name} answered from its fallback: "
                          "Elasticsearch failed or timed out")
    total = getattr(response, "total", None)
    return elapsed, len(response.suggestions) if total is None else total


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": statistics.median(samples), "p95": cuts[94], "p99": cuts[98]}


def measure(service, queries: list[Callable], warmup: int, rounds: int,
            label: str) -> dict:
    """Per-round percentiles of the measured queries; the reported figure of
    each percentile is its median over the rounds."""
    from tqdm import tqdm

    for query in queries[:warmup]:
        timed(service, query)
    measured = queries[warmup:]
    per_round, hits = [], []
    for _ in range(rounds):
        gc.collect()
        samples = []
        for query in tqdm(measured, desc=label, unit="q", leave=False,
                          disable=None):
            ms, found = timed(service, query)
            samples.append(ms)
            hits.append(found)
        per_round.append(percentiles(samples))
    result = {k: statistics.median(r[k] for r in per_round)
              for k in ("p50", "p95", "p99")}
    return result | {"mean_results": statistics.fmean(hits), "rounds": per_round}


def run_queries(args: argparse.Namespace, backends: dict) -> dict:
    from django.conf import settings

    settings.HUB_ELASTICSEARCH = {**settings.HUB_ELASTICSEARCH,
                                  "timeout": args.es_timeout}
    mix = query_mix(args.seed, args.warmup + args.runs)
    results: dict[str, dict] = {}
    for name, service in backends.items():
        for qtype in QUERY_TYPES:
            label = f"{name} {qtype.key}"
            results.setdefault(qtype.key, {})[name] = figures = retrying(
                args, label, lambda s=service, q=mix[qtype.key], label=label: measure(
                    s, q, args.warmup, args.rounds, label))
            log(f"{label}: p50 {figures['p50']:.1f} p95 {figures['p95']:.1f} "
                f"p99 {figures['p99']:.1f} ms")
    return results


def services(args: argparse.Namespace) -> dict:
    from search.db.backend import DatabaseSearch
    from search.es.backend import ElasticsearchSearch

    found = {}
    if not args.skip_es:
        found["elasticsearch"] = ElasticsearchSearch(fallback=DatabaseSearch())
    if not args.skip_db:
        found["database"] = DatabaseSearch()
    return found


# --- report -----------------------------------------------------------------
def indexing_rows(report: dict) -> Iterator[tuple[str, ...]]:
    n = report["documents"]
    for name, seconds in report["indexing_seconds"].items():
        yield (name, f"{n:,}", f"{seconds:.1f}", f"{n / seconds:,.0f}")


def latency_rows(report: dict) -> Iterator[tuple[str, ...]]:
    for qtype in QUERY_TYPES:
        row = report["queries"][qtype.key]
        es, db = row.get("elasticsearch"), row.get("database")
        cells = [qtype.title]
        for figures in (es, db):
            cells += ([f"{figures[p]:.1f}" for p in ("p50", "p95", "p99")]
                      + [f"{figures['mean_results']:.0f}"] if figures
                      else ["-"] * 4)
        ratio = f"{db['p50'] / es['p50']:.1f}x" if es and db else "-"
        yield (*cells, ratio)


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *[line(r) for r in rows]])


def targets(report: dict) -> list[str]:
    lines = []
    queries = report["queries"]
    for key, limit in TARGETS_MS.items():
        es = queries[key].get("elasticsearch")
        if es:
            verdict = "met" if es["p95"] < limit else "MISSED"
            lines.append(f"{key} p95 {es['p95']:.1f} ms < {limit:.0f} ms: {verdict}")
    seconds = report["indexing_seconds"].get("elasticsearch")
    if seconds:
        projected = TARGET_REBUILD[0] * seconds / report["documents"]
        verdict = "met" if projected < TARGET_REBUILD[1] else "MISSED"
        lines.append(f"rebuild of {TARGET_REBUILD[0]:,} documents: "
                     f"{projected:.0f} s (measured {report['documents']:,} in "
                     f"{seconds:.0f} s) < {TARGET_REBUILD[1]:.0f} s: {verdict}")
    return lines


def render(report: dict) -> str:
    m = report["machine"]
    header = ("query type", "ES p50", "ES p95", "ES p99", "ES results",
              "DB p50", "DB p95", "DB p99", "DB results", "DB/ES p50")
    return "\n".join([
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; "
        f"Elasticsearch {m['elasticsearch']} (heap {m['es_heap_mb']} MB, "
        f"JVM {m['es_jvm']}); "
        f"PostgreSQL {m['postgresql']} (shared_buffers {m['pg_shared_buffers']}); "
        f"Python {m['python']}",
        f"Date: {report['date']}  Revision: {m['revision']}  "
        f"Command: {report['command']}",
        f"Catalogue: {report['expertise']:,} expertise + {report['events']:,} events"
        f" (seed {report['seed']}); generated in {report['generate_seconds']:.0f} s",
        "", "Indexing:",
        table(("backend", "documents", "seconds", "docs/s"),
              list(indexing_rows(report))),
        "", f"Latency (ms, end to end): {report['runs']} queries per type after "
        f"{report['warmup']} warm-up, median of {report['rounds']} round(s):",
        table(header, list(latency_rows(report))),
        "", "Targets (Elasticsearch):", *[f"- {t}" for t in targets(report)],
    ])


# --- main -------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--expertise", type=int, default=100_000)
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--runs", type=int, default=200, help="measured queries per type")
    p.add_argument("--warmup", type=int, default=20, help="warm-up queries per type")
    p.add_argument("--rounds", type=int, default=1,
                   help="repeat the measured queries; report the median per figure")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--chunk", type=int, default=1000, help="database write chunk")
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    p.add_argument("--es-url", default=os.environ.get("BENCH_ES_URL", DEFAULT_ES_URL))
    p.add_argument("--es-timeout", type=float, default=2.0,
                   help="Elasticsearch request timeout while querying (production "
                   "default 2 s; slower answers would fall back and abort)")
    p.add_argument("--prefix", default="hubbench", help="Elasticsearch index prefix")
    p.add_argument("--settings", default="cms.settings.test")
    p.add_argument("--no-hunspell", action="store_true",
                   help="index without hunspell stemming (ELASTICSEARCH_HUNSPELL=false)")
    p.add_argument("--skip-es", action="store_true")
    p.add_argument("--skip-db", action="store_true",
                   help="skip the database load and queries (the table is still "
                   "needed by nothing else)")
    p.add_argument("--keep", action="store_true",
                   help="keep the indices and the table contents afterwards")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON "
                   "('-' for standard output)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django(args)
    report: dict = {
        "date": NOW.isoformat(), "command": " ".join(["bench/search_bench.py",
                                                      *sys.argv[1:]]),
        "machine": machine(), "expertise": args.expertise, "events": args.events,
        "documents": args.expertise + args.events, "seed": args.seed,
        "runs": args.runs, "warmup": args.warmup, "rounds": args.rounds,
        "indexing_seconds": {},
    }
    started = time.perf_counter()
    docs = generate(load_vocabulary(args.seed), args.expertise, args.events,
                    args.seed)
    check_folding(docs)
    report["generate_seconds"] = time.perf_counter() - started
    log(f"generated {len(docs):,} documents in {report['generate_seconds']:.0f} s")
    try:
        index_all(args, docs, report["indexing_seconds"])
        docs.clear()  # the queries run without the catalogue in memory
        gc.collect()
        report["queries"] = run_queries(args, services(args))
    finally:
        if not args.keep:
            cleanup(args)
    print(render(report))
    write_json(report, args.json)
    return 0


def index_all(args: argparse.Namespace, docs: list[dict],
              seconds: dict[str, float]) -> None:
    if not args.skip_db:
        seconds["database"] = retrying(
            args, "database", lambda: load_database(docs, args.chunk))
        log(f"database: {len(docs) / seconds['database']:,.0f} docs/s")
    if not args.skip_es:
        seconds["elasticsearch"] = retrying(
            args, "elasticsearch", lambda: rebuild_elasticsearch(docs))
        log(f"elasticsearch: {len(docs) / seconds['elasticsearch']:,.0f} docs/s")


def cleanup(args: argparse.Namespace) -> None:
    if not args.skip_es:
        from search.es.indices import delete_all

        delete_all()
    if not args.skip_db:
        clear_database()


def write_json(report: dict, target: str | None) -> None:
    if not target:
        return
    text = json.dumps(report, indent=2, default=str)
    if target == "-":
        print(text)
    else:
        Path(target).write_text(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
