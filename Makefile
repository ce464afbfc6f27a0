# Two commands: `make run` and `make test`. Everything else they need, they set up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format check messages bench bench-load bench-scale bench-search bench-dashboard clean-db

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# The links in the demo's mails lead to the address the portal is served at.
run: export PORTAL_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_seminar
	$(BIN)/python manage.py load_demo_questions
	$(BIN)/python manage.py load_demo_evidence
	$(BIN)/python manage.py search_reindex
	@echo ""
	@echo "  Cổng thông tin Cụm thi đua số 1: http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password demo-cum1-2025), all listed in README.md:"
	@echo "    canbo.hanoi@demo.invalid (editor), tochuc.hanoi@demo.invalid (organizer),"
	@echo "    tochuc.cantho@demo.invalid (organizer, cluster head), quantri.cum@demo.invalid (cluster admin),"
	@echo "    quantri.cantho@demo.invalid (head unit admin: reviews the award nominations)"
	@echo ""
	@# The background worker (email, reminders) runs beside the server. However it stops (Ctrl-C,
	@# a signal to its process group), the worker and the embedded PostgreSQL stop too.
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; \
		$(BIN)/python -m emulation_cluster.embedded_db stop' EXIT INT TERM HUP; \
		$(BIN)/python manage.py worker & worker=$$!; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --add-location file
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(STAMP)
	$(BIN)/python bench/list_and_search.py

bench-load: $(STAMP)
	$(BIN)/python bench/load_and_faults.py

# Issue 15's data set (100,000 models, 1,000,000 Q&A posts) on the PostgreSQL of 127.0.0.1:5432,
# generated once (kept), then every page measured. BENCH_ARGS="--reuse --pages question" etc.
bench-scale: $(STAMP)
	@# The gunicorn part loads the pages with wrk (Debian's package).
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || true
	$(BIN)/python -u bench/scale.py $(BENCH_ARGS)

bench-search: $(STAMP)
	$(BIN)/python bench/search_scale.py --drop

bench-dashboard: $(STAMP)
	$(BIN)/python bench/dashboard.py

clean-db:
	rm -rf .pgdata
