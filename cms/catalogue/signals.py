"""Signals of the catalogue import."""

from django.dispatch import Signal

record_imported = Signal()
"""Sent by ``cms.catalogue.importer.Importer`` after each record, once the
record's own transaction has committed (in a dry run, once it was rolled
back), so a receiver runs between records and holds nothing of the import.

Arguments: ``sender`` (the Importer class), ``importer`` (the running
Importer), ``label`` (e.g. ``events[3] id=ev-fair``), ``outcome``
(``created``, ``updated``, ``unchanged`` or ``rejected``). For progress
reporting and logging; the tests pause an import here to prove that an editor
can publish while it runs."""
