"""The search benchmark's parts (bench/search_bench.py is its entry point):
vocabulary (the words), catalogue (the streamed documents), spool (built
documents on disk between building and loading), environment (settings,
machine, shared services), indexing (the loads and their CPU split), queries,
resources (size, memory, free disk), report, growth (the growth table of
docs/benchmarks.md), run (one run)."""
