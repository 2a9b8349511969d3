.PHONY: demo test lint production production-stop production-status

demo:  ## install everything, load demo data on SQLite, serve on 127.0.0.1:8000
	bash scripts/demo.sh

test:  ## install everything, start PostgreSQL, run the whole test suite
	bash scripts/test.sh

lint:
	.venv/bin/ruff check cms search plugins themes tests
	.venv/bin/lint-imports --no-cache

production:  ## as root: the production topology (docs/operations.md), https://127.0.0.1:8443/
	bash scripts/production/hub.sh start

production-stop:  ## stop every process of the production topology
	bash scripts/production/hub.sh stop

production-status:  ## each part's state and /readyz
	bash scripts/production/hub.sh status
