"""docs/performance.md shows the benchmarks' last saved output and nothing else: it is
rendered from bench/performance.md.in and bench/results/ (bench/report.py), never edited."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", BENCH / "report.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_the_performance_doc_is_what_the_saved_benchmark_output_renders() -> None:
    report = _report()

    rendered = report.render(report.TEMPLATE.read_text(encoding="utf-8"), report.RESULTS)

    assert report.DOC.read_text(encoding="utf-8") == rendered, (
        "docs/performance.md is out of date: run `.venv/bin/python bench/report.py` "
        "(or `make bench` to measure again)"
    )


def test_every_benchmark_script_has_its_output_in_the_doc() -> None:
    report = _report()
    scripts = {p.stem for p in BENCH.glob("*.py")} - {"common", "report", "trivial_urls"}

    assert set(report.SCRIPTS) == scripts
    assert sorted(report.placeholders(report.TEMPLATE.read_text(encoding="utf-8"))) == sorted(
        scripts
    )


def test_every_saved_output_is_in_the_doc() -> None:
    report = _report()
    doc = report.DOC.read_text(encoding="utf-8")

    for saved in sorted(report.RESULTS.glob("*.txt")):
        assert saved.read_text(encoding="utf-8").strip() in doc, saved.name
