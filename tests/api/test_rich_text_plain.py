"""The API's plain-text version of rich text keeps a space between blocks:
the demo's events read "…share their experiences.This session now takes
place online." in `body.text`; and it is text, not HTML: "IT & IP Law", not
"IT &amp; IP Law"."""

import pytest

from cms.core.serializers import rich_text

pytestmark = pytest.mark.django_db


def test_blocks_are_separated_in_the_plain_text():
    html = ("<p>Students share their experiences.</p><p>This session is online."
            "</p><h2>Programme</h2><ul><li>Welcome</li><li>Q&amp;A</li></ul>"
            "<p>Line one<br>line two</p>")
    value = rich_text(html)
    assert value["html"] == html
    assert value["text"] == ("Students share their experiences. This session is "
                             "online. Programme Welcome Q&A Line one line two")


def test_inline_tags_do_not_add_spaces():
    assert rich_text("<p>hydro<b>gen</b> and <i>H</i>2</p>")["text"] == "hydrogen and H2"


def test_the_plain_text_is_text_not_html():
    value = rich_text("<p>Centre for IT &amp; IP Law &lt;KU Leuven&gt;</p>")
    assert value["text"] == "Centre for IT & IP Law <KU Leuven>"
