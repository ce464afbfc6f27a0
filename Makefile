# Two commands: `make run` and `make test`. Everything else they need, they set up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format check messages bench bench-load bench-search clean-db

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_seminar
	$(BIN)/python manage.py load_demo_questions
	$(BIN)/python manage.py search_reindex
	@echo ""
	@echo "  Cổng thông tin Cụm thi đua số 1: http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password demo-cum1-2025), all listed in README.md:"
	@echo "    canbo.hanoi@demo.invalid (editor), tochuc.hanoi@demo.invalid (organizer),"
	@echo "    tochuc.cantho@demo.invalid (organizer, cluster head), quantri.cum@demo.invalid (cluster admin)"
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

bench-search: $(STAMP)
	$(BIN)/python bench/search_scale.py --drop

clean-db:
	rm -rf .pgdata
