"""Every built-in pattern carries a measured precision for the version that ships."""

import json
from importlib import resources

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


def test_precision_file_is_package_data_written_by_the_benchmark():
    data = json.loads(
        resources.files("zhiling.plugins.extractors").joinpath("precision.json").read_text("utf-8")
    )
    assert {"measured", "dev_set_sha256", "rule", "patterns"} <= set(data)
