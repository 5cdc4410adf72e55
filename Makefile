# Two commands from a fresh clone: `make run` and `make test`. Everything else is set-up they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OFFLINE := tools/offline
BENCH_ARGS ?= --quick  # `make bench BENCH_ARGS=` runs the full ladder up to 100k chunks
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test install index browser lint eval bench clean

run: install index
	@echo "==> starting the chat at http://127.0.0.1:7860"
	$(BIN)/rag chat

test: install browser index
	@echo "==> lint"
	$(BIN)/ruff check .
	@echo "==> tests (unit, integration, browser)"
	$(OFFLINE) $(BIN)/python -m pytest -q -p no:cacheprovider
	@echo "==> eval gate (offline, packaged model)"
	$(OFFLINE) $(BIN)/rag eval --out .rag/eval

install: $(STAMP)

# torch first, pinned: the local CPU build. Anything later that wants torch finds it satisfied.
$(STAMP): pyproject.toml
	@echo "==> creating $(VENV) and installing the project (the first time takes ~10 minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

index: install
	@echo "==> indexing corpus/"
	$(BIN)/rag index

# Debian's Chromium for the browser tests; Playwright's own browser download cannot work offline.
browser:
	@command -v chromium >/dev/null || { echo "==> installing chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .

eval: install index
	$(BIN)/rag eval --out .rag/eval

bench: install index
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf .rag
