# Two commands do all set-up on a fresh machine (Python 3.11):
#   make book   build the book into _build/html (creates .venv and installs pins if needed)
#   make test   run every test (same as .ci/run; installs Chromium via apt if missing)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

.PHONY: book test data lint benchmark chromium clean assign grade

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	@touch $@

# `jupyter-book build . -W -n --keep-going`, with notebooks executed in parallel (_ext/build_book.py).
book: $(STAMP)
	$(BIN)/python _ext/build_book.py

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile

data: $(STAMP)
	$(BIN)/python -m balancing.data build

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check balancing tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/escalation.py

# Exercises (otter-grader): student notebooks and autograders of every set in exercises/
# go to build/assign/<set>/ (ignored by git); `make grade SUBMISSION=path.ipynb [EXERCISE=name]`
# grades one returned notebook locally and prints the score per question.
assign: $(STAMP)
	$(BIN)/balancing assign --out build/assign

grade: $(STAMP)
	@test -n "$(SUBMISSION)" || { echo "usage: make grade SUBMISSION=path/to/notebook.ipynb [EXERCISE=name]"; exit 2; }
	$(BIN)/balancing grade "$(SUBMISSION)" --out build/assign $(if $(EXERCISE),--exercise "$(EXERCISE)")

# Browser tests need Debian's Chromium; install it when missing (needs root, as in CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium (Debian package) for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf _build .pytest_cache
