"""What visitors search, for editors (issue 13, point 6): weekly counts without
anything that identifies a visitor, the admin report, and the step from a
zero-result query to a synonym group (database backend)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError
from django.utils import timezone

from cms.institutions.permissions import editor_group_name, ensure_department_groups
from search import analytics
from search.analytics import prune, week_of
from search.models import SearchQueryStat, SynonymGroup
from search.tasks import periodic_tasks, prune_search_stats
from tests.factories import make_expertise, make_institution

BROWSER = {"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.8",
           "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0"}
REPORT = "/admin/reports/search-terms/"
# The "Add synonyms" button, in whatever language the admin speaks.
SYNONYM_BUTTON = re.compile(r'href="(/admin/snippets/hub_search/synonymgroup/add/[^"]*)"')


@pytest.fixture
def entries(site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")
        make_expertise(leuven, "Leuven AI lab", summary="Machine learning for health.")
    return leuven


def this_week():
    return week_of(timezone.localdate())


def stats() -> dict[tuple[str, str], tuple[int, int]]:
    return {(s.language, s.query): (s.searches, s.zero_results)
            for s in SearchQueryStat.objects.filter(week=this_week())}


def test_a_site_search_counts_the_folded_query_of_its_week_and_language(client,
                                                                        entries):
    for raw in ("Machine  Learning", "machine léarning"):
        assert client.get("/nl/search/", {"q": raw}, headers=BROWSER).status_code == 200
    assert stats() == {("nl", "machine learning"): (2, 0)}
    row = SearchQueryStat.objects.get()
    assert row.week.weekday() == 0  # a Monday


def test_the_api_counts_too_and_a_search_without_results_counts_as_zero(client,
                                                                        entries):
    client.get("/api/v1/search/", {"q": "machine", "lang": "nl"}, headers=BROWSER)
    client.get("/api/v1/search/", {"q": "quantenphysik", "lang": "de"},
               headers=BROWSER)
    assert client.get("/api/v1/search/", {"q": "quantenphysik", "lang": "de"},
                      headers=BROWSER).json()["count"] == 0
    assert stats() == {("nl", "machine"): (1, 0), ("de", "quantenphysik"): (2, 2)}


@pytest.mark.parametrize("path,params,headers", [
    ("/nl/search/suggest/", {"q": "mach"}, BROWSER),  # autocomplete
    ("/api/v1/search/suggest/", {"q": "mach", "lang": "nl"}, BROWSER),
    ("/nl/search/", {"q": "lab", "page": "2"}, BROWSER),  # later pages
    ("/api/v1/search/", {"q": "lab", "lang": "nl", "page": "2"}, BROWSER),
    ("/nl/search/", {"q": "  ", "type": "expertise"}, BROWSER),  # no query
    ("/nl/search/", {"q": "*?!"}, BROWSER),  # nothing left once folded
    ("/nl/search/", {"q": "lab"}, {}),  # no browser headers: a script
    ("/nl/search/", {"q": "lab"}, {**BROWSER, "User-Agent": "Googlebot/2.1"}),
    ("/nl/search/", {"q": "lab"}, {"User-Agent": BROWSER["User-Agent"]}),
    ("/nl/search/", {"q": "lab"}, {**BROWSER, "Sec-Purpose": "prefetch"}),
    # a facet chosen on the results of the same query
    ("/nl/search/", {"q": "Lab", "type": "expertise"},
     {**BROWSER, "Referer": "http://testserver/nl/search/?q=lab"}),
])
def test_what_is_not_a_new_search_is_not_counted(client, entries, path, params,
                                                 headers):
    assert client.get(path, params, headers=headers).status_code == 200
    assert not SearchQueryStat.objects.exists()


def test_a_new_query_from_the_results_of_another_counts(client, entries):
    client.get("/nl/search/", {"q": "health"},
               headers={**BROWSER, "Referer": "http://testserver/nl/search/?q=lab"})
    assert stats() == {("nl", "health"): (1, 0)}


def test_nothing_that_identifies_a_visitor_is_stored(client, entries):
    fields = {f.name for f in SearchQueryStat._meta.get_fields()}
    assert fields == {"id", "week", "language", "query", "searches", "zero_results"}
    assert SearchQueryStat._meta.get_field("week").get_internal_type() == "DateField"
    client.get("/nl/search/", {"q": "lab"}, headers=BROWSER, REMOTE_ADDR="192.0.2.7")
    values = " ".join(str(v) for v in SearchQueryStat.objects.values().get().values())
    assert "192.0.2.7" not in values and "Firefox" not in values


def test_long_queries_are_cut_at_a_word():
    query = analytics.stored_query("onderzoek " * 50)
    assert len(query) <= 200 and query.endswith("onderzoek")


def test_a_database_error_never_breaks_the_search(client, entries, monkeypatch,
                                                  caplog):
    def broken(*args):
        raise DatabaseError("disk full")

    monkeypatch.setattr(analytics, "count", broken)
    answer = client.get("/api/v1/search/", {"q": "machine", "lang": "nl"},
                        headers=BROWSER)
    assert answer.status_code == 200 and answer.json()["count"] == 1
    assert "Search statistics not recorded" in caplog.text
    assert "machine" not in caplog.text


def test_recording_can_be_switched_off(client, entries, settings):
    settings.HUB_SEARCH_STATS_WEEKS = 0
    client.get("/nl/search/", {"q": "lab"}, headers=BROWSER)
    assert not SearchQueryStat.objects.exists()


def test_pruning_forgets_the_weeks_past_the_retention(db, settings):
    settings.HUB_SEARCH_STATS_WEEKS = 26
    now = this_week()
    for weeks_ago in (0, 25, 26, 60):
        SearchQueryStat.objects.create(week=now - timedelta(weeks=weeks_ago),
                                       language="nl", query=f"q{weeks_ago}", searches=1)
    assert prune_search_stats.call() == 2
    assert sorted(SearchQueryStat.objects.values_list("query", flat=True)) == [
        "q0", "q25"]
    assert prune_search_stats in [task for task, _interval in periodic_tasks()]
    assert prune(weeks=0) == 2 and not SearchQueryStat.objects.exists()


# -- the report ------------------------------------------------------------------
def editor_of(institution):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    user.groups.add(Group.objects.get(name=editor_group_name(institution)))
    return user


def rows_of(html: str, heading_id: str) -> list[list[str]]:
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)
            if "<td>" in row]


def test_the_report_lists_top_and_zero_result_queries_to_an_editor(client, entries):
    now = this_week()
    SearchQueryStat.objects.bulk_create([
        SearchQueryStat(week=now, language="nl", query="ai", searches=7),
        SearchQueryStat(week=now - timedelta(weeks=1), language="nl", query="ai",
                        searches=3),
        SearchQueryStat(week=now, language="en", query="quantum", searches=4,
                        zero_results=4),
        SearchQueryStat(week=now, language="de", query="old", searches=1),
        SearchQueryStat(week=now - timedelta(weeks=10), language="nl",
                        query="long ago", searches=99, zero_results=99),
    ])
    client.force_login(editor_of(entries))
    answer = client.get(REPORT)
    assert answer.status_code == 200
    html = answer.content.decode()
    # the default period is the last four weeks, all languages
    assert rows_of(html, "top-heading") == [
        ["ai", "nl", "10", "0"], ["quantum", "en", "4", "4"], ["old", "de", "1", "0"]]
    assert rows_of(html, "zero-heading") == [["quantum", "en", "4", "4", ""]]
    assert SYNONYM_BUTTON.search(html) is None  # this editor may not add synonyms
    english = client.get(REPORT, {"language": "en", "week": "all"}).content.decode()
    assert [r[0] for r in rows_of(english, "top-heading")] == ["quantum"]
    one_week = client.get(REPORT, {"week": (now - timedelta(weeks=10)).isoformat()})
    assert rows_of(one_week.content.decode(), "zero-heading")[0][:3] == [
        "long ago", "nl", "99"]


def test_the_department_curates_synonyms_from_the_report(client, entries):
    SearchQueryStat.objects.create(week=this_week(), language="en", query="qubits",
                                   searches=2, zero_results=2)
    editors, moderators = ensure_department_groups()
    for group in (editors, moderators):
        user = get_user_model().objects.create_user(f"dept-{group.pk}")
        user.groups.add(group)
        client.force_login(user)
        html = client.get(REPORT).content.decode()
        button = SYNONYM_BUTTON.search(html).group(1)
        form = client.get(unescape(button))
        assert form.status_code == 200 and "qubits" in form.content.decode()
        action = unescape(re.search(
            r'action="(/admin/snippets/hub_search/synonymgroup/add/[^"]*)"',
            form.content.decode()).group(1))
        client.post(action, {"terms": f"qubits\nquantum bits {group.pk}",
                             "note": ""})
    assert SynonymGroup.objects.count() == 2


def test_the_report_pages_by_a_hundred(admin_client, db):
    SearchQueryStat.objects.bulk_create([
        SearchQueryStat(week=this_week(), language="nl", query=f"term {i:03}",
                        searches=1000 - i) for i in range(130)])
    first = admin_client.get(REPORT).content.decode()
    assert len(rows_of(first, "top-heading")) == 100
    second = admin_client.get(REPORT, {"p": "2"}).content.decode()
    assert [r[0] for r in rows_of(second, "top-heading")][0] == "term 100"
    assert len(rows_of(second, "top-heading")) == 30


def test_the_report_is_refused_to_anonymous_visitors(client, db):
    answer = client.get(REPORT)
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]


def test_a_query_is_text_in_the_report(admin_client, client, entries):
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    client.get("/nl/search/", {"q": payload}, headers=BROWSER)
    assert stats() == {("nl", "script alert 1 script img src x onerror alert 2"): (
        1, 1)}  # folding alone leaves no markup; the report escapes anyway:
    SearchQueryStat.objects.create(week=this_week(), language="nl", query=payload,
                                   searches=5, zero_results=5)
    html = admin_client.get(REPORT).content.decode()
    assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x" in html
    assert rows_of(html, "zero-heading")[0][0] == payload


def test_one_step_from_a_zero_result_query_to_a_synonym_group(admin_client, client,
                                                              entries):
    client.get("/nl/search/", {"q": "Künstliche Intelligenz"}, headers=BROWSER)
    assert stats() == {("nl", "kunstliche intelligenz"): (1, 1)}

    report = admin_client.get(REPORT, {"language": "nl"}).content.decode()
    button = SYNONYM_BUTTON.search(report).group(1)
    form = admin_client.get(unescape(button))
    assert form.status_code == 200
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", form.content.decode(),
                         re.S).group(1)
    assert "kunstliche intelligenz" in textarea
    action = unescape(re.search(
        r'action="(/admin/snippets/hub_search/synonymgroup/add/[^"]*)"',
        form.content.decode()).group(1))
    saved = admin_client.post(action, {"terms": "kunstliche intelligenz\nAI",
                                       "note": ""}, follow=True)
    assert saved.redirect_chain[-1][0] == f"{REPORT}?language=nl"
    assert SynonymGroup.objects.get().term_list() == ["kunstliche intelligenz", "AI"]
    # Wagtail's success message, on the report
    assert "kunstliche intelligenz, AI" in " ".join(
        str(m) for m in saved.context["messages"])

    found = client.get("/api/v1/search/", {"q": "Künstliche Intelligenz",
                                           "lang": "nl"}).json()
    assert [r["title"] for r in found["results"]] == ["Leuven AI lab"]


def test_the_synonym_form_goes_back_only_to_the_hub(admin_client, db):
    form = admin_client.get("/admin/snippets/hub_search/synonymgroup/add/",
                            {"terms": "x", "next": "https://evil.example/"})
    assert "evil.example" not in form.content.decode()
