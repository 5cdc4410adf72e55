"""Cut the packaged GGUF model down to a few MB, to check the local engine on another machine.

The packaged Gemma 3 270M (253 MB) is too large to copy onto every machine the engine must run on. This
keeps what the engine's CPU kernels see: the architecture, all metadata, every tensor type (F32, Q5_0,
Q4_K, Q6_K, Q8_0) with its quantized bytes untouched, so the same matrix kernels and weight-repacking
paths run. It keeps only the first blocks (``gemma3.block_count`` adjusted) and the first tokens of the
vocabulary: the tokenizer arrays and the rows of ``token_embd`` (also the tied output matrix) are sliced
together. The text such a model writes is nonsense; what matters is that loading and decoding run.

Needs the ``gguf`` package, which the project does not depend on; install it apart from the venv::

    pip install --target /tmp/gguf-py gguf
    PYTHONPATH=/tmp/gguf-py .venv/bin/python tools/shrink_gguf.py MODEL.gguf tiny.gguf --blocks 2 --vocab 4096

Then load ``tiny.gguf`` with ``llama_cpp.Llama`` on the machine under test (README, "The local engine on
other CPUs").
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

try:
    import gguf
except ImportError:  # not a project dependency: installed apart, see the docstring
    sys.exit("shrink_gguf: error: needs the gguf package: pip install --target /tmp/gguf-py gguf; "
             "then run with PYTHONPATH=/tmp/gguf-py")

TOKENIZER_ARRAYS = ("tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type")
VOCAB_TENSORS = ("token_embd.weight", "output.weight")


def block_of(name: str) -> int | None:
    """The transformer block a tensor belongs to ("blk.3.ffn_up.weight" -> 3), None outside blocks."""
    parts = name.split(".")
    return int(parts[1]) if parts[0] == "blk" else None


def copy_metadata(reader: gguf.GGUFReader, writer: gguf.GGUFWriter, arch: str, blocks: int, vocab: int) -> None:
    """Every key-value field, with the block count and the tokenizer arrays cut to size."""
    for field in reader.fields.values():
        # The header fields and the architecture are written by GGUFWriter itself.
        if field.name.startswith("GGUF.") or field.name == gguf.Keys.General.ARCHITECTURE:
            continue
        value = field.contents()
        if field.name == f"{arch}.block_count":
            value = blocks
        elif field.name in TOKENIZER_ARRAYS:
            value = value[:vocab]
        sub_type = field.types[-1] if field.types[0] == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, value, field.types[0], sub_type=sub_type)


def kept_tensors(reader: gguf.GGUFReader, blocks: int, vocab: int) -> list[tuple[str, object, object]]:
    """(name, raw bytes, type) of the tensors to keep; vocabulary-sized ones lose their rows past ``vocab``."""
    kept = []
    for tensor in reader.tensors:
        block = block_of(tensor.name)
        if block is not None and block >= blocks:
            continue
        # Quantized data reads as one row of bytes per matrix row, so slicing rows keeps whole blocks.
        data = tensor.data[:vocab] if tensor.name in VOCAB_TENSORS else tensor.data
        kept.append((tensor.name, data, tensor.tensor_type))
    return kept


def shrink(source: Path, target: Path, blocks: int, vocab: int) -> Counter:
    """Write the cut-down model to ``target``; returns how many tensors of each type it holds."""
    reader = gguf.GGUFReader(source)
    arch = reader.fields[gguf.Keys.General.ARCHITECTURE].contents()
    total_blocks = reader.fields[f"{arch}.block_count"].contents()
    total_vocab = len(reader.fields["tokenizer.ggml.tokens"].data)
    if not 0 < blocks <= total_blocks or not 0 < vocab <= total_vocab:
        raise ValueError(f"the model has {total_blocks} blocks and {total_vocab} tokens")
    writer = gguf.GGUFWriter(target, arch)
    copy_metadata(reader, writer, arch, blocks, vocab)
    types = Counter()
    for name, data, qtype in kept_tensors(reader, blocks, vocab):
        writer.add_tensor(name, data, raw_dtype=qtype)
        types[qtype.name] += 1
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return types


def main(argv: list[str] | None = None) -> int:
    """Command line: source and target paths, how many blocks and tokens to keep."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the full GGUF model")
    parser.add_argument("target", type=Path, help="where to write the cut-down model")
    parser.add_argument("--blocks", type=int, default=2, help="transformer blocks to keep (default 2)")
    parser.add_argument("--vocab", type=int, default=4096, help="tokens to keep, from the first (default 4096)")
    args = parser.parse_args(argv)
    try:
        types = shrink(args.source, args.target, args.blocks, args.vocab)
    except (OSError, ValueError) as error:
        print(f"shrink_gguf: error: {error}", file=sys.stderr)
        return 1
    size_mb = args.target.stat().st_size / 1e6
    kinds = ", ".join(f"{name} x{count}" for name, count in sorted(types.items()))
    print(f"{args.target}: {size_mb:.1f} MB, {args.blocks} blocks, {args.vocab} tokens; tensor types kept: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
