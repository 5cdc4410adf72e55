"""Fixtures for the index tests: corpora on disk, tiny PDFs, stores, a Chroma server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "syria-rebels-advance-on-homs.txt"
CHROMA = ROOT / ".venv" / "bin" / "chroma"
SERVER_START_S = 60


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF whose pages carry the given lines as a Helvetica text layer."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def make_pdf():
    return pdf_bytes


@pytest.fixture
def write_corpus(tmp_path):
    """Write {relative path: str or bytes} under a fresh folder and return that folder."""

    def write(files: dict[str, str | bytes], name: str = "corpus") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        for relative, content in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return folder

    return write


ARTICLES = {
    "homs.txt": SEED.read_text(encoding="utf-8"),
    "markets.md": (
        "# Markets after the offensive\n\n"
        "Prices in Damascus rose by a third in a week. Mr. Haddad, a trader, said bread was "
        "scarce.\n\n"
        "## Fuel\n\n"
        "Fuel queues stretched for hours. The U.S. Treasury kept its sanctions in place.\n"
    ),
    "world/aleppo.txt": (
        "Life in Aleppo is slowly returning to normal.\n\n"
        "The night-time curfew was lifted and bakeries reopened. Internet services improved.\n"
    ),
    "world/coast.txt": (
        "Thousands fled towards the coastal regions overnight.\n\n"
        "The coast is a stronghold of the government, monitors said.\n"
    ),
}


@pytest.fixture
def articles(write_corpus) -> Path:
    """A small multi-document corpus in subfolders, Markdown included."""
    return write_corpus(ARTICLES)


@pytest.fixture
def open_store(tmp_path):
    """Open (or reopen) an embedded Chroma store in a named folder under tmp_path."""
    from index.store import ChunkStore

    def open_(name: str = "index"):
        return ChunkStore.open(tmp_path / name)

    return open_


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A real `chroma run` server on a free loopback port, stopped afterwards; yields its URL."""
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} is missing: install the project with 'make install'")
    port = _free_port()
    data = tmp_path / "chroma-server"
    log = (tmp_path / "chroma-server.log").open("wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_S
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.close()
                output = (tmp_path / "chroma-server.log").read_text(errors="replace")
                pytest.fail(f"chroma server did not start on port {port}:\n{output[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A corpus folder holding only a copy of the project's seed article."""
    folder = tmp_path / "seed-corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def store_snapshot(store) -> dict[str, tuple]:
    """Everything a store holds per chunk id: text, metadata and the vector (rounded).

    The indexed-at time is left out: it says when, not what, and two builds never share it.
    """
    got = store.collection.get(include=["documents", "metadatas", "embeddings"])
    return {
        chunk_id: (text, tuple(sorted((k, v) for k, v in metadata.items() if k != "indexed_at")),
                   tuple(round(float(v), 5) for v in vector))
        for chunk_id, text, metadata, vector in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"]
        )
    }


@pytest.fixture
def snapshot():
    return store_snapshot


@pytest.fixture
def fresh_snapshot(tmp_path, fake_embedder):
    """What a from-scratch build of a corpus folder stores, built in a folder of its own."""
    from index.build import build_index
    from index.store import ChunkStore

    def build(corpus: Path) -> dict[str, tuple]:
        folder = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
        store = ChunkStore.open(folder)
        report = build_index(corpus, store, fake_embedder)
        assert report.updated == report.removed == report.unchanged == 0
        return store_snapshot(store)

    return build
