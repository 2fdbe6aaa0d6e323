# make run   — the portal with demo data on http://127.0.0.1:$(PORT)/
# make test  — every test, against a throw-away PostgreSQL
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check messages clean-db worker bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Development defaults: DEBUG on (e-mails printed on the console). Override in the environment.
run: $(STAMP)
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) -m buyersgroup.devdb serve --port $(PORT)

test: $(STAMP)
	DEBUG=true DATABASE_URL=postgres:///unused $(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) -m buyersgroup.devdb exec --temporary -- $(PY) -m pytest $(PYTEST_ARGS)

# Background tasks (text extraction, e-mail) with the database queue.
worker: $(STAMP)
	DEBUG=$${DEBUG:-true} $(PY) -m buyersgroup.devdb exec -- $(PY) manage.py db_worker

# The benchmark (SPEC §12): its own database in .pgdata-bench/, seeded once and reused.
# make bench SEED=fresh re-seeds; make bench SMOKE=1 is the small version (2,000 tenders, throw-away database).
bench: $(STAMP)
ifdef SMOKE
	$(PY) -m buyersgroup.devdb exec --temporary -- $(PY) -m bench --smoke
else
	$(PY) -m buyersgroup.devdb exec --data .pgdata-bench -- $(PY) -m bench $(if $(filter fresh,$(SEED)),--seed-fresh)
endif

messages: $(STAMP)
	DEBUG=true DATABASE_URL=postgres:///unused $(PY) manage.py makemessages -l nl -l fr --ignore=.venv --ignore=tests --no-obsolete
	DEBUG=true DATABASE_URL=postgres:///unused $(PY) manage.py compilemessages --ignore=.venv

clean-db:
	rm -rf .pgdata .pgdata-bench
