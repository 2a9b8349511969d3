"""The expertise widget's discipline tags in a real browser: one row of tags,
and a label longer than a narrow card ends in an ellipsis, with the whole
label in its title, instead of wrapping into a second line that the row cuts
in half (seen on the demo's host page: "Aardwetenschappen en" over a sliver
of "milieuwetenschappen")."""

import pytest

from cms.institutions.models import Discipline
from tests.browser import HostSite, chromium_fixture, open_page, wait_for
from tests.factories import make_expertise, make_institution

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_LABEL = "Aardwetenschappen en milieuwetenschappen met een heel lang label"

browser = chromium_fixture()


@pytest.fixture(scope="module")
def host():
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture
def lab(site_tree):
    leuven = make_institution("KU Leuven", "ku-leuven")  # Dutch pages
    lab = make_expertise(leuven, "Afdeling Bodem- en Waterbeheer", slug="bodem")
    discipline = Discipline.objects.filter(parent__isnull=False).first()
    discipline.label_nl = LONG_LABEL
    discipline.save()
    lab.disciplines.add(discipline)
    lab.save_revision().publish()
    return lab


TAGS = """
const root = document.getElementById('narrow').shadowRoot;
const row = root.querySelector('.tags');
if (!row) return null;
const box = row.getBoundingClientRect();
return Array.from(row.querySelectorAll('.tag')).map((tag) => {
  const r = tag.getBoundingClientRect(), s = getComputedStyle(tag);
  return {text: tag.textContent, title: tag.title, ellipsis: s.textOverflow,
          oneLine: r.height < 2 * parseFloat(s.lineHeight || s.fontSize * 1.5) &&
                   tag.scrollHeight <= tag.clientHeight + 1,
          inRow: r.top >= box.top - 1 && r.bottom <= box.bottom + 1
                 && r.right <= box.right + 1};
});
"""


def test_a_long_discipline_tag_stays_on_one_whole_line(browser, live_server, host, lab):
    script = f'<script src="{live_server.url}/embed/v1/widgets.js" defer></script>'
    body = ('<div style="width:280px"><flanders-expertise id="narrow" lang="nl" '
            'institution="ku-leuven" layout="cards"></flanders-expertise></div>')
    open_page(browser, host.page("/tags.html", body, head=script, lang="nl"))
    tags = wait_for(browser, lambda d: d.execute_script(TAGS), "no tags rendered")
    long_tag = next(t for t in tags if t["text"] == LONG_LABEL)
    assert long_tag["title"] == LONG_LABEL
    assert long_tag["oneLine"] and long_tag["inRow"], long_tag
    assert long_tag["ellipsis"] == "ellipsis"
    browser.get("about:blank")
