"""A licence the Hub knows only as 'other' is named and linked in the card's metadata."""

from __future__ import annotations

import pytest
from huggingface_hub import DatasetCard

from tests.conftest import QUICKSTART, REPO, build
from zhiling import RecipeError
from zhiling.card_check import release_problems
from zhiling.manager import make_plugin_manager
from zhiling.recipe import load_recipe
from zhiling.registry import Registry


def _recipe(tmp_path, extra: str = "", license_id: str = "PSF-2.0"):
    """Write the quickstart recipe with its English texts under ``license_id``."""
    text = QUICKSTART.read_text(encoding="utf-8").replace("../tests/", f"{REPO}/tests/")
    text = text.replace("../releases", "releases")  # beside the copy, in tmp_path
    english = "en/*.txt]\n    lang: en\n    license: CC0-1.0"
    assert english in text
    text = text.replace(english, english.replace("CC0-1.0", license_id))
    text = text.replace("allow: [CC0-1.0]", f"allow: [CC0-1.0, {license_id}]")
    path = tmp_path / "other.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def _card(tmp_path, recipe):
    result = build(recipe, tmp_path, workers=1)
    folder = tmp_path / "releases" / "quickstart" / result.manifest["version"]
    return folder, DatasetCard.load(folder / "README.md").data


def test_an_spdx_id_the_hub_lacks_gets_its_name_and_spdx_link(tmp_path):
    folder, data = _card(tmp_path, _recipe(tmp_path))
    assert data.license == ["cc0-1.0", "other"]
    assert data.license_name == "psf-2.0"
    assert data.license_link == "https://spdx.org/licenses/PSF-2.0.html"
    assert release_problems(folder) == []


def test_the_recipe_can_name_and_link_the_licence_itself(tmp_path):
    extra = "license_name: example-terms-1.0\nlicense_link: https://example.org/terms\n"
    folder, data = _card(tmp_path, _recipe(tmp_path, extra, "LicenseRef-example"))
    assert (data.license_name, data.license_link) == (
        "example-terms-1.0",
        "https://example.org/terms",
    )
    assert release_problems(folder) == []


def test_a_licenceref_without_a_recipe_link_points_at_the_cards_licence_table(tmp_path):
    folder, data = _card(tmp_path, _recipe(tmp_path, license_id="LicenseRef-example"))
    assert (data.license_name, data.license_link) == ("licenseref-example", "README.md")
    assert "| LicenseRef-example |" in (folder / "README.md").read_text(encoding="utf-8")


def test_a_card_without_other_has_no_licence_name(quickstart_release):
    data = DatasetCard.load(quickstart_release / "README.md").data
    assert data.license == "cc0-1.0"
    assert data.get("license_name") is None
    assert data.get("license_link") is None


def test_license_name_must_be_text(tmp_path):
    registry = Registry(make_plugin_manager(installed=False))
    with pytest.raises(RecipeError, match=r"other.yaml:\d+: 'license_name' must be non-empty"):
        load_recipe(_recipe(tmp_path, "license_name: [a, b]\n"), registry)
