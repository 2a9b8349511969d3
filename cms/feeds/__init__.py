"""Public calendar (iCalendar) and news (RSS 2.0 / Atom) feeds.

The feeds accept the same filters as the read API's list endpoints, so a
widget's query can be turned into a calendar subscription by changing the path.
The feeds of each type (events.py, expertise.py), what they share
(common.py), their URLs, and the {% feed_url %} tag (templatetags/)."""
