"""Operations: how the hub runs in production, apart from what it publishes.

Health endpoints (/healthz, /readyz), Prometheus metrics (/metrics), request
ids and structured logs, the fail-open shared cache, the security headers of
every response, the worker heartbeat and the scheduler of periodic tasks
(``manage.py run_scheduler``). It names no content model; docs/operations.md
describes what an operator sees of it.
"""
