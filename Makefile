# Two commands do all the set-up (README): `make run` and `make test`.
# Both install into .venv/ at the repository root; the install reruns only when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run serve test index eval bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py

serve: $(STAMP)
	$(VENV)/bin/regqa serve

test: $(STAMP)
	bash scripts/system-deps.sh
	$(VENV)/bin/python -m pytest

index: $(STAMP)
	$(VENV)/bin/regqa index

eval: $(STAMP)
	$(VENV)/bin/regqa eval eval/questions.jsonl --report

bench: $(STAMP)
	$(VENV)/bin/python -m eval.bench
