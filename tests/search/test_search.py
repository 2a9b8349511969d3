"""The visitors' search, the same tests on both backends (database and a real
Elasticsearch node). Features only Elasticsearch has are marked as such."""

import pytest
from wagtail.models import Locale, Page, PageViewRestriction

from cms.institutions.models import Discipline
from search.indexing import flush_queue, sync_pages
from search.models import SynonymGroup
from search.service import Near, SearchInputError, SearchRequest, get_search_service
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    publish,
)


def search(**kwargs):
    kwargs.setdefault("language", "nl")
    return get_search_service().search(SearchRequest(**kwargs))


def reindex_all() -> None:
    """Index pages made outside the captured commit callbacks."""
    sync_pages(Page.objects.values_list("pk", flat=True))
    flush_queue(force=True)


def titles(response) -> list[str]:
    return [hit.title for hit in response.hits]


def translate(page, language: str, **fields):
    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return publish(copy)


@pytest.fixture
def catalogue(site_tree, search_backend, django_capture_on_commit_callbacks):
    """A small catalogue, indexed through the publishing signals."""
    cs = Discipline.objects.get(code="1.2")  # computer and information sciences
    medicine = Discipline.objects.get(code="3.1")
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")
        ghent = make_institution("Universiteit Gent", "ugent")
        japan = make_representation(
            "Vlaanderen in Japan",
            "japan",
            country="JP",
            city="Tokyo",
            time_zone="Asia/Tokyo",
            region="asia",
        )
        ai = make_expertise(
            leuven,
            "Leuven AI lab",
            summary=(
                "Onderzoekers in AI voor de gezondheidszorg en de Université de Lille."
            ),
        )
        ai.disciplines.set([cs])
        ai.keywords.add("ai", "machine learning")
        ai.save_revision().publish()
        make_expertise(
            ghent,
            "Centrum voor medische beeldvorming",
            kind="facility",
            summary="Beeldvorming van het hart en de hersenen.",
        )
        translate(
            ai,
            "en",
            title="Leuven AI lab",
            summary="Researchers in artificial intelligence for health care.",
        )
        fair = make_event(
            japan,
            "Studiebeurs Tokio",
            days_ahead=20,
            summary="Ontmoet Vlaamse universiteiten in Tokio.",
            latitude="35.63",
            longitude="139.79",
        )
        fair.disciplines.set([medicine])
        fair.save_revision().publish()
        make_event(
            japan,
            "Alumni-avond Osaka",
            days_ahead=-30,
            venue_city="Osaka",
            summary="Terugblik met alumni.",
            latitude="34.69",
            longitude="135.50",
            event_type="networking",
        )
    return {"leuven": leuven, "ghent": ghent, "japan": japan, "ai": ai, "fair": fair}


def test_free_text_finds_entries_and_events(catalogue):
    assert titles(search(query="beeldvorming")) == [
        "Centrum voor medische beeldvorming"
    ]
    assert "Studiebeurs Tokio" in titles(search(query="Tokio"))
    assert search(query="onbestaandwoordxyz").total == 0


def test_accents_are_folded_on_both_sides(catalogue):
    assert titles(search(query="universite lille")) == ["Leuven AI lab"]
    assert titles(search(query="ÜNIVERSITÉ  DE   LILLE")) == ["Leuven AI lab"]


def test_only_the_requested_language_is_returned(catalogue):
    response = search(query="Leuven AI lab", language="en")
    assert [h.url.split("/")[1] for h in response.hits] == ["en"]


def test_a_query_in_another_language_finds_the_translated_entry(catalogue):
    # The Dutch page of the entry is found with the words of its English version.
    response = search(query="artificial intelligence", language="nl")
    assert titles(response) == ["Leuven AI lab"]
    assert response.hits[0].url.startswith("/nl/")


def test_synonyms_apply_to_the_next_search_without_reindex(catalogue):
    assert search(query="kunstmatige intelligentie").total == 0
    SynonymGroup.objects.create(terms="AI, kunstmatige intelligentie")
    assert titles(search(query="kunstmatige intelligentie")) == ["Leuven AI lab"]


