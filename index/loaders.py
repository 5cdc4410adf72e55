"""Find the documents under a corpus folder and load each one's text as the index sees it."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
MAX_BYTES = 50 * 1024 * 1024
# Formats people keep beside their documents; named in the skip reason so the fix is obvious.
_OTHER_FORMATS = {
    ".docx": "a Word document", ".doc": "a Word document", ".odt": "an OpenDocument text",
    ".rtf": "an RTF document", ".pages": "a Pages document", ".epub": "an e-book",
    ".pptx": "a PowerPoint deck", ".ppt": "a PowerPoint deck", ".odp": "a presentation",
    ".xlsx": "an Excel sheet", ".xls": "an Excel sheet", ".ods": "a spreadsheet",
}
_READ = ".txt, .md, .html and .pdf"
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic", ".svg"}


@dataclass(frozen=True)
class Document:
    """A loaded document: citation offsets index into ``text``."""

    source: str  # path relative to the corpus folder, with forward slashes
    text: str
    content_hash: str


class UnreadableFile(Exception):
    """The file cannot be turned into text; the message says why."""


def discover(corpus_dir: Path) -> list[Path]:
    """Every visible file under corpus_dir, recursively, and every symbolic link, sorted.

    Hidden files and folders are left out. Links are listed but never followed, so load() can
    say why they are skipped; so are files of types it cannot read: nothing is silently ignored.
    """
    found = []
    for folder, subfolders, files in os.walk(corpus_dir):  # does not descend into linked folders
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in files + [name for name in subfolders if os.path.islink(os.path.join(folder, name))]:
            if not name.startswith("."):
                found.append(Path(folder, name))
    return sorted(found)


def unsupported_reason(path: Path) -> str | None:
    """Why a file's type is not read, or None when it is one of the supported types."""
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    if suffix in _OTHER_FORMATS:
        return f"{_OTHER_FORMATS[suffix]} ({suffix}) is not read; save it as PDF or text to index it"
    if suffix in _IMAGES:
        return f"an image ({suffix}) has no text layer; only {_READ} files are read"
    named = f"file type {suffix}" if suffix else "no file extension"
    return f"unsupported: {named}; only {_READ} files are read"


def link_reason(path: Path, corpus_dir: Path) -> str | None:
    """Why path is not read as itself because it leaves the corpus or is reached through a link;
    None for a plain file inside the corpus.

    Links are never followed: one that leaves the corpus could expose any file on the machine,
    and one that stays inside points at a file that is read under its own name.
    """
    root = corpus_dir.resolve()
    lexical = Path(os.path.normpath(root / os.path.relpath(path, corpus_dir)))
    if not lexical.is_relative_to(root):
        return "outside the corpus folder"
    real = path.resolve()
    if real == lexical:
        return None
    if not real.is_relative_to(root):
        return "symbolic link to a file outside the corpus; links are never followed"
    return f"symbolic link to {real.relative_to(root).as_posix()} in the corpus; links are never followed"


def hard_wrapped(source: str) -> bool:
    """True for formats whose text breaks lines inside sentences: a PDF text layer is laid out."""
    return Path(source).suffix.lower() in PDF_SUFFIXES


def source_name(path: Path, corpus_dir: Path) -> str:
    """The document's name in citations: its path relative to the corpus folder."""
    return path.relative_to(corpus_dir).as_posix()


def load(path: Path, corpus_dir: Path) -> Document:
    """Load one file; raises UnreadableFile with the reason when it cannot be used."""
    if (reason := link_reason(path, corpus_dir) or unsupported_reason(path)) is not None:
        raise UnreadableFile(reason)
    try:
        data = _read_bytes(path)
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


def _read_bytes(path: Path) -> bytes:
    # O_NOFOLLOW: a file swapped for a link after it was checked is refused, not followed.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_BYTES:
            raise UnreadableFile(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        return handle.read()


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
    """The text a reader of the page sees, one block per line.

    Scripts, styles, comments, attributes and elements hidden from readers (``hidden``,
    ``aria-hidden``, ``display: none``) are left out: text nobody sees must not be quoted.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template", "head", "svg"]):
        hidden.decompose()
    for hidden in soup.find_all(_hidden_from_readers):
        hidden.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n\n".join(line for line in lines if line)


def _hidden_from_readers(tag) -> bool:
    if tag.decomposed or tag.attrs is None:
        return False
    style = "".join(str(tag.get("style", "")).lower().split())
    return (
        tag.has_attr("hidden")
        or str(tag.get("aria-hidden", "")).lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by blank lines."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet_pypdf():
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


@contextlib.contextmanager
def _quiet_pypdf():
    """Silence pypdf's repair notes ("incorrect startxref pointer"): a file it can read is fine,
    and one it cannot is reported once, as the skip reason."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
