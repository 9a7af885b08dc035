"""Every built-in pattern carries a measured precision for the version that ships."""

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from zhiling.manager import make_plugin_manager
from zhiling.registry import Registry

EXTRACTORS = Registry(make_plugin_manager(installed=False)).components("extractor")


@pytest.mark.parametrize("component", EXTRACTORS, ids=lambda c: c.name)
def test_built_in_pattern_is_measured_for_its_version_and_languages(component):
    extractor = component.factory()
    assert extractor.name == component.name
    module_doc = __import__(component.factory.__module__, fromlist=["_"]).__doc__
    assert "Real examples" in module_doc
    assert set(extractor.precision) == set(extractor.languages), (
        f"{extractor.name} {extractor.version} has no measurement; "
        "run: python benchmarks/extraction.py --write"
    )
    assert all(0 <= value <= 1 for value in extractor.precision.values())


def test_precision_file_was_measured_on_the_labelled_sets_as_they_are():
    data = json.loads(
        resources.files("zhiling.plugins.extractors").joinpath("precision.json").read_text("utf-8")
    )
    data_dir = Path(__file__).parents[2] / "data" / "extraction"
    for name, file in (("dev", "dev.jsonl"), ("held-out", "heldout.jsonl")):
        digest = hashlib.sha256((data_dir / file).read_bytes()).hexdigest()
        assert data["sets"][name] == digest, f"{file} changed; run benchmarks/extraction.py --write"
