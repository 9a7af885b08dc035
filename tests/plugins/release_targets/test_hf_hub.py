"""The hub target, run with the real huggingface_hub and datasets clients against a stand-in.

The stand-in (``tests/hub_server.py``) proves the request sequences of the
real clients; the opt-in test at the end runs against the real Hub.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from zhiling import ReleaseError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.release_targets.hf_hub import HubTarget, register_release_targets
from zhiling.release_files import checksums
from zhiling.run import run_recipe

REPO_ROOT = Path(__file__).resolve().parents[3]
TOKEN = "hf_zhilingDummyToken4Tests0123456789"  # the conftest's dummy token

# huggingface_hub 2.4 uploads LFS objects with httpx2's deprecated ``data=`` argument.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Use 'content=<...>' to upload raw bytes:DeprecationWarning"
)


def manifest_of(release: Path) -> dict:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))


def publish(release: Path, repo: str = "zhiling/quickstart") -> str:
    return HubTarget(repo=repo).publish(release, manifest_of(release))


def with_version(release: Path, version: str, target: Path) -> Path:
    """Return a copy of ``release`` whose manifest claims another version."""
    copy = Path(shutil.copytree(release, target))
    manifest = manifest_of(copy)
    manifest["version"] = version
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def files_containing(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_publish_makes_one_tagged_commit_that_load_dataset_reads(
    quickstart_release, hub, tmp_path, caplog, capsys
):
    import datasets

    caplog.set_level(logging.DEBUG)
    destination = publish(quickstart_release)

    repo = hub.repos["zhiling/quickstart"]
    head = repo.commits[repo.branches["main"]]
    assert [c.parent for c in repo.commits.values()].count(None) == 1
    assert len(repo.commits) == 2, "the creation commit plus exactly one release commit"
    assert repo.tags == {"v0.1.0": head.sha}
    assert head.sha in destination
    released = {
        p.relative_to(quickstart_release).as_posix(): p.read_bytes()
        for p in quickstart_release.rglob("*")
        if p.is_file()
    }
    assert {k: v for k, v in head.files.items() if k != ".gitattributes"} == released
    assert {p for p in released if p.endswith(".parquet")} <= head.lfs
    writes = [path for method, path in hub.requests if method in ("POST", "PUT")]
    assert sum(path.endswith("/commit/main") for path in writes) == 1
    assert "/api/validate-yaml" in writes

    loaded = datasets.load_dataset(
        "zhiling/quickstart", "zh", revision="v0.1.0", cache_dir=str(tmp_path / "cache")
    )
    for split in ("train", "validation", "test"):
        local = pq.read_table(quickstart_release / "zh" / f"{split}-00000-of-00001.parquet")
        assert loaded[split]["id"] == local.column("id").to_pylist()
        assert loaded[split]["output"] == local.column("output").to_pylist()

    out, err = capsys.readouterr()
    assert TOKEN not in caplog.text + out + err
    assert not files_containing(tmp_path, TOKEN)
    assert not files_containing(quickstart_release, TOKEN)


def test_a_published_version_is_never_moved_or_overwritten(quickstart_release, hub, tmp_path):
    publish(quickstart_release)
    repo = hub.repos["zhiling/quickstart"]
    before = (dict(repo.tags), dict(repo.branches), len(repo.commits))

    with pytest.raises(ReleaseError, match=r"already has tag v0\.1\.0.*never moved"):
        publish(quickstart_release)
    assert (repo.tags, repo.branches, len(repo.commits)) == before

    publish(with_version(quickstart_release, "0.2.0", tmp_path / "v2"))
    assert len(repo.commits) == 3
    assert repo.tags["v0.1.0"] == before[0]["v0.1.0"]
    assert repo.tags["v0.2.0"] == repo.branches["main"] != repo.tags["v0.1.0"]


def test_a_tag_created_meanwhile_is_a_refusal_not_a_move(quickstart_release, hub):
    publish(quickstart_release, repo="zhiling/other")
    other = hub.repos["zhiling/other"]
    target = HubTarget(repo="zhiling/raced")
    # Another publisher tags v0.1.0 between our check and our tag.
    original = hub.routes
    hub.routes = [
        (m, p, _tag_first(hub, f)) if "preupload" in p.pattern else (m, p, f)
        for m, p, f in original
    ]
    with pytest.raises(ReleaseError, match=r"already has tag v0\.1\.0"):
        target.publish(quickstart_release, manifest_of(quickstart_release))
    raced = hub.repos["zhiling/raced"]
    assert raced.tags == {"v0.1.0": "f" * 40}
    assert other.tags["v0.1.0"] in other.commits


def _tag_first(hub, action):
    def wrapped(repo, **kwargs):
        hub.repos[repo].tags.setdefault("v0.1.0", "f" * 40)
        return action(repo=repo, **kwargs)

    return wrapped


def test_dropped_records_stay_local(release_copy, hub):
    (release_copy / "dropped").mkdir()
    (release_copy / "dropped" / "dropped.jsonl").write_text('{"reason": "x"}\n', "utf-8")
    publish(release_copy)
    repo = hub.repos["zhiling/quickstart"]
    files = repo.commits[repo.branches["main"]].files
    assert "manifest.json" in files
    assert not [path for path in files if path.startswith("dropped/")]


def test_a_bad_card_is_refused_before_anything_is_sent(release_copy, hub):
    readme = release_copy / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("license: cc0-1.0", "license: not-a-licence"),
        encoding="utf-8",
    )
    # As if the release had been built with this card: its checksum is the recorded one.
    manifest_path = release_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["checksums"] = checksums(release_copy)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ReleaseError, match="not-a-licence"):
        publish(release_copy)
    assert hub.requests == []


def test_errors_are_scrubbed_of_the_token(quickstart_release, hub, caplog):
    caplog.set_level(logging.DEBUG)
    hub.token = "hf_theServerWantsAnotherToken123"
    with pytest.raises(ReleaseError, match="could not create the repo") as error:
        publish(quickstart_release)
    message = str(error.value)
    assert "Invalid credentials in Authorization header: Bearer ***" in message
    assert TOKEN not in message
    assert TOKEN not in caplog.text
    assert error.value.__cause__ is None
    assert error.value.__context__ is None


def test_no_token_is_a_clear_error(quickstart_release, hub, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")
    with pytest.raises(ReleaseError, match="set HF_TOKEN or run 'hf auth login'"):
        publish(quickstart_release)
    assert hub.requests == []


def test_recipe_hub_target_publishes_while_building(hub, tmp_path, monkeypatch):
    recipe = yaml.safe_load((REPO_ROOT / "recipes" / "quickstart.yaml").read_text("utf-8"))
    for source in recipe["sources"]:
        source["paths"] = [str(REPO_ROOT / "recipes" / p) for p in source["paths"]]
    recipe["targets"] = [{"publish": "hub", "repo": "zhiling/from-recipe", "private": True}]
    path = tmp_path / "quickstart.yaml"
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = run_recipe(path, pm=make_plugin_manager(installed=False))

    repo = hub.repos["zhiling/from-recipe"]
    assert repo.private
    assert repo.tags == {"v0.1.0": repo.branches["main"]}
    assert result.destinations == [
        f"{hub.url}/datasets/zhiling/from-recipe@v0.1.0 (commit {repo.branches['main']})"
    ]


def test_repo_must_name_a_namespace():
    with pytest.raises(ReleaseError, match="NAMESPACE/NAME"):
        HubTarget(repo="quickstart")


def test_registers_its_recipe_name():
    registered = {}
    register_release_targets(register=registered.__setitem__)
    assert registered == {"hub": HubTarget}


@pytest.mark.skipif(
    not (os.environ.get("ZHILING_HUB_TOKEN") and os.environ.get("ZHILING_HUB_NAMESPACE")),
    reason="set ZHILING_HUB_TOKEN and ZHILING_HUB_NAMESPACE to publish to the real Hub",
)
def test_publish_to_the_real_hub(quickstart_release, tmp_path, monkeypatch):
    import datasets
    from huggingface_hub import HfApi

    token = os.environ["ZHILING_HUB_TOKEN"]
    monkeypatch.setenv("HF_TOKEN", token)
    repo = f"{os.environ['ZHILING_HUB_NAMESPACE']}/zhiling-test-{uuid.uuid4().hex[:12]}"
    api = HfApi(token=token)
    try:
        HubTarget(repo=repo, private=True).publish(
            quickstart_release, manifest_of(quickstart_release)
        )
        refs = api.list_repo_refs(repo, repo_type="dataset")
        main = next(b.target_commit for b in refs.branches if b.name == "main")
        assert {t.name: t.target_commit for t in refs.tags} == {"v0.1.0": main}
        with pytest.raises(ReleaseError, match="already has tag"):
            HubTarget(repo=repo).publish(quickstart_release, manifest_of(quickstart_release))
        loaded = datasets.load_dataset(
            repo, "zh", revision="v0.1.0", split="train", cache_dir=str(tmp_path), token=token
        )
        local = pq.read_table(quickstart_release / "zh" / "train-00000-of-00001.parquet")
        assert loaded["id"] == local.column("id").to_pylist()
    finally:
        api.delete_repo(repo, repo_type="dataset", missing_ok=True)
