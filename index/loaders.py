"""Find the documents under a corpus folder and load each one's text as the index sees it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """A loaded document: citation offsets index into ``text``."""

    source: str  # path relative to the corpus folder, with forward slashes
    text: str
    content_hash: str


class UnreadableFile(Exception):
    """The file cannot be turned into text; the message says why."""


def discover(corpus_dir: Path) -> list[Path]:
    """Every supported file under corpus_dir, recursively, skipping hidden files and folders."""
    found = []
    for path in sorted(corpus_dir.rglob("*")):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
    return found


def hard_wrapped(source: str) -> bool:
    """True for formats whose text breaks lines inside sentences: a PDF text layer is laid out."""
    return Path(source).suffix.lower() in PDF_SUFFIXES


def source_name(path: Path, corpus_dir: Path) -> str:
    """The document's name in citations: its path relative to the corpus folder."""
    return path.relative_to(corpus_dir).as_posix()


def load(path: Path, corpus_dir: Path) -> Document:
    """Load one file; raises UnreadableFile with the reason when it cannot be used."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableFile(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        text = pdf_text(data)
    elif suffix in HTML_SUFFIXES:
        text = html_text(decode(data))
    else:
        text = decode(data)
    if not text.strip():
        raise UnreadableFile("no text (empty file)")
    return Document(source_name(path, corpus_dir), text, hashlib.sha256(data).hexdigest())


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 first, then the detected encoding; newlines as open() reads them."""
    if not data.strip():
        raise UnreadableFile("no text (empty file)")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detected(data)
    # Universal newlines, exactly as open(path, encoding=...).read() gives them.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("undecodable: not UTF-8 and no other encoding fits")
    return str(best)


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template", "head", "svg"]):
        hidden.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n\n".join(line for line in lines if line)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by blank lines."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile("encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    # PyPdfError, not just PdfReadError: a corrupt xref raises LimitReachedError, among others.
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(f"broken PDF ({error})") from error
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise UnreadableFile("PDF has no text layer (scanned images?)")
    return text
