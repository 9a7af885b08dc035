"""Batch steps: a component that takes lists gives the release a per-record one gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import working_directory
from zhiling import StepError, hookimpl
from zhiling.manager import make_plugin_manager
from zhiling.plugins.extractors.purpose_method import PurposeMethod
from zhiling.run import RunResult, run_recipe

RECIPE = """\
name: batches
version: 0.1.0
sources:
  - read: jsonl
    paths: [docs.jsonl]
    license: CC0-1.0
steps:
  - segment: regex-words
  - segment: jieba
{steps}targets:
  - publish: local-dir
    path: releases
"""

#: Every batch call any test component received, as the list of its sizes.
CALLS: list[int] = []


class DigitFilter:
    """Drop a record whose last number ends in 3 or 7; batches when ``batch_size`` is set."""

    def __init__(self, *, batch_size: int | None = None, fail_on: str = "", short: bool = False):
        if batch_size is not None:
            self.batch_size = batch_size
        self.fail_on = fail_on
        self.short = short

    def reason_to_drop(self, record: dict[str, Any]) -> str | None:
        if record["id"] == self.fail_on:
            raise ValueError("chosen to fail")
        last = [word for word in record["words"] if word.isdigit()][-1:]
        if last and last[0][-1] in "37":
            return f"ends_in_{last[0][-1]}"
        return None

    def reasons_to_drop(self, records: list[dict[str, Any]]) -> list[str | None]:
        CALLS.append(len(records))
        reasons = [self.reason_to_drop(record) for record in records]
        return reasons[:-1] if self.short else reasons


class BatchPurposeMethod:
    """The built-in purpose-method pattern, fed documents in lists."""

    name = PurposeMethod.name
    version = PurposeMethod.version

    def __init__(self, *, batch_size: int = 4) -> None:
        self.batch_size = batch_size
        self.inner = PurposeMethod()

    def extract_batch(self, documents: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        CALLS.append(len(documents))
        return [list(self.inner.extract(document)) for document in documents]


class BatchPlugin:
    @hookimpl
    def register_filters(self, register):
        register("digits", DigitFilter)

    @hookimpl
    def register_extractors(self, register):
        register("purpose-batch", BatchPurposeMethod)


def write_docs(folder: Path, count: int = 40) -> None:
    lines = []
    for n in range(count):
        if n % 2:
            text = f"要清除第{n * 7}组日志，请运行 journalctl --vacuum-files={n} 命令。"
            lang = "zh"
        else:
            text = f"To remove the logs of group {n * 7}, run journalctl --vacuum-files={n}."
            lang = "en"
        lines.append(json.dumps({"id": f"doc-{n:03d}", "text": text, "lang": lang}))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(folder: Path, steps: str, **options: Any) -> RunResult:
    folder.mkdir(parents=True, exist_ok=True)
    write_docs(folder)
    (folder / "recipe.yaml").write_text(RECIPE.format(steps=steps), encoding="utf-8")
    pm = make_plugin_manager(installed=False)
    pm.register(BatchPlugin(), name="batch-test-plugin")
    with working_directory(folder):
        return run_recipe(folder / "recipe.yaml", pm=pm, workers=1, **options)


def release_files(result: RunResult, suffix: str) -> dict[str, bytes]:
    folder = Path(result.destinations[0].split(" ")[0])
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob(f"*{suffix}"))
    }


def test_a_batch_filter_releases_what_the_per_record_filter_releases(tmp_path):
    steps = "  - filter: digits\n{batch}  - extract: purpose-method\n"
    single = build(tmp_path / "single", steps.format(batch=""), keep_dropped=True)
    assert single.manifest["steps"][3]["dropped"] == {"ends_in_3": 4, "ends_in_7": 4}
    for size in (1, 3, 1000):
        CALLS.clear()
        batch = f"    batch_size: {size}\n"
        batched = build(tmp_path / f"batched-{size}", steps.format(batch=batch), keep_dropped=True)
        expected = [size] * (40 // size) + ([40 % size] if 40 % size else [])
        assert expected == CALLS
        assert batched.manifest["steps"] == single.manifest["steps"]
        assert release_files(batched, ".parquet") == release_files(single, ".parquet")
        assert release_files(batched, ".jsonl") == release_files(single, ".jsonl")


def test_a_batch_extractor_releases_what_the_per_document_one_releases(tmp_path):
    single = build(tmp_path / "single", "  - extract: purpose-method\n  - extract: menu-path\n")
    CALLS.clear()
    batched = build(tmp_path / "batched", "  - extract: purpose-batch\n  - extract: menu-path\n")
    assert CALLS == [4] * 10
    assert release_files(batched, ".parquet") == release_files(single, ".parquet")
    counts = [{k: v for k, v in s.items() if k != "step"} for s in batched.manifest["steps"]]
    assert counts == [{k: v for k, v in s.items() if k != "step"} for s in single.manifest["steps"]]


def test_a_failing_batch_names_the_record_it_failed_on(tmp_path):
    steps = "  - filter: digits\n    batch_size: 8\n    fail_on: doc-013\n"
    with pytest.raises(StepError) as failure:
        build(tmp_path, steps)
    message = str(failure.value)
    assert "step 3 (filter 'digits') (plugin 'batch-test-plugin')" in message
    assert "failed on record 'doc-013': ValueError: chosen to fail" in message
    assert not (tmp_path / "releases").exists()


def test_a_batch_method_returning_too_few_results_is_a_clear_error(tmp_path):
    steps = "  - filter: digits\n    batch_size: 8\n    short: true\n"
    with pytest.raises(StepError, match=r"returned 7 results for a batch of 8 records starting at"):
        build(tmp_path, steps)


def test_a_batch_size_below_one_is_refused(tmp_path):
    with pytest.raises(StepError, match=r"batch_size must be a whole number of at least 1, got 0"):
        build(tmp_path, "  - filter: digits\n    batch_size: 0\n")