def test_facets_count_every_value_and_ignore_their_own_selection(catalogue):
    japan = catalogue["japan"]
    countries = ["BR", "CA", "CN", "DE", "FR", "GB", "IN", "IT", "KR", "MX", "US", "ZA"]
    for code in countries:
        make_event(japan, f"Info session {code}", venue_country=code, days_ahead=40)
    reindex_all()

    response = search(doc_type="event", filters={"country": ["BR"]})
    counts = {f.value: f.count for f in response.facets["country"]}
    assert len(counts) == 13  # twelve new countries and Japan: no top-ten cap
    assert counts["JP"] == 2 and counts["BR"] == 1
    assert response.total == 1
    selected = [f.value for f in response.facets["country"] if f.selected]
    assert selected == ["BR"]
    both = search(doc_type="event", filters={"country": ["BR", "CA"]})
    assert both.total == 2
    # Other facets are narrowed by the country selection.
    assert {f.value: f.count for f in both.facets["event_type"]} == {
        "education-fair": 2
    }


def test_each_facet_counts_under_every_other_selection(catalogue):
    """With selections in several facets, a facet's counts follow the other
    facets' selections and ignore its own: computed here from the events."""
    japan = catalogue["japan"]
    made = [("BR", "education-fair"), ("BR", "webinar"), ("CA", "webinar"),
            ("CA", "webinar"), ("DE", "education-fair"), ("DE", "webinar")]
    for n, (country, kind) in enumerate(made):
        make_event(japan, f"Session {n}", venue_country=country, event_type=kind,
                   days_ahead=40)
    reindex_all()
    # With the catalogue's two events in Japan, a fair and a networking evening.
    events = [*made, ("JP", "education-fair"), ("JP", "networking")]

    def expected(facet: int, selection: dict[int, set[str]]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for event in events:
            if all(event[i] in values for i, values in selection.items()
                   if i != facet):
                counts[event[facet]] = counts.get(event[facet], 0) + 1
        return counts

    selection = {0: {"BR", "CA"}, 1: {"webinar"}}
    response = search(doc_type="event", filters={
        "country": ["BR", "CA"], "event_type": ["webinar"]})
    assert response.total == 3
    assert {f.value: f.count for f in response.facets["country"]
            if f.count} == expected(0, selection)
    assert {f.value: f.count for f in response.facets["event_type"]
            if f.count} == expected(1, selection)
    # A facet without a selection of its own follows both.
    assert {f.value: f.count for f in response.facets["organiser"]} == {
        response.facets["organiser"][0].value: 3}


def test_discipline_facet_is_hierarchical(catalogue):
    by_field = search(filters={"field": ["1"]})  # natural sciences
    assert titles(by_field) == ["Leuven AI lab"]
    response = search(doc_type="expertise")
    disciplines = {f.value: f for f in response.facets["discipline"]}
    assert disciplines["1.2"].parent == "1" and disciplines["1.2"].count == 1
    assert {f.value for f in response.facets["field"]} == {"1"}


def test_event_date_windows_and_distance(catalogue):
    upcoming = search(doc_type="event", when="upcoming")
    assert titles(upcoming) == ["Studiebeurs Tokio"]
    assert titles(search(doc_type="event", when="past")) == ["Alumni-avond Osaka"]
    counts = {f.value: f.count for f in upcoming.facets["when"]}
    assert counts["upcoming"] == 1 and counts["past"] == 1
    near_tokyo = search(doc_type="event", near=Near(35.68, 139.76, 50))
    assert titles(near_tokyo) == ["Studiebeurs Tokio"]
    assert search(doc_type="event", near=Near(35.68, 139.76, 500)).total == 2


def test_sorting_by_date_and_pagination(catalogue):
    events = search(doc_type="event", sort="date", when="")
    assert titles(events) == ["Alumni-avond Osaka", "Studiebeurs Tokio"]
    first = search(page_size=2)
    second = search(page_size=2, page=2)
    assert first.total == second.total >= 5
    assert not set(titles(first)) & set(titles(second))


def test_snippets_mark_matches_and_escape_html(catalogue):
    make_expertise(
        catalogue["ghent"],
        "Veilige software",
        summary=(
            "<script>alert(1)</script> Analyse van software voor veilige systemen."
        ),
    )
    reindex_all()
    hit = search(query="software").hits[0]
    assert "<mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_unpublish_delete_and_privacy_remove_results(
    catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        catalogue["fair"].unpublish()
    assert search(query="Studiebeurs").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=catalogue["ghent"], restriction_type=PageViewRestriction.LOGIN
        )
    assert search(query="beeldvorming").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        catalogue["ai"].delete()
    assert search(query="lille").total == 0


