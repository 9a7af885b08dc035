import json
import re
from pathlib import Path

import pytest

from tests.conftest import quickstart_in
from zhiling.audit import audit_dataset
from zhiling.manager import make_plugin_manager
from zhiling.report import Distributions, Lengths
from zhiling.run import run_recipe


def release_of(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(folder)
    (destination,) = run_recipe(
        quickstart_in(folder), pm=make_plugin_manager(installed=False), workers=1
    ).destinations
    return folder / destination


def files_of(release: Path) -> dict[str, bytes]:
    return {
        p.relative_to(release).as_posix(): p.read_bytes() for p in release.rglob("*") if p.is_file()
    }


def test_quickstart_card_shows_the_audits_and_links_charts_that_exist(tmp_path, monkeypatch):
    first = tmp_path / "first"
    first.mkdir()
    release = release_of(first, monkeypatch)
    card = (release / "README.md").read_text("utf-8")
    assert "## Audits and distributions" in card
    for audit in ("pii", "bias", "toxicity"):
        assert f"### Audit `{audit}`" in card
    assert "| pii.remaining | 0 | – | 0 | pass |" in card
    assert "```json" not in card
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", card)
    assert {"charts/records.svg", "charts/lengths.svg", "charts/waterfall.svg"} <= set(links)
    for link in links:
        assert (release / link).read_bytes().startswith(b"<?xml")
    report = json.loads((release / "report.json").read_text("utf-8"))
    assert report["distributions"]["records"] == sum(
        rows
        for path, rows in json.loads((release / "manifest.json").read_text())["files"].items()
        if path.startswith("all/")
    )
    assert [row["step"].split(" ", 1)[1] for row in report["waterfall"]][-3:] == [
        "(dedupe 'exact')",
        "(release_policy)",
        "(audit 'pii')",
    ]
    # ``zhiling audit`` on the release counts the ``all`` config once.
    audited = audit_dataset(release, make_plugin_manager(installed=False))
    assert audited["distributions"] == report["distributions"] | {
        "by_split": audited["distributions"]["by_split"]
    }
    assert audited["distributions"]["by_split"] == report["distributions"]["by_split"]
    # The same recipe gives the same bytes, charts and report included.
    second = tmp_path / "second"
    second.mkdir()
    assert files_of(release_of(second, monkeypatch)) == files_of(release)


def test_lengths_histogram_bins_and_summary():
    lengths = Lengths()
    for text in ["a" * 3, "b" * 20, "c" * 5000, None]:
        lengths.add(text)
    summary = lengths.summary()
    histogram = {b["bin"]: b["records"] for b in summary["histogram"]}
    assert list(histogram)[:3] == ["0-15", "16-31", "32-63"]
    assert (histogram["0-15"], histogram["16-31"], histogram["4096+"]) == (2, 1, 1)
    assert (summary["median"], summary["max"]) == (20, 5000)


def test_distributions_fold_the_long_tail_into_other():
    distributions = Distributions()
    for index in range(25):
        distributions.add({"lang": "zh", "meta": {"source": f"file{index:02d}.txt"}}, "train")
    figures = distributions.report()
    assert len(figures["by_source"]) == 21
    assert figures["by_source"]["(other)"] == 5
    assert figures["by_split"] == {"train": 25}
