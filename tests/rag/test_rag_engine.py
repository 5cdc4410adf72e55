"""The local engine is built for a fixed x86-64 baseline, and a CPU without it is told apart."""

from __future__ import annotations

import pytest

from rag import engine

NATIVE = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | AVX512 = 1 | AMX_INT8 = 1 | REPACK = 1 |"
PORTABLE = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | OPENMP = 1 |"


def test_a_native_build_is_recognised_by_its_host_only_features():
    assert engine.host_only_features(engine.build_features(NATIVE)) == ["AMX_INT8", "AVX512"]
    assert engine.host_only_features(engine.build_features(PORTABLE)) == []


def test_the_installed_engine_is_the_portable_build():
    features = engine.build_features(engine.installed_system_info())

    assert {"AVX2", "FMA", "F16C"} <= features
    assert engine.host_only_features(features) == []


@pytest.mark.parametrize(("flags", "missing"), [
    ("fpu sse4_2 avx avx2 fma f16c avx512f amx_tile", []),
    ("fpu sse4_2 avx", ["AVX2", "FMA", "F16C"]),
])
def test_a_cpu_without_the_baseline_is_named(tmp_path, monkeypatch, flags, missing):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n")
    monkeypatch.setattr(engine.platform, "machine", lambda: "x86_64")

    assert engine.missing_baseline(engine.cpu_flags(cpuinfo)) == missing


def test_unknown_cpu_flags_block_nothing(tmp_path):
    assert engine.cpu_flags(tmp_path / "missing") is None
    assert engine.missing_baseline(None) == []
