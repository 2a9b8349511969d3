"""``manage.py load_demo_data``: fills the hub with realistic demo content in
Dutch and English. Idempotent: items are keyed by ``external_id``; an item that
already exists in a locale is left unchanged."""

import time as time_module
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django_countries import countries
from wagtail.models import Locale, Page

from cms.api.cache import deferred_generation_bump
from cms.catalogue import demo_data as data
from cms.catalogue.importer import LOCK_NAME
from cms.core.locks import Busy, exclusive
from cms.core.site_setup import ensure_site_tree
from cms.events.models import EventPage
from cms.expertise.models import ExpertiseContact, ExpertiseLink, ExpertisePage
from cms.institutions.models import Discipline, InstitutionPage, RepresentationPage
from cms.scholarships.models import ScholarshipPage
from themes.registry import is_available

PREFIX = "demo"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _ul(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _country_names(codes, language: str) -> str:
    with translation.override(language):
        names = [str(countries.name(code)) for code in codes]
    joiner = " en " if language == "nl" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


class Command(BaseCommand):
    help = (
        "Load demo institutions, representations, expertise, events and scholarships."
    )

    def handle(self, *args, **options):
        started = time_module.monotonic()
        self.stats: dict[str, Counter] = {}
        # The catalogue import's lock: both write the same pages. The one
        # transaction keeps a half-loaded demo from existing; the generation is
        # bumped once after it (docs/security.md, long-running commands).
        busy = "A catalogue import is running{holder}; load the demo data after it."
        try:
            with exclusive(LOCK_NAME, busy), deferred_generation_bump():
                self._load()
        except Busy as exc:
            raise CommandError(str(exc), returncode=75) from exc
        self._summary(started)

    def _load(self) -> None:
        with transaction.atomic():
            self.tree = ensure_site_tree()
            self.nl = Locale.objects.get(language_code="nl")
            self.en = Locale.objects.get(language_code="en")
            self.now = timezone.now()
            self.disciplines = {d.code: d for d in Discipline.objects.all()}
            self.orgs = {}
            self.expertise = {}
            self.load_institutions()
            self.load_representations()
            self.load_expertise()
            self.load_events()
            self.load_scholarships()

    def _summary(self, started: float) -> None:
        created = sum(c["created"] for c in self.stats.values())
        unchanged = sum(c["unchanged"] for c in self.stats.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time_module.monotonic() - started:.1f}s: "
                f"{created} pages created, {unchanged} unchanged "
                f"({Page.objects.count()} pages in total)."
            )
        )

    # -- the generic create-or-skip step ---------------------------------------
    def ensure(self, section, model, key, parent, build, translate):
        """Returns (nl page, en page) for one item, creating what is missing.

        ``build()`` returns the unsaved nl page; ``translate(en_page)`` fills in the
        English texts of the fresh copy."""
        counter = self.stats.setdefault(section, Counter())
        external_id = f"{PREFIX}:{section.lower()}:{key}"
        nl = model.objects.filter(external_id=external_id, locale=self.nl).first()
        if nl is None:
            nl = build()
            nl.external_id = external_id
            nl.locale = self.nl
            parent.add_child(instance=nl)
            nl.save_revision().publish()
            nl.refresh_from_db()
            counter["created"] += 1
        else:
            counter["unchanged"] += 1
        en = model.objects.filter(external_id=external_id, locale=self.en).first()
        if en is None:
            existing = nl.get_translation_or_none(self.en)
            if existing is not None:
                en = existing.specific
                counter["unchanged"] += 1
            else:
                en = nl.copy_for_translation(self.en, copy_parents=True, alias=False)
                en = model.objects.get(pk=en.pk)
                translate(en)
                en.save_revision().publish()
                en.refresh_from_db()
                counter["created"] += 1
        else:
            counter["unchanged"] += 1
        return nl, en

    def report(self, section):
        counter = self.stats.get(section, Counter())
        self.stdout.write(
            f"{section}: {counter['created']} created, "
            f"{counter['unchanged']} unchanged (pages in nl and en)"
        )

    # -- organisations ------------------------------------------------------------
    def load_institutions(self):
        parent = self.tree["institutions"]
        for (
            key,
            nl_title,
            en_title,
            acronym,
            kind,
            ror,
            city,
            website,
            nl_summary,
            en_summary,
        ) in data.INSTITUTIONS:

            def build(
                nl_title=nl_title,
                acronym=acronym,
                kind=kind,
                ror=ror,
                city=city,
                website=website,
                nl_summary=nl_summary,
                key=key,
            ):
                return InstitutionPage(
                    title=nl_title,
                    slug=slugify(nl_title),
                    acronym=acronym,
                    kind=kind,
                    ror_id=ror,
                    city=city,
                    website=website,
                    summary=nl_summary,
                    description=_p(nl_summary),
                    contact_email=f"international@{key}.example.org",
                    default_theme=key if is_available(key) else "",  # example themes
                )

            def translate(page, en_title=en_title, en_summary=en_summary):
                page.title = en_title
                page.slug = slugify(en_title)
                page.summary = en_summary
                page.description = _p(en_summary)

            self.orgs[key] = self.ensure(
                "Institutions", InstitutionPage, key, parent, build, translate
            )
        self.report("Institutions")

    def load_representations(self):
        parent = self.tree["representations"]
        for (
            key,
            city,
            country,
            tz,
            region,
            nl_country,
            en_country,
        ) in data.REPRESENTATIONS:
            nl_title = f"Vlaamse vertegenwoordiging in {nl_country}"
            en_title = f"Flanders representation in {en_country}"

            def build(
                key=key,
                city=city,
                country=country,
                tz=tz,
                region=region,
                nl_title=nl_title,
                nl_country=nl_country,
            ):
                return RepresentationPage(
                    title=nl_title,
                    slug=key,
                    city=city,
                    country=country,
                    time_zone=tz,
                    region=region,
                    contact_email=f"{key}@flanders.example.org",
                    summary=(
                        f"De vertegenwoordiging van de Vlaamse Regering in "
                        f"{nl_country} ondersteunt de academische samenwerking "
                        f"vanuit {city}."
                    ),
                )

            def translate(page, en_title=en_title, en_country=en_country, city=city):
                page.title = en_title
                page.summary = (
                    f"The Flemish Government's representation in {en_country} "
                    f"supports academic cooperation from {city}."
                )

            self.orgs[key] = self.ensure(
                "Representations", RepresentationPage, key, parent, build, translate
            )
        self.report("Representations")

    # -- expertise ------------------------------------------------------------------
    def _contacts(self, index, role_language):
        people = [data.PEOPLE[index % len(data.PEOPLE)]]
        if index % 3 == 0:
            people.append(data.PEOPLE[(index * 5 + 3) % len(data.PEOPLE)])
        contacts = []
        for offset, (name, nl_role, en_role) in enumerate(people):
            n = index + offset
            consent = n % 4 != 3
            contacts.append(
                ExpertiseContact(
                    name=name,
                    role=nl_role if role_language == "nl" else en_role,
                    orcid=data.EXAMPLE_ORCIDS[n % 3] if n % 2 == 0 else "",
                    email=slugify(name).replace("-", ".") + "@example.org",
                    show_email=consent and n % 3 != 1,
                    consent_to_publish=consent,
                    sort_order=offset,
                )
            )
        return contacts

    def load_expertise(self):
        for index, (
            key,
            inst,
            kind,
            nl_title,
            en_title,
            codes,
            keywords,
            collab,
            langs,
            nl_topic,
            en_topic,
        ) in enumerate(data.EXPERTISE):
            inst_nl, inst_en = self.orgs[inst]
            disciplines = [self.disciplines[c] for c in codes]

            def build(
                index=index,
                inst_nl=inst_nl,
                kind=kind,
                nl_title=nl_title,
                disciplines=disciplines,
                keywords=keywords,
                collab=collab,
                langs=langs,
                nl_topic=nl_topic,
            ):
                page = ExpertisePage(
                    title=nl_title,
                    slug=slugify(nl_title),
                    kind=kind,
                    summary=f"{nl_title} ({inst_nl.title}) werkt rond {nl_topic}.",
                    body=(
                        _p(
                            f"{nl_title} van {inst_nl.title} doet onderzoek naar "
                            f"{nl_topic}."
                        )
                        + "<h2>Internationale samenwerking</h2>"
                        + _p(
                            f"We werken samen met partners in "
                            f"{_country_names(collab, 'nl')} en staan open voor "
                            "gezamenlijke projecten, doctoraten en uitwisselingen."
                        )
                        + "<h3>Trefwoorden</h3>"
                        + _ul(keywords)
                    ),
                    collaboration_countries=collab,
                    working_languages=langs,
                )
                page.disciplines = disciplines
                page.keywords.add(*keywords)
                page.contacts = self._contacts(index, "nl")
                page.links = [
                    ExpertiseLink(
                        title=f"Website {inst_nl.acronym}",
                        url=inst_nl.website,
                        sort_order=0,
                    ),
                    ExpertiseLink(
                        title="FRIS onderzoeksportaal",
                        url="https://researchportal.be",
                        sort_order=1,
                    ),
                ]
                return page

            def translate(
                page,
                index=index,
                inst_en=inst_en,
                en_title=en_title,
                keywords=keywords,
                collab=collab,
                en_topic=en_topic,
            ):
                page.title = en_title
                page.slug = slugify(en_title)
                page.summary = f"{en_title} ({inst_en.title}) works on {en_topic}."
                page.body = (
                    _p(f"{en_title} at {inst_en.title} does research on {en_topic}.")
                    + "<h2>International cooperation</h2>"
                    + _p(
                        f"We work with partners in {_country_names(collab, 'en')} and "
                        "welcome joint projects, PhDs and exchanges."
                    )
                    + "<h3>Keywords</h3>"
                    + _ul(keywords)
                )
                page.contacts = self._contacts(index, "en")

            self.expertise[key] = self.ensure(
                "Expertise", ExpertisePage, key, inst_nl, build, translate
            )
        self.report("Expertise")

    # -- events ---------------------------------------------------------------------
    def _event_times(self, tz_name, offset, hour, hours, opts):
        tz = ZoneInfo(tz_name)
        day = self.now.astimezone(tz).date() + timedelta(days=offset)
        days = opts.get("days", 1)
        if opts.get("all_day"):
            start = datetime.combine(day, time.min, tzinfo=tz)
            end = datetime.combine(
                day + timedelta(days=days - 1), time(23, 59, 59), tzinfo=tz
            )
        elif days > 1:
            start = datetime.combine(day, time(hour), tzinfo=tz)
            end = datetime.combine(day + timedelta(days=days - 1), time(17), tzinfo=tz)
        else:
            start = datetime.combine(day, time(hour), tzinfo=tz)
            end = start + timedelta(hours=hours)
        return start, end

    def load_events(self):
        for (
            key,
            org,
            event_type,
            nl_title,
            en_title,
            offset,
            hour,
            hours,
            opts,
        ) in data.EVENTS:
            org_nl, org_en = self.orgs[org]
            venue_key = opts.get("venue", org)
            tz_name = opts.get("tz") or getattr(org_nl, "time_zone", "Europe/Brussels")
            venue = data.VENUES.get(venue_key)
            online = opts.get("online", False)
            status = opts.get("status", "scheduled")
            in_person = not online or opts.get("mixed")
            city = venue[2] if venue and in_person else "online"
            nl_summary, en_summary, nl_text, en_text = data.EVENT_TEXTS[event_type]
            participants = opts.get("participants")
            if participants is None:
                participants = (
                    data.FAIR_PARTICIPANTS if event_type == "education-fair" else []
                )
            expertise = opts.get("expertise", [])
            codes = sorted(
                {
                    d.code
                    for k in expertise
                    for d in self.expertise[k][0].disciplines.all()
                }
            )
            languages = opts.get("languages")
            if languages is None:
                local = data.LOCAL_LANGUAGE.get(venue[3] if venue else "BE", "en")
                languages = list(dict.fromkeys(["en", local]))

            def build(
                key=key,
                event_type=event_type,
                nl_title=nl_title,
                offset=offset,
                hour=hour,
                hours=hours,
                opts=opts,
                tz_name=tz_name,
                venue=venue,
                online=online,
                status=status,
                in_person=in_person,
                city=city,
                nl_summary=nl_summary,
                nl_text=nl_text,
                participants=participants,
                expertise=expertise,
                codes=codes,
                languages=languages,
            ):
                start, end = self._event_times(tz_name, offset, hour, hours, opts)
                page = EventPage(
                    title=nl_title,
                    slug=slugify(nl_title)[:80],
                    event_type=event_type,
                    start=start,
                    end=end,
                    time_zone=tz_name,
                    all_day=opts.get("all_day", False),
                    recurrence_rule=opts.get("rule", ""),
                    status=status,
                    attendance_mode=(
                        "mixed"
                        if opts.get("mixed")
                        else "online"
                        if online
                        else "offline"
                    ),
                    summary=nl_summary.format(city=city),
                    body=_p(nl_text) + self._event_extra("nl", status, opts),
                    audience=opts.get("audience", data.DEFAULT_AUDIENCE[event_type]),
                    languages=languages,
                )
                if online or opts.get("mixed") or status == "moved-online":
                    page.online_url = f"https://meet.example.org/flanders/{key}"
                if venue and in_person:
                    name, address, vcity, country, lat, lon = venue
                    page.venue_name, page.venue_address = name, address
                    page.venue_city, page.venue_country = vcity, country
                    page.latitude, page.longitude = Decimal(lat), Decimal(lon)
                if offset > 7 and status == "scheduled":
                    page.registration_url = f"https://events.example.org/flanders/{key}"
                    page.registration_deadline = start - timedelta(days=3)
                page.participating_institutions = [
                    self.orgs[k][0] for k in participants
                ]
                page.related_expertise = [self.expertise[k][0] for k in expertise]
                page.disciplines = [self.disciplines[c] for c in codes]
                return page

            def translate(
                page,
                en_title=en_title,
                status=status,
                opts=opts,
                city=city,
                en_summary=en_summary,
                en_text=en_text,
                participants=participants,
                expertise=expertise,
                venue=venue,
            ):
                page.title = en_title
                page.slug = slugify(en_title)[:80]
                page.summary = en_summary.format(city=city)
                page.body = _p(en_text) + self._event_extra("en", status, opts)
                page.participating_institutions = [
                    self.orgs[k][1] for k in participants
                ]
                page.related_expertise = [self.expertise[k][1] for k in expertise]

            self.ensure("Events", EventPage, key, org_nl, build, translate)
        self.report("Events")

    @staticmethod
    def _event_extra(language, status, opts):
        nl = language == "nl"
        parts = []
        if opts.get("rule"):
            parts.append(
                "Deze activiteit vindt meermaals plaats; bekijk alle data hieronder."
                if nl
                else "This activity takes place several times; see all dates below."
            )
        if status == "cancelled":
            parts.append(
                "Deze activiteit is geannuleerd."
                if nl
                else "This event has been cancelled."
            )
        elif status == "postponed":
            parts.append(
                "Deze activiteit is uitgesteld; een nieuwe datum volgt."
                if nl
                else "This event has been postponed; a new date will follow."
            )
        elif status == "moved-online":
            parts.append(
                "Deze sessie gaat online door."
                if nl
                else "This session now takes place online."
            )
        return "".join(_p(p) for p in parts)

    # -- scholarships ---------------------------------------------------------------
    def load_scholarships(self):
        parent = self.tree["scholarships"]
        brussels = ZoneInfo("Europe/Brussels")
        for (
            key,
            nl_title,
            en_title,
            codes,
            days,
            nl_amount,
            en_amount,
        ) in data.SCHOLARSHIPS:

            def build(nl_title=nl_title, codes=codes, days=days, nl_amount=nl_amount):
                deadline = datetime.combine(
                    self.now.astimezone(brussels).date() + timedelta(days=days),
                    time(23, 59),
                    tzinfo=brussels,
                )
                page = ScholarshipPage(
                    title=nl_title,
                    slug=slugify(nl_title),
                    amount=nl_amount,
                    deadline=deadline,
                    link="https://www.studyinflanders.be/scholarships",
                    summary=(
                        f"{nl_title}: een beurs van de Vlaamse Regering voor "
                        "getalenteerde internationale studenten en onderzoekers."
                    ),
                    eligibility=_ul(
                        [
                            "Je hebt niet de Belgische nationaliteit.",
                            "Je bent toegelaten tot een Vlaamse instelling.",
                            "Je hebt uitstekende studieresultaten.",
                        ]
                    ),
                    body=_p(
                        "Aanvragen gebeuren via de Vlaamse instelling waar je wilt "
                        "studeren of onderzoek doen."
                    ),
                )
                page.disciplines = [self.disciplines[c] for c in codes]
                return page

            def translate(page, en_title=en_title, en_amount=en_amount):
                page.title = en_title
                page.slug = slugify(en_title)
                page.amount = en_amount
                page.summary = (
                    f"{en_title}: a Flemish Government grant for talented "
                    "international students and researchers."
                )
                page.eligibility = _ul(
                    [
                        "You do not hold Belgian nationality.",
                        "You have been admitted to a Flemish institution.",
                        "You have excellent study results.",
                    ]
                )
                page.body = _p(
                    "Applications go through the Flemish institution where "
                    "you want to study or do research."
                )

            self.ensure("Scholarships", ScholarshipPage, key, parent, build, translate)
        self.report("Scholarships")
