import csv
import io
from collections.abc import Iterable, Iterator

from plugins.extension import Exporter

COLUMNS = ("id", "title", "start", "end", "time_zone", "all_day", "status",
           "event_type", "organiser", "venue", "url")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if isinstance(value, dict):  # organiser, venue: their name
        value = value.get("title") or value.get("name") or ""
    text = "" if value is None else str(value)
    # CSV injection: a spreadsheet must not evaluate a title as a formula.
    return f"'{text}" if text.startswith(FORMULA_START) else text


def rows(items: Iterable[dict], language: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([_cell(item.get(column)) for column in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def register(sender, **kwargs) -> list[Exporter]:
    return [Exporter(name="csv", title="CSV", content_type="text/csv; charset=utf-8",
                     extension="csv", export=rows)]


def api_fields(sender, pages=(), language="", **kwargs) -> dict:
    """Events in the read API carry a link to the CSV of their organiser's
    events (an example of the api_item_fields extension point: sent once per
    page of results, answered with the fields of each page by its pk)."""
    if sender != "events":
        return {}
    fields = {}
    for page in pages:
        organiser = getattr(page, "organiser", None)
        if organiser is not None:
            fields[page.pk] = {
                "organiser_events_csv": f"/export/csv/events?organiser="
                                        f"{organiser.slug}&lang={language}"}
    return fields
