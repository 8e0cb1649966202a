# redactkit: two commands to start.
#   make demo   create .venv, install everything from PyPI, redact the sample bundle
#   make test   run the test suite (sockets blocked: it proves the tool works offline)
#   make bench  accuracy, speed and memory figures (see bench/README.md)

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_OUT ?= demo-output

.PHONY: install demo test test-fast bench clean distclean samples

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "redactkit needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.2"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m redactkit.doctor
	touch $(STAMP)

demo: install
	rm -rf $(DEMO_OUT)
	$(BIN)/redactkit run samples/bundle --people samples/people.yaml --out $(DEMO_OUT)

test: install
	$(BIN)/python -m pytest -q -n auto --dist loadfile  # test files spread over the CPUs (pytest-xdist)

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow" -n auto --dist loadfile

bench: install
	$(BIN)/python -m bench

SAMPLES_SEED ?= 7

samples: install  # the sample bundle, its case list and its answer key, from the generator (same seed, same bytes)
	rm -rf samples/bundle
	$(BIN)/redactkit samples samples --seed $(SAMPLES_SEED)

clean:
	rm -rf $(DEMO_OUT) .pytest_cache build *.egg-info bench/out

distclean: clean
	rm -rf $(VENV)
