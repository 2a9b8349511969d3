"""Built-in plugin: harvests iCalendar (RFC 5545) feeds into the events
catalogue (``manage.py import_events``, scheduled feeds; docs/ical-import.md)."""
