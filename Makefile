# Everything runs inside .venv, built from pyproject.toml and pinned by requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The oldest Python every pin of requirements.lock installs on (soupsieve needs 3.11.5); the same
# as pyproject.toml's requires-python.
MIN_PYTHON := 3.11.5
comma := ,
# Marks a .venv built from the current pyproject.toml and requirements.lock.
STAMP := $(VENV)/.installed
# Tests run in two processes: the notebook tests start one kernel each.
TEST_JOBS ?= 2
# Extra options for `genai-report render`, e.g. RENDER_ARGS="--only headline --force".
RENDER_ARGS ?=
# Extra options for `jupyter lab`, e.g. LAB_ARGS="--port=8899 --no-browser".
LAB_ARGS ?=

export PATH := $(abspath $(BIN)):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help setup hooks fonts render readme bench check test lab lint lock clean

help: ## List the targets with one line each
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: $(STAMP) hooks fonts ## Create .venv from the pins (again only when pyproject.toml or requirements.lock change)

# pip installs only uv (pinned in the same lock); uv installs everything else about ten times
# faster. uv ignores pip's configuration: it reads PyPI, trusting the system's certificates.
# Bytecode is compiled now, the project's own modules too (uv leaves an editable install
# alone): where PYTHONDONTWRITEBYTECODE is set, as in many containers, every kernel of a render
# would otherwise compile them again.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < ($(subst .,$(comma) ,$(MIN_PYTHON))))' || { \
	  echo "setup: Python $(MIN_PYTHON) or later is needed (a pinned package requires it), but $(PYTHON) is $$($(PYTHON) --version 2>&1);" \
	  "install a newer Python and run: make setup PYTHON=/path/to/python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock uv
	$(BIN)/uv pip install --quiet --system-certs --compile-bytecode --python $(BIN)/python \
	  -c requirements.lock -e ".[dev]"
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

# nbstripout's git filter: git stores notebooks without outputs, counts or Lab's kernel details,
# keeping cell ids; relative to the clone's root (where git runs filters), so every clone and
# worktree uses its own .venv.
NB_EXTRA_KEYS := $(addprefix metadata.language_info.,codemirror_mode file_extension mimetype \
	nbconvert_exporter pygments_lexer version)
# Charts fall back to Noto Sans CJK for Chinese text in the data; Debian packages it. Not fatal:
# without it (no root, no apt) the charts still render, with boxes for Chinese characters.
fonts: ## Install the CJK font the charts fall back to (Debian's fonts-noto-cjk) when missing
	@fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null \
	      || echo "fonts: could not install fonts-noto-cjk; Chinese text in charts shows as boxes"; \
	  else echo "fonts: install fonts-noto-cjk (sudo apt-get install fonts-noto-cjk) for Chinese text in charts"; fi; }

# Installing costs a second (nbstripout starts Python), so a clone already set up skips it: every
# way in (render, check, lab) runs this, and a warm render should take well under a second.
hooks: $(STAMP) ## Make git strip notebook outputs on commit, whatever JupyterLab saves (setup runs it)
	@test "$$(git config --get filter.nbstripout.clean)" = "$(BIN)/python -m nbstripout --keep-id" \
	  && test "$$(git config --get filter.nbstripout.extrakeys)" = "$(NB_EXTRA_KEYS)" \
	  && test "$$(git config --get filter.nbstripout.required)" = true \
	  && git config --get diff.ipynb.textconv >/dev/null \
	  || { set -x; $(BIN)/nbstripout --install --attributes .gitattributes --python $(BIN)/python \
	  && git config filter.nbstripout.clean "$(BIN)/python -m nbstripout --keep-id" \
	  && git config filter.nbstripout.extrakeys "$(NB_EXTRA_KEYS)"; }

render: setup ## Execute every notebook for every parameter set and export the reports to outputs/
	$(BIN)/genai-report render $(RENDER_ARGS)

readme: $(STAMP) ## Refresh the README's headline numbers and chart from data/ (renders first)
	$(BIN)/genai-report render
	$(BIN)/python tools/refresh_readme.py

bench: $(STAMP) ## Time a fresh clone's setup, checks and render, and renders against the floor
	$(BIN)/python benchmarks/bench.py

# Two processes, as `make test`: with 400-odd quick tests they finish in about 16 s where one
# takes 25 s (measured side by side on 2 cores, 2026-12-02). No fonts: no chart here needs Chinese
# glyphs, and installing them would cost a fresh clone's first check a minute.
check: $(STAMP) hooks ## Run the quick tests (unit, validation, plan): no kernel, no browser
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist worksteal -m "not slow and not browser"

# worksteal: a process that runs out of tests takes half of the other's queue, so the two finish
# together (the heaviest tests are put first in tests/conftest.py).
test: setup ## Run the whole test suite
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist worksteal

lab: setup ## Open JupyterLab at the project root, on notebooks/, with .venv as the kernel
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

lint: $(STAMP) ## Check formatting, lint and types (ruff, mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lock: $(STAMP) ## Re-pin requirements.lock from what .venv has installed
	{ echo "# Pinned versions of every package the project installs (pip constraints)."; \
	  echo "# Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^genai-china'; } > requirements.lock

clean: $(STAMP) ## Remove the files renders wrote to outputs/ (its manifest lists them); waits for a running render
	$(BIN)/genai-report clean
