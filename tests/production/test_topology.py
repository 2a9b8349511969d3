"""Smoke test of the production topology, through nginx as a visitor reaches it
(conftest.py starts it with scripts/production/hub.sh)."""

import re
import time
import uuid

HASHED_CSS = re.compile(r'/static/[^"\']+?\.[0-9a-f]{12}\.css')


def test_home_page_over_https(topology):
    answer = topology.get("/")
    assert answer.status_code == 200
    assert answer.url.startswith(f"{topology.base_url}/")
    assert "<html" in answer.text.lower()
    assert answer.headers["Content-Type"].startswith("text/html")


def test_plain_http_redirects_to_https(topology):
    answer = topology.get(f"{topology.http_url}/en/events/?country=JP",
                          allow_redirects=False)
    assert answer.status_code == 301
    assert answer.headers["Location"] == f"{topology.base_url}/en/events/?country=JP"


def test_hashed_static_files_are_immutable_and_others_are_not(topology):
    page = topology.get("/en/").text
    hashed = HASHED_CSS.search(page)
    assert hashed, "the page links no stylesheet with a hashed name"
    answer = topology.get(hashed.group(0))
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # The same file under its plain name may change with the next release.
    plain = re.sub(r"\.[0-9a-f]{12}\.css$", ".css", hashed.group(0))
    answer = topology.get(plain)
    assert answer.status_code == 200
    assert "immutable" not in answer.headers["Cache-Control"]


def test_pages_are_gzipped(topology):
    answer = topology.get("/en/", headers={"Accept-Encoding": "gzip"})
    assert answer.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in answer.headers.get("Vary", "")


def test_metrics_are_not_proxied(topology):
    """nginx answers /metrics itself: the request never reaches gunicorn."""
    since = topology.log_size("gunicorn")
    marker = f"topo-metrics-{uuid.uuid4().hex}"
    for path in ("/metrics", "/metrics/", "/metrics?format=json"):
        answer = topology.get(path, headers={"X-Request-ID": marker},
                              allow_redirects=False)
        assert answer.status_code == 404
    # A proxied request with another id shows that the log is being written
    # (a query of its own: nginx's micro-cache would answer /en/ itself).
    proxied = f"topo-proxied-{uuid.uuid4().hex}"
    assert topology.get(f"/en/?seen={proxied}",
                        headers={"X-Request-ID": proxied}).status_code == 200
    assert topology.wait_for_log("gunicorn", proxied, since)
    assert marker not in topology.read_log("gunicorn", since)


def test_request_id_is_passed_on(topology):
    """Each request has a query of its own, so that it reaches gunicorn (the
    micro-cache answers a repeated /en/ itself)."""
    since = topology.log_size("gunicorn")
    sent = f"topo-{uuid.uuid4().hex}"
    answer = topology.get(f"/en/?seen={sent}", headers={"X-Request-ID": sent})
    assert answer.headers["X-Request-ID"] == sent
    assert topology.wait_for_log("gunicorn", f"request_id={sent}", since)
    # Without one (or with one that is not an id) nginx makes its own.
    for headers in ({}, {"X-Request-ID": "not an id; <script>"}):
        answer = topology.get(f"/en/?seen={uuid.uuid4().hex}", headers=headers)
        made = answer.headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", made)
        assert topology.wait_for_log("gunicorn", f"request_id={made}", since)


def test_elasticsearch_cluster_has_three_nodes_and_is_green(topology):
    health = topology.wait_for_es("green", nodes=3, timeout=120)
    assert health["number_of_data_nodes"] == 3
    assert health["unassigned_shards"] == 0
    nodes = topology.es("/_nodes/http")["nodes"].values()
    assert sorted(node["name"] for node in nodes) == ["es-1", "es-2", "es-3"]
    assert len(topology.es_urls) == 3
    # Every index of the hub has one replica, so losing a node loses nothing.
    settings = topology.index_settings()
    assert settings, "the hub has no indices on the cluster"
    assert {s["number_of_replicas"] for s in settings.values()} == {"1"}


def test_nginx_comes_back_after_its_master_is_killed(topology):
    """SIGKILL leaves nginx's workers holding the ports; supervisord's restart
    (scripts/production/nginx-start.sh) stops those orphans and binds again."""
    killed = topology.kill("nginx")
    deadline = time.monotonic() + 60
    while True:
        try:
            back = (topology.state("nginx") == "RUNNING"
                    and topology.pid("nginx") != killed
                    and topology.get("/healthz", timeout=5).status_code == 200)
        except Exception:  # noqa: BLE001 - not yet
            back = False
        if back:
            break
        assert time.monotonic() < deadline, (
            "nginx did not come back:\n" + topology.read_log("nginx")[-2000:])
        time.sleep(0.5)


def test_nginx_micro_caches_only_what_the_hub_calls_storable(topology):
    """Anonymous public pages: a second request within the second is nginx's.
    Editors (session cookie) always reach the hub; answers the hub does not
    mark storable (the language redirect of /, the search page) are never kept."""
    path = f"/en/events/?micro={uuid.uuid4().hex}"
    first = topology.get(path)
    assert first.status_code == 200 and first.headers["X-Micro-Cache"] == "MISS"
    again = topology.get(path)
    assert again.headers["X-Micro-Cache"] == "HIT"
    assert again.text == first.text
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    editor = topology.get(path, cookies={"sessionid": "x"})
    assert editor.headers["X-Micro-Cache"] == "BYPASS"
    for uncached in ("/", f"/en/search/?q=leuven&micro={uuid.uuid4().hex}"):
        topology.get(uncached, allow_redirects=False)
        answer = topology.get(uncached, allow_redirects=False)
        assert answer.headers.get("X-Micro-Cache") != "HIT", uncached
