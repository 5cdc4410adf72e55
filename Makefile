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

.PHONY: run test install index browser wordnet lint eval bench clean

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
	@echo "==> eval gate on the 55-document news dataset (offline, extractive)"
	$(OFFLINE) $(BIN)/rag eval --dataset news --no-llm --out .rag/eval-news

install: $(STAMP) wordnet

# The local engine is compiled for a fixed x86-64 baseline (AVX2, FMA, F16C), never for the build
# host's CPU: a native build picks up AVX-512/AMX code paths that crashed on other machines of the same
# kind. --no-cache-dir because pip's wheel cache ignores CMAKE_ARGS and would hand back a native build.
LLAMA_CPP := llama-cpp-python[server]==0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_AVX_VNNI=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

# torch first, pinned: the local CPU build. Anything later that wants torch finds it satisfied.
$(STAMP): pyproject.toml requirements/parser.txt
	@echo "==> creating $(VENV) and installing the project (the first time takes ~10 minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/parser.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install -q --no-cache-dir '$(LLAMA_CPP)'
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m index.onnx_model
	$(BIN)/python -m rag.engine
	@touch $(STAMP)

index: install
	@echo "==> indexing corpus/"
	$(BIN)/rag index

# Debian's Chromium for the browser tests; Playwright's own browser download cannot work offline.
browser:
	@command -v chromium >/dev/null || { echo "==> installing chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# WordNet 3.0 from Debian, read by the verifier for synonyms and antonyms (rag/lexicon.py).
wordnet:
	@test -f /usr/share/wordnet/index.noun || { echo "==> installing wordnet-base"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null; }

lint: install
	$(BIN)/ruff check .

eval: install index
	$(BIN)/rag eval --out .rag/eval

bench: install index
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf .rag
