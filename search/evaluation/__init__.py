"""The search relevance set and its evaluation (``manage.py search_eval``).

Data: ``catalogue.json`` (a catalogue in the hub's import format, written for
the set and kept out of the demo catalogue) and the judged queries in two
halves, ``queries_held_out.json`` and ``queries_tune.json``. Code:
``dataset`` reads and checks them, ``metrics`` scores rankings, ``stores``
builds the temporary catalogue per backend, ``report`` prints and checks the
figures against ``thresholds``. See docs/search.md, "Relevance evaluation".
"""