def test_an_institution_rename_reaches_its_entries(
    catalogue, django_capture_on_commit_callbacks
):
    ghent = catalogue["ghent"]
    assert search(query="Oostkust beeldvorming").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        ghent.title = "Universiteit Oostkust"
        ghent.save_revision().publish()
    assert titles(search(query="oostkust beeldvorming")) == [
        "Centrum voor medische beeldvorming"
    ]


def test_autocomplete_titles_keywords_organisations_disciplines(catalogue):
    service = get_search_service()
    texts = [s.text for s in service.suggest("leuv", "nl").suggestions]
    assert "KU Leuven" in texts and "Leuven AI lab" in texts
    assert "machine learning" in [
        s.text for s in service.suggest("mach", "nl").suggestions
    ]
    # Any word of a title completes, not only the first.
    assert "Leuven AI lab" in [s.text for s in service.suggest("lab", "nl").suggestions]
    assert service.suggest("", "nl").suggestions == []
    titles_en = [s.text for s in service.suggest("leuv", "en").suggestions]
    assert "Leuven AI lab" in titles_en


def test_similar_expertise(catalogue):
    other = make_expertise(
        catalogue["ghent"],
        "Gents AI lab",
        summary="Onderzoekers in AI en machine learning.",
    )
    other.disciplines.set([Discipline.objects.get(code="1.2")])
    other.save_revision().publish()
    reindex_all()
    similar = get_search_service().similar(catalogue["ai"].pk)
    assert [hit.title for hit in similar][:1] == ["Gents AI lab"]


def test_typo_tolerance(catalogue):
    response = search(query="beeldvroming")  # two letters swapped
    assert titles(response) == ["Centrum voor medische beeldvorming"]


def test_stemming(catalogue):
    response = search(query="onderzoeker gezondheidszorg")
    assert titles(response) == ["Leuven AI lab"]  # 'Onderzoekers' stemmed


@pytest.mark.parametrize(
    "kwargs",
    [
        {"query": "x" * 1001},
        {"language": "xx"},
        {"doc_type": "people"},
        {"filters": {"colour": ["red"]}},
        {"when": "tomorrow"},
        {"sort": "random"},
        {"page": 0},
        {"page": 10_000},
        {"page_size": 1000},
        {"near": Near(95, 0, 10)},
        {"near": Near(0, 0, -1)},
    ],
)
def test_bad_input_is_refused_with_a_message(kwargs):
    with pytest.raises(SearchInputError) as error:
        SearchRequest(**kwargs)
    assert error.value.message


def test_query_syntax_never_breaks_a_backend(catalogue):
    for query in [
        '"unbalanced',
        "AND OR NOT",
        "title:(x",
        "a* ?b ~c",
        "\\",
        "/regex/",
        "{{}} [[ ]]",
        "\u0000\u0001",
        "ünïcödé ✓ 東京",
    ]:
        response = search(query=query)
        assert response.total >= 0
        assert not response.fallback


def test_unknown_facet_values_and_empty_query_answer(catalogue):
    response = search(filters={"country": ["ZZ"]})
    assert response.total == 0
    assert [f.value for f in response.facets["country"] if f.selected] == ["ZZ"]
    assert search().total >= 5


def test_expertise_page_lists_similar_entries(client, catalogue):
    other = make_expertise(
        catalogue["ghent"],
        "Gents AI lab",
        summary="Onderzoekers in AI en machine learning.",
    )
    other.disciplines.set([Discipline.objects.get(code="1.2")])
    other.save_revision().publish()
    reindex_all()
    html = client.get(catalogue["ai"].url).content.decode()
    assert "Gents AI lab" in html.split('id="similar-heading"')[1]
