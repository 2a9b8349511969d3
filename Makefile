.PHONY: demo test lint

demo:  ## install everything, load demo data on SQLite, serve on 127.0.0.1:8000
	bash scripts/demo.sh

test:  ## install everything, start PostgreSQL, run the whole test suite
	bash scripts/test.sh

lint:
	.venv/bin/ruff check cms search plugins themes tests
