# toc-editor: two commands matter.
#   make run    installs everything and serves the app with the seed graphs loaded
#   make test   installs everything and runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export TOC_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install frontend system-deps system-deps-test lint test-python test-frontend test-browser bench clean

run: system-deps install frontend
	$(BIN)/toc-editor init-db
	$(BIN)/toc-editor seed
	$(BIN)/toc-editor serve --host 127.0.0.1 --port $(PORT)

test: system-deps-test install frontend lint test-frontend test-python test-browser

system-deps:
	./scripts/install-system-deps.sh

system-deps-test:
	./scripts/install-system-deps.sh --with-test-tools

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

frontend: frontend/node_modules/.installed
	cd frontend && npm run build

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy toc_editor/domain
	$(BIN)/lint-imports

test-frontend: frontend
	cd frontend && npm run lint && npm test

test-python: install
	mkdir -p test-artifacts
	TOC_TEST_POSTGRES_URL=$$(./scripts/ensure-postgres.sh) \
	  $(BIN)/python -m pytest -n 2 -m "not browser" --doctest-modules toc_editor tests \
  --ignore=toc_editor/storage/migrations \
	  --junitxml=test-artifacts/junit-python.xml

test-browser: install frontend
	mkdir -p test-artifacts
	$(BIN)/python -m pytest -m browser tests/e2e --junitxml=test-artifacts/junit-browser.xml

bench: install frontend
	$(BIN)/python bench/bench_storage.py
	$(BIN)/python bench/bench_memory.py
	$(BIN)/python bench/bench_merge.py
	$(BIN)/python bench/bench_sector.py
	$(BIN)/python bench/bench_explore.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_render_load.py
	$(BIN)/python bench/bench_shared_cache.py
	$(BIN)/python bench/bench_editor.py

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist instance
	find test-artifacts -mindepth 1 -maxdepth 1 ! -name report-pages -exec rm -rf {} + 2>/dev/null || true
