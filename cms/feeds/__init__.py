"""Public calendar (iCalendar) and news (RSS 2.0 / Atom) feeds.

The feeds accept the same filters as the read API's list endpoints, so a
widget's query can be turned into a calendar subscription by changing the path.
The feed classes live with their content (cms/events/feeds.py,
cms/expertise/feeds.py); this package holds what they share and the URLs."""
