"""Local LLM speed under the server settings that matter on a shared machine.

Starts the packaged Gemma behind llama.cpp's server once per setting (OpenMP wait policy, thread
count), idle and with every core kept busy by other processes, and measures time to first token and
generation speed on a prompt the size of a real draft. Usage:

    .venv/bin/python benchmarks/llm_speed.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from rag.local_server import CONTEXT_TOKENS, free_port, model_path

PROMPT = (
    "<source 1>\nHoms is a key crossroads city linking Damascus to Assad's coastal strongholds.\n</source>\n"
    "<source 2>\nThe rebels have captured the key cities of Aleppo and Hama so far.\n</source>\n" * 3
    + "\nQuestion: Why is Homs significant?\nAnswer with [n] citations:"
)


def _busy(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def start_server(wait_policy: str, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "OMP_WAIT_POLICY": wait_policy, "OMP_NUM_THREADS": str(threads)}
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path()), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", str(CONTEXT_TOKENS), "--n_threads", str(threads),
               "--n_threads_batch", str(threads), "--verbose", "False"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(400):
        try:
            urllib.request.urlopen(f"{url}/models", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise SystemExit("llama.cpp server did not start")


def measure(url: str, runs: int) -> dict:
    import openai

    client = openai.OpenAI(base_url=url, api_key="sk-local", max_retries=0, timeout=120)
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}], max_tokens=1)
    ttft, speed = [], []
    for _ in range(runs):
        started = time.perf_counter()
        first, pieces = None, 0
        stream = client.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}],
                                                max_tokens=48, temperature=0.0, stream=True)
        for event in stream:
            if event.choices and event.choices[0].delta.content:
                first = first or time.perf_counter()
                pieces += 1
        ended = time.perf_counter()
        ttft.append((first - started) * 1000)
        speed.append((pieces - 1) / (ended - first) if pieces > 1 else 0.0)
    return {"ttft_ms": round(statistics.median(ttft)), "tokens_per_s": round(statistics.median(speed), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    results = []
    for load in ("idle", "busy"):
        for policy in ("active", "passive"):
            for threads in sorted({1, cores}):
                stop = multiprocessing.Event()
                busy = cores if load == "busy" else 0
                hogs = [multiprocessing.Process(target=_busy, args=(stop,)) for _ in range(busy)]
                for hog in hogs:
                    hog.start()
                process, url = start_server(policy, threads)
                try:
                    row = {"load": load, "omp_wait_policy": policy, "threads": threads, **measure(url, args.runs)}
                finally:
                    process.terminate()
                    process.wait()
                    stop.set()
                    for hog in hogs:
                        hog.join()
                results.append(row)
                print(f"{load:5} {policy:8} threads={threads}  TTFT {row['ttft_ms']:6} ms  "
                      f"{row['tokens_per_s']:5} tok/s", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
