"""The local engine's build against this CPU: what llama.cpp was compiled for, and whether it can run.

The engine is compiled for a fixed x86-64 baseline (AVX2, FMA, F16C; see the Makefile), never for the
build host: a native build carries AVX-512 or AMX code paths that crashed on other machines of the
same kind. ``python -m rag.engine`` checks an install: the build must hold no host-only features, and
this CPU must have the baseline.
"""

from __future__ import annotations

import platform
import re
import sys
from pathlib import Path

# CPU flags (as /proc/cpuinfo spells them) that the compiled engine executes unconditionally.
BASELINE = ("avx", "avx2", "fma", "f16c")
# Build features that tie an engine to the machine that compiled it.
HOST_ONLY = ("AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16", "AMX_INT8", "AMX_BF16", "AVX_VNNI")


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str] | None:
    """This CPU's feature flags, or None where they cannot be read (not Linux, not x86)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^flags\s*:\s*(.*)$", text, re.MULTILINE)
    return set(match.group(1).split()) if match else None


def missing_baseline(flags: set[str] | None) -> list[str]:
    """The baseline instructions this CPU lacks; none when its flags are unknown."""
    if flags is None or platform.machine().lower() not in {"x86_64", "amd64"}:
        return []
    return [flag.upper() for flag in BASELINE if flag not in flags]


def build_features(system_info: str) -> set[str]:
    """Features switched on in llama.cpp's system-info line ("AVX2 = 1 | F16C = 1 | …")."""
    return {name for name, value in re.findall(r"([A-Z][A-Z0-9_]*) = (\d+)", system_info) if value != "0"}


def host_only_features(features: set[str]) -> list[str]:
    """Features of a build that only the build host may have."""
    return sorted(features & set(HOST_ONLY))


def installed_system_info() -> str:
    """llama.cpp's system-info line for the installed engine."""
    import llama_cpp

    llama_cpp.llama_backend_init()
    return llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")


def main() -> int:
    """Check the installed engine: portable build, and a CPU that can run it."""
    features = build_features(installed_system_info())
    host_only = host_only_features(features)
    if host_only:
        print(f"rag.engine: error: llama-cpp-python was built for this machine's CPU ({', '.join(host_only)}); "
              "reinstall it with 'make install' after removing .venv", file=sys.stderr)
        return 1
    missing = missing_baseline(cpu_flags())
    if missing:
        print(f"rag.engine: warning: this CPU lacks {', '.join(missing)}: the local LLM cannot run here; "
              "answers will quote passages unless RAG_LLM_BASE_URL names another endpoint", file=sys.stderr)
    print(f"local engine: {', '.join(sorted(features))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
