"""``zhiling publish``: a finished release sent to a release target by name."""

from __future__ import annotations

import pytest

from zhiling import RecipeError, ReleaseError
from zhiling.cli import main
from zhiling.manager import make_plugin_manager
from zhiling.publish import publish_release, read_manifest

TOKEN = "hf_zhilingDummyToken4Tests0123456789"  # the conftest's dummy token

pytestmark = pytest.mark.filterwarnings(
    "ignore:Use 'content=<...>' to upload raw bytes:DeprecationWarning"
)


def test_the_cli_publishes_once_and_then_refuses(quickstart_release, hub, capsys):
    assert main(["publish", str(quickstart_release), "--repo", "someone/quick"]) == 0
    out = capsys.readouterr().out
    repo = hub.repos["someone/quick"]
    assert (
        out
        == f"published: {hub.url}/datasets/someone/quick@v0.1.0 (commit {repo.tags['v0.1.0']})\n"
    )

    assert main(["publish", str(quickstart_release), "--repo", "someone/quick"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("Error: someone/quick already has tag v0.1.0")
    assert TOKEN not in captured.out + captured.err


def test_private_repos_are_created_private(quickstart_release, hub):
    main(["publish", str(quickstart_release), "--repo", "someone/hidden", "--private"])
    assert hub.repos["someone/hidden"].private


def test_a_folder_that_is_no_release_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(ReleaseError, match="not a zhiling manifest"):
        read_manifest(tmp_path)
    with pytest.raises(ReleaseError, match="cannot read the release manifest"):
        read_manifest(tmp_path / "missing")


def test_an_unknown_target_names_the_known_ones(quickstart_release):
    with pytest.raises(RecipeError, match="hub"):
        publish_release(quickstart_release, "hubb", {}, pm=make_plugin_manager(installed=False))
