"""Your own documents: add files to the corpus under safe names, list, remove and re-index them.

Every change goes through the same incremental build as `rag index`, so the index never holds a
document twice, and a file appears in the corpus whole or not at all.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.loaders import SUPPORTED_SUFFIXES, UnreadableFile, load
from rag.errors import RagError
from rag.settings import Settings

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_TYPES = (".txt", ".md", ".html", ".pdf")  # what the chat offers; .markdown and .htm work too
_MAX_STEM = 100
_UNSAFE = re.compile(r"[^\w\- ]+")  # \w is Unicode: letters, digits, underscore
_PARTIAL = ".upload-"  # hidden, so a build never indexes a half-written upload

Progress = Callable[[Iterable[str]], Iterable[str]]


class UploadRejected(RagError):
    """A file cannot be added to the corpus; the message says why."""


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document: its chunk count and when it was indexed (epoch seconds, or None)."""

    source: str
    chunks: int
    indexed_at: float | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AddReport:
    """What became of each file offered to the corpus."""

    saved: list[dict] = field(default_factory=list)  # {"name": as given, "source": as saved}
    rejected: list[dict] = field(default_factory=list)  # {"name": as given, "reason": why not}

    def to_dict(self) -> dict:
        return asdict(self)


def safe_name(name: str) -> str:
    """The file name an upload is saved under: no folders, no hidden names, a supported type."""
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"{suffix} files" if suffix else "files without a type"
        raise UploadRejected(f"{kind} are not supported; add {', '.join(UPLOAD_TYPES)} files")
    stem = " ".join(_UNSAFE.sub("-", stem).split()).strip(" .-_")[:_MAX_STEM].strip(" .-_")
    return f"{stem or 'document'}{suffix}"


def _candidates(name: str) -> Iterable[str]:
    # report.txt, then report-2.txt, report-3.txt, …: a clash never overwrites.
    stem, suffix = os.path.splitext(name)
    yield name
    for n in range(2, 10_000):
        yield f"{stem}-{n}{suffix}"


class Documents:
    """The corpus folder and its index, as the chat's Documents panel sees them."""

    def __init__(self, settings: Settings, store: Callable[[], object],
                 embedder: Callable[[], object] | None = None):
        self.settings = settings
        # Both are called when needed, so listing stays as lazy as the Assistant is.
        self._store = store
        self._embedder = _Deferred(embedder) if embedder is not None else None
        self._lock = threading.Lock()  # one build at a time; the chat keeps answering meanwhile

    @property
    def corpus(self) -> Path:
        return Path(self.settings.corpus_dir)

    def all(self) -> list[DocumentInfo]:
        """Every indexed document, by name."""
        summaries = self._store().document_summaries()
        return [DocumentInfo(source, *summaries[source]) for source in sorted(summaries)]

    def add_files(self, files: Iterable[tuple[str, str | Path]]) -> AddReport:
        """Copy (name, path) uploads into the corpus folder; call reindex() to index them."""
        report = AddReport()
        for name, path in files:
            try:
                saved = self._add_one(str(name), Path(path))
            except OSError as error:  # disk full, no permission: this file fails, the rest go on
                reason = f"cannot be saved: {(error.strerror or str(error)).lower()}"
                report.rejected.append({"name": _display(name), "reason": reason})
            except UploadRejected as reason:
                report.rejected.append({"name": _display(name), "reason": str(reason)})
            else:
                report.saved.append({"name": _display(name), "source": saved})
        return report

    def remove(self, source: str) -> None:
        """Delete a document's file and its chunks."""
        path = self._inside(source)
        with self._lock:  # a build running now would put back what it loaded before
            store = self._store()
            if source not in store.document_summaries() and not os.path.lexists(path):
                raise RagError(f"there is no document named {source}")
            if os.path.lexists(path):
                path.unlink()  # the file first: if we stop here, the next build drops the chunks
            store.delete_source(source)
            store.mark_changed()

    def reindex(self, progress: Progress | None = None) -> dict:
        """Bring the index in line with the corpus folder, as `rag index` does; the build summary.

        ``progress`` wraps the list of documents to (re)index, as tqdm does, and may report on it.
        """
        from rag.indexing import update_index

        self.corpus.mkdir(parents=True, exist_ok=True)
        with self._lock:
            return update_index(self.settings, progress, store=self._store(), embedder=self._embedder)

    def text(self, source: str) -> str:
        """The text of an indexed document as loaded: the text citation offsets point into."""
        path = self._inside(source)
        if source not in self._store().document_summaries():
            raise RagError(f"there is no indexed document named {source}")
        if path.is_symlink() or not path.resolve().is_relative_to(self.corpus.resolve()):
            raise RagError(f"{source} is outside the corpus folder")
        try:
            return load(path, self.corpus).text
        except UnreadableFile as reason:
            raise RagError(f"{source} cannot be read: {reason}") from None

    def _inside(self, source: str) -> Path:
        # Names come from the page, so they are checked like any other input.
        parts = Path(str(source)).parts
        if (not parts or Path(source).is_absolute() or "\\" in source
                or any(p in ("", ".", "..") or p.startswith(".") for p in parts)):
            raise RagError(f"not a document name: {source!r}")
        path = self.corpus / Path(*parts)
        if not path.parent.resolve().is_relative_to(self.corpus.resolve()):
            raise RagError(f"{source} is outside the corpus folder")
        return path

    def _add_one(self, name: str, upload: Path) -> str:
        target_name = safe_name(name)
        size = upload.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise UploadRejected(
                f"{size / 1024 / 1024:.1f} MB is over the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB limit"
            )
        self.corpus.mkdir(parents=True, exist_ok=True)
        partial = self.corpus / f"{_PARTIAL}{uuid.uuid4().hex}{Path(target_name).suffix}"
        try:
            shutil.copyfile(upload, partial)
            _check_readable(partial, self.corpus)
            return self._place(partial, target_name)
        finally:
            partial.unlink(missing_ok=True)

    def _place(self, partial: Path, name: str) -> str:
        data = partial.read_bytes()
        for candidate in _candidates(name):
            target = self.corpus / candidate
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                return candidate  # the same document again: nothing to add
            try:
                _place_new(partial, target, data)
            except FileExistsError:
                continue
            return candidate
        raise UploadRejected(f"too many documents named like {name}")


def _place_new(partial: Path, target: Path, data: bytes) -> None:
    # A hard link appears whole and at once, and fails if the name exists, even as a dangling link.
    try:
        os.link(partial, target)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system: exclusive creation still never replaces anything.
        with open(target, "xb") as out:
            out.write(data)


class _Deferred:
    """An embedder loaded on the first text to embed: a build with nothing to do stays instant."""

    def __init__(self, factory: Callable[[], object]):
        self._factory = factory

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return self._factory().get_text_embedding_batch(texts)


def _check_readable(path: Path, corpus: Path) -> None:
    try:
        load(path, corpus)
    except UnreadableFile as reason:
        raise UploadRejected(f"cannot be read: {reason}") from None


def _display(name) -> str:
    # The name as given, cut short and without control characters, for messages only.
    text = "".join(ch for ch in str(name) if ch.isprintable())
    return text if len(text) <= 120 else text[:117] + "…"
