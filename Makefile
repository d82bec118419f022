# Two commands do all set-up on a fresh machine: `make tables` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: tables test venv browser bench family-model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

tables: $(STAMP)
	$(BIN)/claims build -o tables

# The browser test needs Debian's chromium and chromium-driver; install them when missing
# (set-up runs as root on a fresh machine). A failure here leaves the browser test to skip.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 || \
	    echo "warning: could not install chromium/chromium-driver; browser tests will skip" >&2; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n 2 tests

# Refit the families model after changing claims/families.toml or the gold sets it reads
# (listed in tests/data/family_model.gold); then `make tables`.
family-model: $(STAMP)
	$(BIN)/python -m claims.family_model $(shell grep -v '^#' tests/data/family_model.gold) -o claims/family_model.json

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info
