"""A closed scholarship's badge is neutral grey, not the red of a cancelled
event, and readable (WCAG 2.1 AA: 4.5:1)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import make_scholarship

STATES_CSS = Path(__file__).parents[2] / "cms/core/static/hub/states.css"


def _rule(selector: str) -> dict[str, str]:
    css = STATES_CSS.read_text()
    body = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css).group(1)
    return dict(part.strip().split(":", 1) for part in body.split(";") if ":" in part)


def _luminance(colour: str) -> float:
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:  # #fff
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
              for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_closed_badge_is_grey_with_enough_contrast():
    closed, cancelled = _rule(".badge--closed"), _rule(".badge--cancelled")
    background, text = closed["background"].strip(), closed["color"].strip()
    assert background != cancelled["background"].strip()
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    assert red == green == blue  # neutral
    light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


@pytest.mark.django_db
def test_closed_scholarship_page_uses_the_closed_badge(client, site_tree):
    page = make_scholarship(deadline=timezone.now() - timedelta(days=3))
    html = client.get(page.url).content.decode()
    assert 'class="badge badge--closed"' in html
