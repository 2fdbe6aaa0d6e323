# make run   — the portal with demo data on http://127.0.0.1:$(PORT)/
# make test  — every test, against a throw-away PostgreSQL
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check messages clean-db worker lock loadtest bench

# Installs exactly what the lock file says (every package pinned, every file hash checked),
# then the project itself without letting pip pick anything more.
$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Regenerate the lock files from pyproject.toml (after adding, removing or bumping a dependency).
# Versions already locked are kept unless pyproject.toml asks otherwise; LOCK_ARGS=--upgrade
# moves every transitive package to its newest release. The runtime lock is constrained by the
# development lock, so production runs the very versions the tests ran.
LOCK_TOOL := uv==0.13.8
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --no-header --annotation-style line $(LOCK_ARGS)
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(LOCK_TOOL)
	$(LOCK) --extra test -o requirements-dev.lock
	$(LOCK) -c requirements-dev.lock -o requirements.lock

# Development defaults: DEBUG on (e-mails printed on the console). Override in the environment.
run: $(STAMP)
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) -m buyersgroup.devdb serve --port $(PORT)

test: $(STAMP)
	DEBUG=true DATABASE_URL=postgres:///unused $(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) -m buyersgroup.devdb exec --temporary -- $(PY) -m pytest $(PYTEST_ARGS)

# Background tasks (text extraction, e-mail) with the database queue.
worker: $(STAMP)
	DEBUG=$${DEBUG:-true} $(PY) -m buyersgroup.devdb exec -- $(PY) manage.py task_worker

# 20 simulated members for 60 s against gunicorn (3 workers), SeaweedFS and a throw-away PostgreSQL.
loadtest: $(STAMP)
	LOAD_SECONDS=$${LOAD_SECONDS:-60} $(PY) -m buyersgroup.devdb exec --temporary -- $(PY) -m pytest tests/operations/test_load.py -q -s

# The benchmark (SPEC §12): its own database in .pgdata-bench/, seeded once and reused.
# make bench SEED=fresh re-seeds; make bench SMOKE=1 is the small version (2,000 tenders, throw-away database).
# Its PostgreSQL keeps 2 GB of pages in its own memory (shared_buffers), as a production server on this
# machine would, instead of the 128 MB default, which made a broad search copy its pages from the kernel's cache.
BENCH_SHARED_BUFFERS ?= 2GB
bench: $(STAMP)
ifdef SMOKE
	$(PY) -m buyersgroup.devdb exec --temporary -- $(PY) -m bench --smoke
else
	$(PY) -m buyersgroup.devdb exec --data .pgdata-bench --setting shared_buffers=$(BENCH_SHARED_BUFFERS) --setting shared_preload_libraries=pg_prewarm -- $(PY) -m bench $(if $(filter fresh,$(SEED)),--seed-fresh)
endif

messages: $(STAMP)
	DEBUG=true DATABASE_URL=postgres:///unused $(PY) manage.py makemessages -l nl -l fr --ignore=.venv --ignore=tests --no-obsolete
	DEBUG=true DATABASE_URL=postgres:///unused $(PY) manage.py compilemessages --ignore=.venv

clean-db:
	rm -rf .pgdata .pgdata-bench
