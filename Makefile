# Two commands do all set-up on a fresh machine (Python 3.11):
#   make book   build the book into _build/html (creates .venv and installs pins if needed)
#   make test   run every test (same as .ci/run; installs Chromium via apt if missing)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
# JupyterLab's settings for the course (render every cell, so that "Run All" shows every
# {eval} number): the file Binder's postBuild installs, in the environment's settings.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: book test data lint benchmark chromium clean assign grade setup-cells wheel

$(STAMP): requirements.txt .binder/requirements.txt pyproject.toml | $(LAB_OVERRIDES)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	@touch $@

$(LAB_OVERRIDES): .binder/jupyterlab-overrides.json
	install -D -m 644 $< $@

# Compiled bytecode of the course package, which every kernel of the book build and the tests
# imports: where PYTHONDONTWRITEBYTECODE is set (some CI images and sandboxes), Python would
# otherwise compile it again in every process (about 0.5 s each). Python checks each file's
# cache against its source, so an edited module is never run from a stale cache.
BYTECODE := $(VENV)/.balancing-bytecode

$(BYTECODE): $(wildcard balancing/*.py balancing/*/*.py) | $(STAMP)
	$(BIN)/python -m compileall -q balancing
	@touch $@

# `jupyter-book build . -W -n --keep-going`, with notebooks executed in parallel (_ext/build_book.py).
book: $(STAMP) $(BYTECODE)
	$(BIN)/python _ext/build_book.py

test: $(STAMP) $(BYTECODE) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=25

data: $(STAMP)
	$(BIN)/python -m balancing.data build

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check balancing tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/grading.py
	$(BIN)/python benchmarks/escalation.py
	$(BIN)/python benchmarks/environment.py
	$(BIN)/python benchmarks/suite.py

# After setting `repository.url` in _config.yml (or a new version in pyproject.toml): write
# each notebook's set-up cell, which on Colab installs the wheel published with the book.
setup-cells: $(STAMP)
	$(BIN)/python -m balancing.launch

# The course package's wheel, where the publish workflow uploads the site from
# (_build/html/packages/; the set-up cells point there, see balancing/launch.py).
WHEEL_DIR ?= _build/html/packages
wheel: $(STAMP)
	$(BIN)/uv build --quiet --out-dir $(WHEEL_DIR)  # wheel built from the sdist: no stale build/lib
	rm -f $(WHEEL_DIR)/*.tar.gz

# Exercises (otter-grader). `make assign`: student notebooks, autograders (with manifests) and
# the student-materials tree of every set in exercises/ go to build/assign/ (ignored by git), and
# the student notebooks the book serves to exercises/student/ (committed).
# `make grade SUBMISSION=path [GRADES=grades.csv] [EXERCISE=name]`: grade one notebook, or every
# notebook in a folder into the grade sheet GRADES (required for a folder), on all cores.
assign: $(STAMP)
	$(BIN)/balancing assign --out build/assign --book-notebooks exercises/student

grade: $(STAMP)
	@test -n "$(SUBMISSION)" || { echo "usage: make grade SUBMISSION=notebook-or-folder [GRADES=grades.csv] [EXERCISE=name]"; exit 2; }
	$(BIN)/balancing grade "$(SUBMISSION)" --autograders build/assign $(if $(GRADES),--out "$(GRADES)") $(if $(EXERCISE),--exercise "$(EXERCISE)")

# Browser tests need Debian's Chromium; install it when missing (needs root, as in CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium (Debian package) for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf _build .pytest_cache
