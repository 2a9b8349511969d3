"""The event page's "Online" line names the attendance mode only when it adds
something: "Join online (Online)" repeated itself on every online event."""

import pytest

from tests.factories import make_event, make_representation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("mode,shown", [("online", False), ("mixed", True)])
def test_the_online_line_names_only_a_mixed_mode(client, site_tree, mode, shown):
    event = make_event(make_representation(), f"Seminar {mode}", attendance_mode=mode,
                       online_url="https://example.org/live")
    html = client.get(event.url).content.decode()
    line = html.split('href="https://example.org/live" rel="noopener">', 1)[1]
    line = line.split("</dd>", 1)[0]  # the link and what follows it
    assert ('class="muted"' in line) is shown, line
