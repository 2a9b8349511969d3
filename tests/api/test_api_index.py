"""/api/v1/ says where everything is, and every link it gives opens."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_index_links_every_endpoint(client, site_tree):
    answer = client.get("/api/v1/")
    assert answer.status_code == 200
    index = answer.json()
    assert {"events", "expertise", "institutions", "representations", "scholarships",
            "disciplines", "search", "suggest"} <= set(index["endpoints"])
    links = [index["docs"], index["openapi"], *index["endpoints"].values()]
    for link in links:
        assert link.startswith("http"), link
        path = "/" + link.split("/", 3)[3]
        query = {"q": "leuven"} if "/search/" in path else {}
        assert client.get(path, query).status_code == 200, path
